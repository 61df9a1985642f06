import { randomBytes } from 'node:crypto';
import mongoose from 'mongoose';
import { startEmbeddedMongo, type EmbeddedMongo } from '../../src/db/embedded';

/** True when the suite runs against a real MongoDB (MONGODB_URI set) rather than the embedded server. */
export const onRealMongo = Boolean(process.env.MONGODB_URI);

/**
 * Starts (once per test file) the embedded server unless MONGODB_URI is set, connects mongoose to a
 * fresh uniquely-named database, and returns helpers. Call at the top level of a test file.
 */
export function useTestDatabase(): { uri(): string; dbName(): string; clear(): Promise<void> } {
  let server: EmbeddedMongo | undefined;
  let uri = '';
  // Unique per file and run, so parallel workers and a shared real MongoDB never collide.
  const dbName = `test_${process.pid}_${randomBytes(4).toString('hex')}`;

  beforeAll(async () => {
    if (process.env.MONGODB_URI) uri = process.env.MONGODB_URI;
    else {
      server = await startEmbeddedMongo({ port: 0 });
      uri = server.uri;
    }
    await mongoose.connect(uri, { dbName, serverSelectionTimeoutMS: 10_000 });
  });

  afterAll(async () => {
    if (onRealMongo && mongoose.connection.readyState === 1) await mongoose.connection.dropDatabase();
    await mongoose.disconnect();
    await server?.stop();
  });

  return {
    uri: () => uri,
    dbName: () => dbName,
    clear: async () => {
      const db = mongoose.connection.db;
      if (!db) throw new Error('useTestDatabase: not connected yet (call clear() inside a test or hook)');
      const colls = await db.listCollections({}, { nameOnly: true }).toArray();
      await Promise.all(colls.filter((c) => !c.name.startsWith('system.')).map((c) => db.collection(c.name).deleteMany({})));
    },
  };
}
