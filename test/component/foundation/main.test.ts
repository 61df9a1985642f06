import { spawn, type ChildProcess } from 'node:child_process';
import { createHmac } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';

const ROOT = path.resolve(__dirname, '../../..');

function startMain(env: Record<string, string>): { child: ChildProcess; lines: string[]; exited: Promise<number | null> } {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  readline.createInterface({ input: child.stdout! }).on('line', (l) => lines.push(l));
  readline.createInterface({ input: child.stderr! }).on('line', (l) => lines.push(l));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, lines, exited };
}

async function waitForLine(lines: string[], pattern: RegExp, ms = 20_000): Promise<string> {
  const deadline = Date.now() + ms;
  for (;;) {
    const found = lines.find((l) => pattern.test(l));
    if (found) return found;
    if (Date.now() > deadline) throw new Error(`no line matching ${pattern}:\n${lines.join('\n')}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('npm start (src/main.ts)', () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'main-test-'));
  afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  it('when started with nothing configured, then it serves in local mode on the embedded store and stops cleanly on SIGTERM', async () => {
    const { child, lines, exited } = startMain({ PORT: '0', DATA_DIR: dataDir });
    try {
      const listening = JSON.parse(await waitForLine(lines, /"msg":"listening/)) as { port: number };
      expect(lines.join('\n')).toContain('local mode');
      expect(lines.join('\n')).toContain('embedded MongoDB-compatible store');
      await waitForLine(lines, /simulator: open/);
      const base = `http://127.0.0.1:${listening.port}`;
      expect((await fetch(`${base}/healthz`)).status).toBe(200);
      expect((await fetch(`${base}/readyz`)).status).toBe(200);

      const body = JSON.stringify({
        destination: 'x',
        events: [{ type: 'message', mode: 'active', timestamp: Date.now(), source: { type: 'user', userId: 'Umain' }, webhookEventId: '01MAINTEST00000000000000001', deliveryContext: { isRedelivery: false }, replyToken: 'rt-main', message: { type: 'text', id: '1', text: 'ช่วยเหลือ' } }],
      });
      const signature = createHmac('sha256', 'local-simulator-channel-secret').update(body).digest('base64');
      expect((await fetch(`${base}/webhook`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-line-signature': signature }, body })).status).toBe(200);

      const stopAt = Date.now();
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
      expect(Date.now() - stopAt).toBeLessThan(10_000);
      expect(fs.existsSync(path.join(dataDir, 'embedded-db.bson'))).toBe(true);
      // No message text and no LINE user id reach the logs.
      expect(lines.join('\n')).not.toContain('Umain');
      expect(lines.join('\n')).not.toContain('ช่วยเหลือ');
    } finally {
      child.kill('SIGKILL');
    }
  }, 60_000);

  it('when the configuration is invalid, then it exits with every problem listed', async () => {
    const { lines, exited } = startMain({ PORT: 'eighty', ADMIN_TOKEN: 'short', DATA_DIR: dataDir });
    expect(await exited).toBe(1);
    const output = lines.join('\n');
    expect(output).toContain('Invalid configuration');
    expect(output).toContain('PORT');
    expect(output).toContain('ADMIN_TOKEN');
  }, 30_000);
});
