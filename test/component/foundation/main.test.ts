import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { createHmac, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import express from 'express';
import { createFakeLineApi } from '../../../src/line/fake/fake-line-api';
import type { FakeLineState } from '../../../src/line/fake/fake-line-state';

const ROOT = path.resolve(__dirname, '../../..');
const TSX = pathToFileURL(path.join(ROOT, 'node_modules/tsx/dist/loader.mjs')).href;
const BASE_ENV = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', TSX_TSCONFIG_PATH: path.join(ROOT, 'tsconfig.json') };

interface Started {
  child: ChildProcess;
  lines: string[];
  exited: Promise<number | null>;
}

/** Runs src/main.ts as `npm start` does, with only the given environment (and a working directory). */
function startMain(env: Record<string, string>, cwd = ROOT): Started {
  const child = spawn(process.execPath, ['--import', TSX, path.join(ROOT, 'src/main.ts')], {
    cwd,
    env: { ...BASE_ENV, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  readline.createInterface({ input: child.stdout! }).on('line', (l) => lines.push(l));
  readline.createInterface({ input: child.stderr! }).on('line', (l) => lines.push(l));
  // 'close', not 'exit': only then has everything the process wrote been read.
  const exited = new Promise<number | null>((resolve) => child.once('close', (code) => resolve(code)));
  return { child, lines, exited };
}

/** Runs an admin command (scripts/<name>.ts) with the same environment as the server. */
async function admin(script: string, args: string[], env: Record<string, string>): Promise<string> {
  const { stdout } = await promisify(execFile)(process.execPath, ['--import', TSX, path.join(ROOT, 'scripts', script), ...args], {
    cwd: ROOT,
    env: { ...BASE_ENV, LOG_LEVEL: 'warn', ...env },
  });
  return stdout;
}

async function waitFor<T>(find: () => T | undefined, what: () => string, ms = 40_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const found = find();
    if (found !== undefined) return found;
    if (Date.now() > deadline) throw new Error(`timed out waiting: ${what()}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const waitForLine = (lines: string[], pattern: RegExp) => waitFor(() => lines.find((l) => pattern.test(l)), () => `no line matching ${pattern}:\n${lines.join('\n')}`);

// The event id is made without the user id, so the log check below only finds a user id that leaked.
function signedDelivery(secret: string, userId: string, text: string): { body: string; signature: string } {
  const body = JSON.stringify({
    destination: 'x',
    events: [{ type: 'message', mode: 'active', timestamp: Date.now(), source: { type: 'user', userId }, webhookEventId: `01MAIN${Date.now()}${randomBytes(4).toString('hex')}`, deliveryContext: { isRedelivery: false }, replyToken: `rt-${userId}`, message: { type: 'text', id: '1', text } }],
  });
  return { body, signature: createHmac('sha256', secret).update(body).digest('base64') };
}

async function postWebhook(base: string, secret: string, userId: string, text: string): Promise<number> {
  const { body, signature } = signedDelivery(secret, userId, text);
  return (await fetch(`${base}/webhook`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-line-signature': signature }, body })).status;
}

async function startFakeLine(channelAccessToken: string): Promise<{ url: string; state: FakeLineState; close(): void }> {
  const fake = createFakeLineApi({ channelAccessToken });
  const server = await new Promise<http.Server>((resolve) => {
    const s = http.createServer(express().use(fake.router)).listen(0, '127.0.0.1', () => resolve(s));
  });
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    state: fake.state,
    close: () => {
      server.closeAllConnections();
      server.close();
    },
  };
}

const newDataDir = () => fs.mkdtempSync(path.join(os.tmpdir(), 'main-test-'));

describe('npm start (src/main.ts)', () => {
  const dataDirs: string[] = [];
  const dataDir = () => {
    const dir = newDataDir();
    dataDirs.push(dir);
    return dir;
  };
  afterAll(() => dataDirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

  it('when started with nothing configured, then it serves local mode on loopback, prints the simulator URL, and stops cleanly on SIGTERM', async () => {
    const dir = dataDir();
    const { child, lines, exited } = startMain({ PORT: '0', DATA_DIR: dir, LOG_LEVEL: 'info' });
    try {
      const listening = JSON.parse(await waitForLine(lines, /"msg":"listening/)) as { port: number; host: string };
      expect(listening.host).toBe('127.0.0.1');
      expect(lines.join('\n')).toContain('local mode');
      expect(lines.join('\n')).toContain('embedded MongoDB-compatible store');
      const base = `http://127.0.0.1:${listening.port}`;
      await waitForLine(lines, new RegExp(`^Local mode: open ${base}/simulator in a browser`));
      expect((await fetch(`${base}/healthz`)).status).toBe(200);
      expect((await fetch(`${base}/readyz`)).status).toBe(200);
      expect((await fetch(`${base}/simulator`)).status).toBe(200);
      const published = JSON.parse(fs.readFileSync(path.join(dir, 'local-mode.json'), 'utf8')) as { pid: number; mongoUri: string; lineApiUrl: string };
      expect(published).toEqual({ pid: child.pid, mongoUri: expect.stringMatching(/^mongodb:\/\/127\.0\.0\.1:/), lineApiUrl: expect.stringMatching(/^http:\/\/127\.0\.0\.1:/) });

      expect(await postWebhook(base, 'local-simulator-channel-secret', 'Umain', 'ช่วยเหลือ')).toBe(200);
      // The fake LINE API knows neither this reply token nor this user, so the answer takes the
      // whole failure path (reply, push fallback, given up): the logs of that path are checked too.
      await waitForLine(lines, /"msg":"push failed for good"/);

      child.kill('SIGTERM');
      expect(await exited).toBe(0);
      expect(fs.existsSync(path.join(dir, 'embedded-db.bson'))).toBe(true);
      expect(fs.existsSync(path.join(dir, 'local-mode.json'))).toBe(false);
      // No message text and no LINE user id reach the logs.
      expect(lines.join('\n')).not.toContain('Umain');
      expect(lines.join('\n')).not.toContain('ช่วยเหลือ');
    } finally {
      child.kill('SIGKILL');
    }
  }, 60_000);

  it('when a .env file in the working directory sets LOG_LEVEL=warn, then it is read and the simulator URL is still printed plainly', async () => {
    const cwd = dataDir();
    fs.writeFileSync(path.join(cwd, '.env'), `PORT=0\nDATA_DIR=${path.join(cwd, 'data')}\nLOG_LEVEL=warn\n`);
    const { child, lines, exited } = startMain({}, cwd);
    try {
      const url = (await waitForLine(lines, /^Local mode: open /)).match(/(http:\/\/\S+)/)?.[1] as string;
      expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/simulator$/);
      expect(url).not.toContain(':3000/');
      expect((await fetch(url)).status).toBe(200);
      expect(lines.join('\n')).not.toContain('"level":30');
      expect(fs.existsSync(path.join(cwd, 'data', 'embedded-db.bson'))).toBe(true);
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
    } finally {
      child.kill('SIGKILL');
    }
  }, 60_000);

  it('when a real channel runs on the embedded store, then there is no simulator, and admin commands reach the running server', async () => {
    const dir = dataDir();
    const line = await startFakeLine('real-access-token');
    const env = {
      DATA_DIR: dir,
      LINE_CHANNEL_SECRET: 'real-channel-secret',
      LINE_CHANNEL_ACCESS_TOKEN: 'real-access-token',
      LINE_API_BASE_URL: line.url,
      LINE_DATA_API_BASE_URL: line.url,
      DATA_ENCRYPTION_KEY: Buffer.alloc(32, 9).toString('base64'),
      PUBLIC_BASE_URL: 'https://oa.example.go.th',
    };
    const { child, lines, exited } = startMain({ ...env, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'info' });
    try {
      const listening = JSON.parse(await waitForLine(lines, /"msg":"listening/)) as { port: number };
      const base = `http://127.0.0.1:${listening.port}`;
      for (const [method, route] of [['GET', '/simulator'], ['GET', '/simulator/'], ['GET', '/simulator/api/clock'], ['POST', '/simulator/api/clock'], ['GET', '/simulator/api/departments']]) {
        const res = await fetch(`${base}${route}`, { method, headers: { 'content-type': 'application/json' }, body: method === 'POST' ? JSON.stringify({ advanceMinutes: 576000 }) : undefined });
        expect([route, res.status]).toEqual([route, 404]);
      }
      expect(lines.join('\n')).not.toContain('Local mode');
      expect(JSON.parse(fs.readFileSync(path.join(dir, 'local-mode.json'), 'utf8'))).toEqual({ pid: child.pid, mongoUri: expect.stringMatching(/^mongodb:\/\//) });

      expect(await admin('config.ts', ['apply', path.join(ROOT, 'scripts/examples/municipality.yaml')], env)).toContain('Applied.');
      const code = (await admin('officers.ts', ['invite', '--department', 'public-works', '--role', 'officer', '--name', 'วิชัย ทดสอบ'], env)).trim().split('\n').at(-1) as string;
      expect(await postWebhook(base, 'real-channel-secret', 'Uofficer', `register ${code}`)).toBe(200);
      const welcome = await waitFor(
        () => line.state.callsOf('reply').find((c) => JSON.stringify(c.body).includes('ลงทะเบียนเรียบร้อยแล้ว')),
        () => JSON.stringify(line.state.callsOf('reply').map((c) => c.body)),
      );
      expect(JSON.stringify(welcome.body)).toContain('กองช่าง');

      child.kill('SIGTERM');
      expect(await exited).toBe(0);
      expect(fs.existsSync(path.join(dir, 'local-mode.json'))).toBe(false);
    } finally {
      child.kill('SIGKILL');
      line.close();
    }
  }, 90_000);

  it('when NODE_ENV is production and no LINE credentials are set, then it refuses to start rather than run local mode', async () => {
    const { lines, exited } = startMain({ NODE_ENV: 'production', PORT: '0', DATA_DIR: dataDir() });
    expect(await exited).toBe(1);
    const output = lines.join('\n');
    expect(output).toContain('Invalid configuration');
    expect(output).toContain('LINE_CHANNEL_SECRET and LINE_CHANNEL_ACCESS_TOKEN: required');
    expect(output).not.toContain('listening');
  }, 30_000);

  it('when the configuration is invalid, then it exits with every problem listed', async () => {
    const { lines, exited } = startMain({ PORT: 'eighty', ADMIN_TOKEN: 'short', LINE_CHANNEL_SECRET: 'x', LOG_LEVEL: 'loud', DATA_DIR: dataDir() });
    expect(await exited).toBe(1);
    const output = lines.join('\n');
    expect(output).toContain('Invalid configuration');
    for (const problem of ['PORT', 'ADMIN_TOKEN', 'LOG_LEVEL', 'set both', 'DATA_ENCRYPTION_KEY', 'PUBLIC_BASE_URL']) expect(output).toContain(problem);
  }, 30_000);
});
