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
  /** How often TTL indexes are swept, in ms (MongoDB: 60 s; default here 1 s). */
  ttlSweepMs?: number;
  /** Journal size that triggers a compaction into the snapshot (default 64 MB). */
  compactAtBytes?: number;
}

/** A running embedded server. */
export interface EmbeddedMongo {
  /** `mongodb://127.0.0.1:PORT/`: append a database name or pass `dbName` to mongoose. */
  uri: string;
  port: number;
  /** Closes the listener and connections and flushes the journal. */
  stop(): Promise<void>;
}

/**
 * Starts the embedded MongoDB-compatible server (wire protocol over loopback, for the real driver
 * and mongoose). With a dataFile, the data survives restarts; see persistence.ts.
 */
export async function startEmbeddedMongo(options: EmbeddedMongoOptions = {}): Promise<EmbeddedMongo> {
  const logger = options.logger ?? silentLogger;
  const store = new Store();
  const persistence = options.dataFile ? new Persistence(options.dataFile, store, logger, options.compactAtBytes) : null;
  persistence?.open();
  const flush = (): void => persistence?.flush();
  const wire = new WireServer(store, logger, flush);
  const port = await wire.listen(options.port ?? 0);
  const sweep = setInterval(() => {
    try {
      if (sweepExpired(store) > 0) flush();
    } catch (err) {
      logger.error({ err }, 'embedded MongoDB: TTL sweep failed');
    }
  }, options.ttlSweepMs ?? 1000);
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
      persistence?.close();
    },
  };
}
