import fs from 'node:fs';
import path from 'node:path';
import mongoose from 'mongoose';
import { startEmbeddedMongo } from './embedded';
import { logger } from '../shared/logger';

/** The database the app uses on the embedded server (a real MongoDB names it in MONGODB_URI). */
export const EMBEDDED_DB_NAME = 'municipal_oa';

export interface DatabaseHandle {
  /** True when the embedded server is in use (no MONGODB_URI). */
  embedded: boolean;
  /** The embedded server's address (admin commands connect to it while the server runs); unset otherwise. */
  uri?: string;
  close(): Promise<void>;
}

/**
 * Connects mongoose to MONGODB_URI, or, when it is not set, starts the embedded
 * MongoDB-compatible server on a file under the data directory (a restart loses nothing).
 */
export async function connectDatabase(options: { mongodbUri?: string; dataDir: string; dbName?: string }): Promise<DatabaseHandle> {
  mongoose.set('strictQuery', true);
  if (options.mongodbUri) {
    await mongoose.connect(options.mongodbUri, { serverSelectionTimeoutMS: 10_000 });
    logger.info('connected to MongoDB');
    return { embedded: false, close: () => mongoose.disconnect() };
  }
  fs.mkdirSync(options.dataDir, { recursive: true });
  const dataFile = path.join(options.dataDir, 'embedded-db.bson');
  const server = await startEmbeddedMongo({ dataFile, logger });
  await mongoose.connect(server.uri, { dbName: options.dbName ?? EMBEDDED_DB_NAME });
  logger.info({ dataFile }, 'using the embedded MongoDB-compatible store (set MONGODB_URI for a real MongoDB)');
  return {
    embedded: true,
    uri: server.uri,
    close: async () => {
      await mongoose.disconnect();
      await server.stop();
    },
  };
}
