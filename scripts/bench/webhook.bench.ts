/**
 * npm run bench:webhook
 *
 * The real app (webhook, event store, processor, dispatcher, every feature) on loopback, the
 * embedded database in a child process with a data file, LINE answered by the fake LINE API.
 * 1. Ack: autocannon posts signed deliveries (one unique event each, from many users) at 100
 *    connections; latency p50/p99 and acknowledged events/s.
 * 2. Processing: a burst of events, timed from the first POST until every reply reached the
 *    fake LINE API: events/s fully processed.
 * Targets (2-core machine): p99 ack < 50 ms, >= 1,000 events/s acknowledged, >= 300 processed.
 */
import { createHmac, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import express from 'express';
import mongoose from 'mongoose';
import { createApp } from '../../src/app';
import { loadConfig } from '../../src/config';
import { features } from '../../src/features';
import { createFakeLineApi } from '../../src/line/fake/fake-line-api';
import { LineClient, setLineClient } from '../../src/line/line-client';
import { WebhookEventModel } from '../../src/line/webhook-event.model';
import { createRuntime } from '../../src/runtime';
import { startEmbeddedChild } from './embedded-child';

const SECRET = 'bench-channel-secret';
const TOKEN = 'bench-access-token';
const CONNECTIONS = 100;
const ACK_SECONDS = 10;
const BURST_EVENTS = 3000;
const USERS = 500;

let sequence = 0;
function signedDelivery(): { body: string; signature: string } {
  sequence += 1;
  const userId = `Ubench${sequence % USERS}`;
  const event = {
    type: 'message',
    mode: 'active',
    timestamp: Date.now(),
    source: { type: 'user', userId },
    webhookEventId: `01BENCH${String(sequence).padStart(12, '0')}${randomUUID().slice(0, 7)}`,
    deliveryContext: { isRedelivery: false },
    replyToken: randomUUID(),
    message: { type: 'text', id: String(sequence), text: 'ช่วยเหลือ', quoteToken: 'q' },
  };
  const body = JSON.stringify({ destination: 'Ubench', events: [event] });
  return { body, signature: createHmac('sha256', SECRET).update(body).digest('base64') };
}

function listen(app: express.Express): Promise<http.Server> {
  return new Promise((resolve) => {
    const server = http.createServer(app);
    server.keepAliveTimeout = 60_000;
    server.listen(0, '127.0.0.1', () => resolve(server));
  });
}
const portOf = (s: http.Server) => (s.address() as AddressInfo).port;

async function waitUntil(check: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('timed out waiting for processing');
    await new Promise((r) => setTimeout(r, 20));
  }
}

async function main(): Promise<void> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-webhook-'));
  const db = await startEmbeddedChild(path.join(dataDir, 'db.bson'));
  await mongoose.connect(db.uri, { dbName: 'bench', maxPoolSize: 50 });

  const fakeApp = express();
  const fake = createFakeLineApi({ channelAccessToken: TOKEN });
  fakeApp.use(fake.router);
  const fakeServer = await listen(fakeApp);
  const fakeUrl = `http://127.0.0.1:${portOf(fakeServer)}`;
  setLineClient(new LineClient({ channelAccessToken: TOKEN, apiBaseUrl: fakeUrl, dataApiBaseUrl: fakeUrl }));

  const config = loadConfig({ LINE_CHANNEL_SECRET: SECRET, LINE_CHANNEL_ACCESS_TOKEN: TOKEN, LINE_API_BASE_URL: fakeUrl, LINE_DATA_API_BASE_URL: fakeUrl, LOG_LEVEL: 'silent', DATA_ENCRYPTION_KEY: Buffer.alloc(32, 9).toString('base64') });
  const runtime = createRuntime(config, features, { concurrency: 32 });
  for (const feature of features) await feature.loadDemoData?.();
  await Promise.all(mongoose.modelNames().map((name) => mongoose.model(name).init()));
  const server = await listen(createApp(runtime));
  const url = `http://127.0.0.1:${portOf(server)}/webhook`;
  runtime.processor.start();

  // 1. Acknowledgement latency and throughput at 100 connections.
  const ack = await autocannon({
    url,
    method: 'POST',
    connections: CONNECTIONS,
    duration: ACK_SECONDS,
    headers: { 'content-type': 'application/json' },
    requests: [
      {
        setupRequest: (req) => {
          const { body, signature } = signedDelivery();
          return { ...req, body, headers: { ...req.headers, 'x-line-signature': signature } };
        },
      },
    ],
  });
  const acked = ack['2xx'];
  const ackFigures = { p50Ms: ack.latency.p50, p99Ms: ack.latency.p99, maxMs: ack.latency.max, ackedPerSec: Math.round(acked / ACK_SECONDS), non2xx: ack.non2xx, errors: ack.errors };
  console.log('ack (100 connections):', ackFigures);

  // Let the backlog of phase 1 finish before timing phase 2.
  await waitUntil(async () => (await WebhookEventModel.countDocuments({ status: 'pending' })) === 0, 600_000);
  const repliesBefore = fake.state.callsOf('reply').length;

  // 2. Fully processed: a burst, timed until every reply was sent.
  const started = Date.now();
  const bodies = Array.from({ length: BURST_EVENTS }, signedDelivery);
  let next = 0;
  await Promise.all(
    Array.from({ length: 50 }, async () => {
      while (next < bodies.length) {
        const { body, signature } = bodies[next++];
        const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', 'x-line-signature': signature }, body });
        if (res.status !== 200) throw new Error(`webhook answered ${res.status}`);
      }
    }),
  );
  await waitUntil(async () => fake.state.callsOf('reply').length - repliesBefore >= BURST_EVENTS, 600_000);
  const seconds = (Date.now() - started) / 1000;
  const processed = { events: BURST_EVENTS, seconds: Number(seconds.toFixed(2)), processedPerSec: Math.round(BURST_EVENTS / seconds) };
  console.log('processed (reply sent):', processed);

  const results = { ...ackFigures, ...processed, targets: { p99MsBelow: 50, ackedPerSecAtLeast: 1000, processedPerSecAtLeast: 300 } };
  console.log(JSON.stringify(results));

  await runtime.processor.stop();
  await runtime.scheduler.stop();
  server.closeAllConnections();
  server.close();
  fakeServer.closeAllConnections();
  fakeServer.close();
  await mongoose.disconnect();
  await db.stop();
  fs.rmSync(dataDir, { recursive: true, force: true });
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
