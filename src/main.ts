import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { createApp } from './app';
import { ConfigError, loadConfig, type AppConfig } from './config';
import { connectDatabase } from './db/connection';
import { features } from './features';
import { mountLocalMode, startLocalLineApi } from './local-mode';
import { LineClient, setLineClient } from './line/line-client';
import { createRuntime } from './runtime';
import { LOCAL_MODE_FILE } from './admin/admin-connection';
import { logger, setLogLevel } from './shared/logger';

const SHUTDOWN_LIMIT_MS = 10_000;

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

async function main(): Promise<void> {
  const config = readConfig();
  setLogLevel(config.logLevel);
  const localLine = config.localMode ? await startLocalLineApi(config) : undefined;
  if (localLine) logger.info('local mode: no LINE credentials, so LINE calls go to the built-in fake LINE API and the simulator');
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
  await new Promise<void>((resolve) => server.listen(config.port, resolve));
  runtime.processor.start();
  runtime.scheduler.start();
  const port = (server.address() as AddressInfo).port;
  const base = config.publicBaseUrl ?? `http://localhost:${port}`;
  logger.info({ port }, `listening: webhook at ${base}/webhook`);
  const localModeFile = path.join(config.dataDir, LOCAL_MODE_FILE);
  if (localLine) {
    // Admin commands (menus, config, officers) find this instance's fake LINE API and database here.
    fs.writeFileSync(localModeFile, JSON.stringify({ lineApiUrl: localLine.url, mongoUri: database.uri, pid: process.pid }));
    logger.info(`simulator: open ${base}/simulator in a browser`);
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
    await database.close();
    await localLine?.close();
    if (localLine) fs.rmSync(localModeFile, { force: true });
    clearTimeout(force);
    process.exit(0);
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
}

main().catch((err: unknown) => {
  logger.fatal({ err: err instanceof Error ? err.message : String(err) }, 'failed to start');
  process.exit(1);
});
