/**
 * npm run bench:webhook
 *
 * Each part in its own process, as deployed: the app (src/main.ts, every feature, demo data),
 * the embedded database (child process, with a data file), the load generator (child process)
 * and "LINE" (the fake LINE API, in this orchestrating process). So the app's event loop does
 * only the app's work.
 * 1. Ack: autocannon posts signed deliveries (one unique event each, from 500 users) at 100
 *    connections for 10 s while the app processes them: latency p50/p99, events/s acknowledged.
 * 2. Processing: a burst of 3,000 events, timed from the first POST until every reply reached
 *    the fake LINE API: events/s fully processed.
 * 3. Steady load: the same 100 connections held to 200 deliveries/s in all, below what the app
 *    fully processes, for 10 s: ack latency p50/p99 when nothing piles up.
 * Targets (2-core machine): p99 ack < 50 ms, >= 1,000 events/s acknowledged, >= 300 processed.
 * In part 1 the connections wait for each answer, so each request queues behind the others:
 * mean latency is about connections / throughput (100 / 1,000 per s = 100 ms). Part 3 shows the
 * latency of the app rather than of that queue.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createHmac, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import autocannon from 'autocannon';
import express from 'express';
import { MongoClient } from 'mongodb';
import { createFakeLineApi } from '../../src/line/fake/fake-line-api';
import { startEmbeddedChild } from './embedded-child';

const SECRET = 'bench-channel-secret';
const TOKEN = 'bench-access-token';
const CONNECTIONS = 100;
const ACK_SECONDS = 10;
const BURST_EVENTS = 3000;
const USERS = 500;
const STEADY_PER_SEC = 200;

let sequence = 0;
const runId = randomUUID().slice(0, 6);

/** One signed delivery with one unique text event. */
function signedDelivery(): { body: string; signature: string } {
  sequence += 1;
  const event = {
    type: 'message',
    mode: 'active',
    timestamp: Date.now(),
    source: { type: 'user', userId: `Ubench${sequence % USERS}` },
    webhookEventId: `01B${runId}${process.pid}${String(sequence).padStart(10, '0')}`,
    deliveryContext: { isRedelivery: false },
    replyToken: randomUUID(),
    message: { type: 'text', id: String(sequence), text: 'ช่วยเหลือ', quoteToken: 'q' },
  };
  const body = JSON.stringify({ destination: 'Ubench', events: [event] });
  return { body, signature: createHmac('sha256', SECRET).update(body).digest('base64') };
}

/** Load generator (child process): `--ack <url>` or `--burst <url>`; prints one JSON line. */
async function generateLoad(mode: string, url: string): Promise<void> {
  if (mode === '--ack' || mode === '--steady') {
    const result = await autocannon({
      url,
      method: 'POST',
      connections: CONNECTIONS,
      duration: ACK_SECONDS,
      ...(mode === '--steady' ? { overallRate: STEADY_PER_SEC } : {}),
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
    const figures = { p50Ms: result.latency.p50, p99Ms: result.latency.p99, maxMs: result.latency.max, acked: result['2xx'], ackedPerSec: Math.round(result['2xx'] / ACK_SECONDS), non2xx: result.non2xx, errors: result.errors };
    process.stdout.write(`${JSON.stringify(figures)}\n`);
    return;
  }
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
  process.stdout.write(`${JSON.stringify({ posted: BURST_EVENTS })}\n`);
}

function runChild(args: string[], env: NodeJS.ProcessEnv = process.env, nodeFlags: string[] = []): { child: ChildProcess; lines: AsyncIterableIterator<string> } {
  const child = spawn(process.execPath, [...nodeFlags, '--import', 'tsx', ...args], { stdio: ['ignore', 'pipe', 'inherit'], env });
  const lines = readline.createInterface({ input: child.stdout! })[Symbol.asyncIterator]();
  return { child, lines };
}

async function load(mode: string, url: string): Promise<Record<string, number>> {
  const { lines } = runChild([__filename, mode, url]);
  const { value } = await lines.next();
  return JSON.parse(value as string) as Record<string, number>;
}

/** Starts the app as `npm start` would, with a real-channel configuration pointing at our fake. */
async function startApp(env: Record<string, string>): Promise<{ child: ChildProcess; url: string }> {
  // BENCH_PROFILE=<dir> writes a CPU profile of the app process there.
  const profile = process.env.BENCH_PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_PROFILE}`] : [];
  const { child, lines } = runChild(['src/main.ts'], { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env }, profile);
  for (;;) {
    const { value, done } = await Promise.race([
      lines.next(),
      new Promise<never>((_, reject) => setTimeout(() => reject(new Error('the app did not start within 60 s')), 60_000)),
    ]);
    if (done) throw new Error('the app exited before listening');
    const line = JSON.parse(value as string) as { msg?: string; port?: number };
    if (line.msg?.startsWith('listening')) {
      // Keep reading the app's output: a full pipe would block its logging.
      void (async () => {
        while (!(await lines.next()).done);
      })();
      return { child, url: `http://127.0.0.1:${line.port}/webhook` };
    }
  }
}

