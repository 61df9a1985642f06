import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createApp } from './app';
import { ConfigError, loadConfig, loadDotEnv, type AppConfig } from './config';
import { connectDatabase } from './db/connection';
import { features } from './features';
import { mountLocalMode, startLocalLineApi } from './local-mode';
import { LineClient, setLineClient } from './line/line-client';
import { createRuntime } from './runtime';
import { publishServerAddress } from './admin/server-address';
import { errorText, logger, setLogLevel } from './shared/logger';

const SHUTDOWN_LIMIT_MS = 10_000;
const LOOPBACK = new Set(['127.0.0.1', '::1', 'localhost']);

function readConfig(): AppConfig {
  try {
    return loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n`);
      process.exit(1);
    }
    throw err;
  }
}

/** Local mode has no authentication anywhere: say so loudly when it is not on a developer's machine. */
function warnAboutLocalMode(config: AppConfig): void {
  logger.info('local mode: no LINE credentials, so LINE calls go to the built-in fake LINE API and the simulator');
  if (config.env === 'production' || config.mongodbUri) {
    logger.warn('local mode was turned on with LOCAL_MODE=true: public demo credentials and encryption key, never for real citizens');
  }
  if (config.host && !LOOPBACK.has(config.host)) {
    logger.warn({ host: config.host }, 'local mode on a non-loopback HOST: anyone who reaches this port can use the unauthenticated simulator');
  }
}

/** The address a browser on this machine uses to reach the server. */
function localUrl(address: AddressInfo): string {
  const anyInterface = address.address === '0.0.0.0' || address.address === '::';
  const host = anyInterface ? 'localhost' : address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return `http://${host}:${address.port}`;
}

async function main(): Promise<void> {
  loadDotEnv();
  const config = readConfig();
  setLogLevel(config.logLevel);
  if (config.localMode) warnAboutLocalMode(config);
  const localLine = config.localMode ? await startLocalLineApi(config) : undefined;
  const localBase = localLine?.url;
  setLineClient(
    new LineClient({
      channelAccessToken: config.line.channelAccessToken,
      apiBaseUrl: config.line.apiBaseUrl ?? localBase,
      dataApiBaseUrl: config.line.dataApiBaseUrl ?? localBase,
    }),
  );

  const database = await connectDatabase({ mongodbUri: config.mongodbUri, dataDir: config.dataDir });
  const runtime = createRuntime(config, features);
  if (config.demoData) {
    for (const feature of features) await feature.loadDemoData?.();
    logger.info('demo municipality data loaded where missing');
  }
  const app = createApp(runtime, config.localMode ? (a) => mountLocalMode(a, config) : undefined);
  const server = http.createServer(app);
  await new Promise<void>((resolve) => server.listen({ port: config.port, host: config.host }, resolve));
  runtime.processor.start();
  runtime.scheduler.start();
  const address = server.address() as AddressInfo;
  const here = localUrl(address);
  logger.info({ port: address.port, host: address.address }, `listening: webhook at ${config.publicBaseUrl ?? here}/webhook`);
  // Admin commands reach this server's embedded database and fake LINE API through this file.
  const unpublish = database.embedded || localLine ? publishServerAddress(config.dataDir, { mongoUri: database.uri, lineApiUrl: localLine?.url }) : undefined;
  if (localLine) {
    logger.info(`simulator: open ${here}/simulator in a browser`);
    // Plainly as well: a newcomer reads this line whatever LOG_LEVEL says.
    process.stdout.write(`\nLocal mode: open ${here}/simulator in a browser to chat with the bot.\n\n`);
  }

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    const force = setTimeout(() => {
      logger.error('shutdown took too long, exiting');
      process.exit(1);
    }, SHUTDOWN_LIMIT_MS);
    force.unref();
    server.close();
    server.closeIdleConnections();
    await runtime.processor.stop();
    await runtime.scheduler.stop();
    unpublish?.();
    await database.close();
    await localLine?.close();
    clearTimeout(force);
    process.exit(0);
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
}

main().catch((err: unknown) => {
  logger.fatal({ err: errorText(err) }, 'failed to start');
  process.exit(1);
});
