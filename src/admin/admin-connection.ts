import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import mongoose from 'mongoose';
import { z } from 'zod';
import type { AppConfig } from '../config';
import { connectDatabase, type DatabaseHandle } from '../db/connection';
import { LineClient, setLineClient } from '../line/line-client';

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
 * What a running `npm start` in local mode may leave in the data directory so admin commands
 * reach the same fake LINE API and embedded database (see the lead's note in the menus report).
 */
export const LOCAL_MODE_FILE = 'local-mode.json';
const localModeSchema = z.object({ lineApiUrl: z.string().url(), mongoUri: z.string().startsWith('mongodb://').optional(), pid: z.number().int().optional() });

function isRunning(pid: number | undefined): boolean {
  if (pid === undefined) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** The running local server's addresses, if it left them and is still alive. */
export function readLocalMode(dataDir: string): z.infer<typeof localModeSchema> | undefined {
  const file = path.join(dataDir, LOCAL_MODE_FILE);
  if (!fs.existsSync(file)) return undefined;
  const parsed = localModeSchema.safeParse(JSON.parse(fs.readFileSync(file, 'utf8')));
  return parsed.success && isRunning(parsed.data.pid) ? parsed.data : undefined;
}

/**
 * Sets the process-wide LINE client for an admin command. A real channel uses its credentials
 * (and LINE_API_BASE_URL if set); local mode needs the fake LINE API of a running `npm start`
 * (found through data/local-mode.json) or LINE_API_BASE_URL pointing at one.
 */
export function configureAdminLine(config: AppConfig): LineClient {
  let apiBaseUrl = config.line.apiBaseUrl;
  let dataApiBaseUrl = config.line.dataApiBaseUrl ?? apiBaseUrl;
  if (config.localMode && !apiBaseUrl) {
    const local = readLocalMode(config.dataDir);
    if (!local) {
      throw new AdminError(
        'local mode (no LINE_CHANNEL_ACCESS_TOKEN): start the server with `npm start` first so its fake LINE API is running, or set LINE_API_BASE_URL to a LINE API (a real channel needs LINE_CHANNEL_SECRET and LINE_CHANNEL_ACCESS_TOKEN)',
      );
    }
    apiBaseUrl = local.lineApiUrl;
    dataApiBaseUrl = local.lineApiUrl;
  }
  const client = new LineClient({ channelAccessToken: config.line.channelAccessToken, apiBaseUrl, dataApiBaseUrl });
  setLineClient(client);
  return client;
}

/**
 * Connects mongoose for an admin command: MONGODB_URI; else the embedded database of a running
 * local server (data/local-mode.json); else the embedded store's file under DATA_DIR.
 */
export async function connectAdminDatabase(config: AppConfig): Promise<DatabaseHandle> {
  if (!config.mongodbUri) {
    const local = readLocalMode(config.dataDir);
    if (local?.mongoUri) {
      await mongoose.connect(local.mongoUri, { dbName: 'municipal_oa', serverSelectionTimeoutMS: 5000 });
      return { embedded: true, close: () => mongoose.disconnect() };
    }
  }
  return connectDatabase({ mongodbUri: config.mongodbUri, dataDir: config.dataDir });
}