async function waitUntil(check: () => Promise<boolean> | boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('timed out waiting for processing');
    await new Promise((r) => setTimeout(r, 20));
  }
}

async function main(): Promise<void> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-webhook-'));
  const db = await startEmbeddedChild(path.join(dataDir, 'db.bson'));
  const fakeApp = express();
  const fake = createFakeLineApi({ channelAccessToken: TOKEN });
  fakeApp.use(fake.router);
  const fakeServer = http.createServer(fakeApp);
  await new Promise<void>((resolve) => fakeServer.listen(0, '127.0.0.1', resolve));
  const fakeUrl = `http://127.0.0.1:${(fakeServer.address() as AddressInfo).port}`;

  const app = await startApp({
    PORT: '0',
    MONGODB_URI: `${db.uri}bench`,
    LINE_CHANNEL_SECRET: SECRET,
    LINE_CHANNEL_ACCESS_TOKEN: TOKEN,
    LINE_API_BASE_URL: fakeUrl,
    LINE_DATA_API_BASE_URL: fakeUrl,
    DATA_ENCRYPTION_KEY: Buffer.alloc(32, 9).toString('base64'),
    // A real channel needs a public https address (photo links); nothing fetches it here.
    PUBLIC_BASE_URL: 'https://bench.invalid',
    DEMO_DATA: 'true',
    // info: the app logs its port, and one line per delivery (as in production), none per event.
    LOG_LEVEL: 'info',
    DATA_DIR: dataDir,
  });
  const client = await MongoClient.connect(db.uri);
  const events = client.db('bench').collection('webhook_events');
  const replies = () => fake.state.callsOf('reply').length + fake.state.callsOf('push').length;

  // 1. Acknowledgement latency and throughput at 100 connections, processing running meanwhile.
  const repliedBefore = replies();
  const ack = { ...(await load('--ack', app.url)), processedDuringAck: 0 };
  // The same process answers LINE and processes events: what it processed meanwhile is the other half of its work.
  ack.processedDuringAck = replies() - repliedBefore;
  console.log('ack (100 connections, 10 s):', ack);
  await waitUntil(async () => (await events.countDocuments({ status: 'pending' })) === 0, 600_000);
  const drainedAt = replies();

  // 2. Fully processed: a burst, timed until every reply was sent.
  const started = Date.now();
  await load('--burst', app.url);
  await waitUntil(() => replies() - drainedAt >= BURST_EVENTS, 600_000);
  const seconds = (Date.now() - started) / 1000;
  const processed = { events: BURST_EVENTS, seconds: Number(seconds.toFixed(2)), processedPerSec: Math.round(BURST_EVENTS / seconds) };
  console.log('processed (reply sent):', processed);
  await waitUntil(async () => (await events.countDocuments({ status: 'pending' })) === 0, 600_000);

  // 3. Acknowledgement latency at a steady rate the app keeps up with.
  const steady = await load('--steady', app.url);
  console.log(`steady (${STEADY_PER_SEC} deliveries/s, 100 connections, 10 s):`, steady);
  console.log(`load average: ${os.loadavg().map((l) => l.toFixed(2)).join(' ')} on ${os.cpus().length} cores`);
  const atSteadyRate = { steadyPerSec: STEADY_PER_SEC, steadyP50Ms: steady.p50Ms, steadyP99Ms: steady.p99Ms, steadyNon2xx: steady.non2xx };
  console.log(JSON.stringify({ bench: 'webhook', ...ack, ...processed, ...atSteadyRate, targets: { p99MsBelow: 50, ackedPerSecAtLeast: 1000, processedPerSecAtLeast: 300 } }));

  app.child.kill('SIGTERM');
  await new Promise((r) => app.child.once('exit', r));
  await client.close();
  fakeServer.closeAllConnections();
  fakeServer.close();
  await db.stop();
  fs.rmSync(dataDir, { recursive: true, force: true });
}

const [mode, url] = process.argv.slice(2);
(mode === '--ack' || mode === '--steady' || mode === '--burst' ? generateLoad(mode, url) : main()).catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
