import os from 'node:os';
import path from 'node:path';
import mongoose from 'mongoose';
import { loadConfig, loadDotEnv, type AppConfig } from '../config';
import { connectDatabase, EMBEDDED_DB_NAME, type DatabaseHandle } from '../db/connection';
import { LineClient, setLineClient } from '../line/line-client';
import { readServerAddress, SERVER_ADDRESS_FILE } from './server-address';

/**
 * An admin command's configuration, read where the command starts: `.env` of the working
 * directory applies to admin commands as it does to the server (the real environment wins), then
 * the environment is checked. Throws ConfigError as loadConfig does.
 */
export function adminConfig(): AppConfig {
  loadDotEnv();
  return loadConfig();
}

/** A problem an admin command reports in one line and exits on (no stack trace). */
export class AdminError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AdminError';
  }
}

/** Who runs an admin command: ADMIN_USER, or the operating-system user. */
export function adminActor(env: NodeJS.ProcessEnv = process.env): string {
  const fromEnv = env.ADMIN_USER?.trim();
  if (fromEnv) return fromEnv;
  try {
    return os.userInfo().username;
  } catch {
    return 'unknown';
  }
}

/**
 * Sets the process-wide LINE client for an admin command. A real channel uses its credentials
 * (and LINE_API_BASE_URL if set); local mode needs the fake LINE API of a running `npm start`
 * (found through its server address file) or LINE_API_BASE_URL pointing at one.
 */
export function configureAdminLine(config: AppConfig): LineClient {
  const client = configureAdminLineIfReachable(config);
  if (!client) {
    throw new AdminError(
      'local mode (no LINE_CHANNEL_ACCESS_TOKEN): start the server with `npm start` first so its fake LINE API is running, or set LINE_API_BASE_URL to a LINE API (a real channel needs LINE_CHANNEL_SECRET and LINE_CHANNEL_ACCESS_TOKEN)',
    );
  }
  return client;
}

/**
 * As configureAdminLine, but undefined in local mode when no server is running: then nobody
 * holds the fake LINE API's state (menu links), so there is nothing to update on "LINE".
 */
export function configureAdminLineIfReachable(config: AppConfig): LineClient | undefined {
  let apiBaseUrl = config.line.apiBaseUrl;
  let dataApiBaseUrl = config.line.dataApiBaseUrl ?? apiBaseUrl;
  if (config.localMode && !apiBaseUrl) {
    const local = readServerAddress(config.dataDir)?.lineApiUrl;
    if (!local) return undefined;
    apiBaseUrl = local;
    dataApiBaseUrl = local;
  }
  const client = new LineClient({ channelAccessToken: config.line.channelAccessToken, apiBaseUrl, dataApiBaseUrl });
  setLineClient(client);
  return client;
}

/**
 * Connects mongoose for an admin command: MONGODB_URI; else the embedded database of the server
 * running on this DATA_DIR (only one process may open the store's file); else, when no server
 * runs, the embedded store's file itself.
 */
export async function connectAdminDatabase(config: AppConfig): Promise<DatabaseHandle> {
  const server = config.mongodbUri ? undefined : readServerAddress(config.dataDir);
  if (!server?.mongoUri) return connectDatabase({ mongodbUri: config.mongodbUri, dataDir: config.dataDir });
  try {
    await mongoose.connect(server.mongoUri, { dbName: EMBEDDED_DB_NAME, serverSelectionTimeoutMS: 5000 });
  } catch {
    throw new AdminError(
      `the server running on ${config.dataDir} (process ${server.pid}) does not answer at its database address; if no server is running there, delete ${path.join(config.dataDir, SERVER_ADDRESS_FILE)}`,
    );
  }
  return { embedded: true, uri: server.mongoUri, close: () => mongoose.disconnect() };
}
