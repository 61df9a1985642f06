import { DataFileLock } from './lock';
import { Persistence } from './persistence';
import { silentLogger, type EmbeddedLogger } from './logger';
import { WireServer } from './server';
import { Store } from './storage';
import { sweepExpired } from './ttl';

export type { EmbeddedLogger } from './logger';

/** Options of startEmbeddedMongo. */
export interface EmbeddedMongoOptions {
  /** Keep the data in this file (plus `<file>.journal`); without it the data lives in memory only. */
  dataFile?: string;
  /** TCP port on 127.0.0.1; 0 or undefined picks a free one. */
  port?: number;
  /** pino-compatible; silent by default. */
  logger?: EmbeddedLogger;
  /** How often TTL indexes are swept, in ms (default 60 s, as MongoDB's TTL monitor). Reads hide expired documents meanwhile. */
  ttlSweepMs?: number;
  /** Journal size that triggers a compaction into the snapshot (default 64 MB). */
  compactAtBytes?: number;
}

/** A running embedded server. */
export interface EmbeddedMongo {
  /** `mongodb://127.0.0.1:PORT/`: append a database name or pass `dbName` to mongoose. */
  uri: string;
  port: number;
  /** Closes the listener and connections, flushes the journal and releases the data file. */
  stop(): Promise<void>;
}

const DEFAULT_TTL_SWEEP_MS = 60_000;

/**
 * Starts the embedded MongoDB-compatible server (wire protocol over loopback, for the real driver
 * and mongoose). With a dataFile, the data survives restarts (see persistence.ts) and the file is
 * locked: a second server on the same file refuses to start, naming the process that holds it.
 */
export async function startEmbeddedMongo(options: EmbeddedMongoOptions = {}): Promise<EmbeddedMongo> {
  const logger = options.logger ?? silentLogger;
  const store = new Store();
  const lock = options.dataFile ? new DataFileLock(options.dataFile, logger) : null;
  lock?.acquire();
  let persistence: Persistence | null = null;
  let wire: WireServer;
  let port: number;
  try {
    persistence = options.dataFile ? new Persistence(options.dataFile, store, logger, options.compactAtBytes) : null;
    persistence?.open();
    wire = new WireServer(store, logger, () => persistence?.flush());
    port = await wire.listen(options.port ?? 0);
  } catch (err) {
    persistence?.close();
    lock?.release();
    throw err;
  }
  const sweep = setInterval(() => {
    try {
      if (sweepExpired(store) > 0) persistence?.flush();
    } catch (err) {
      logger.error({ err }, 'embedded MongoDB: TTL sweep failed');
    }
  }, options.ttlSweepMs ?? DEFAULT_TTL_SWEEP_MS);
  sweep.unref();
  let stopped = false;
  return {
    uri: `mongodb://127.0.0.1:${port}/`,
    port,
    stop: async () => {
      if (stopped) return;
      stopped = true;
      clearInterval(sweep);
      await wire.close();
      try {
        persistence?.close();
      } finally {
        lock?.release();
      }
    },
  };
}
