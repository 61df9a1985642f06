import type { Document } from 'bson';
import type { CommandHandler } from './context';

/** Wire version 21 is MongoDB 7.0: inside what the mongodb 7.x driver accepts (9..29). */
const MAX_WIRE_VERSION = 21;
const startedAt = Date.now();

/**
 * A standalone server. logicalSessionTimeoutMinutes is announced so that code using explicit
 * sessions works (lsid is accepted and ignored); without setName the driver never uses retryable
 * writes, and transactions are refused (see server.ts) as a real standalone refuses them.
 * No topologyVersion: the driver's monitor then polls instead of streaming awaitable hellos.
 */
const hello: CommandHandler = (cmd, ctx) => {
  const reply: Document = {
    isWritablePrimary: true,
    maxBsonObjectSize: 16 * 1024 * 1024,
    maxMessageSizeBytes: 48_000_000,
    maxWriteBatchSize: 100_000,
    localTime: new Date(),
    logicalSessionTimeoutMinutes: 30,
    connectionId: ctx.connectionId,
    minWireVersion: 0,
    maxWireVersion: MAX_WIRE_VERSION,
    readOnly: false,
    ok: 1,
  };
  if (cmd.helloOk) reply.helloOk = true;
  if (!('hello' in cmd)) reply.ismaster = true;
  return reply;
};

const buildInfo: CommandHandler = () => ({
  version: '7.0.0',
  gitVersion: 'embedded',
  versionArray: [7, 0, 0, 0],
  bits: 64,
  debug: false,
  maxBsonObjectSize: 16 * 1024 * 1024,
  storageEngines: ['embedded'],
  modules: [],
  ok: 1,
});

/** Handshake and diagnostics commands. */
export const handshakeCommands: Record<string, CommandHandler> = {
  hello,
  isMaster: hello,
  ismaster: hello,
  ping: () => ({ ok: 1 }),
  buildInfo,
  buildinfo: buildInfo,
  getParameter: (cmd) => (cmd.featureCompatibilityVersion ? { featureCompatibilityVersion: { version: '7.0' }, ok: 1 } : { ok: 1 }),
  endSessions: () => ({ ok: 1 }),
  killAllSessions: () => ({ ok: 1 }),
  getLastError: () => ({ n: 0, err: null, ok: 1 }),
  connectionStatus: () => ({ authInfo: { authenticatedUsers: [], authenticatedUserRoles: [] }, ok: 1 }),
  hostInfo: () => ({ system: { currentTime: new Date(), hostname: '127.0.0.1' }, os: { type: process.platform }, extra: {}, ok: 1 }),
  serverStatus: (_cmd, ctx) => ({
    host: '127.0.0.1',
    version: '7.0.0',
    process: 'embedded',
    uptime: Math.floor((Date.now() - startedAt) / 1000),
    localTime: new Date(),
    connections: { current: ctx.connectionId },
    // Documents examined by queries, as MongoDB counts them: shows whether a query used an index.
    metrics: { queryExecutor: { scannedObjects: ctx.store.stats.scannedObjects } },
    ok: 1,
  }),
};
