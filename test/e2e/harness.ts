import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { chromium, type Browser, type Locator, type Page } from 'playwright-core';

export const ROOT = path.resolve(__dirname, '../..');
export const CHROMIUM = '/usr/bin/chromium';
export const ARTIFACTS = path.join(ROOT, 'test-artifacts', 'e2e');

/**
 * E2E tests need Debian's Chromium. Without it they are skipped with a message, except in CI
 * (process.env.CI set), where a missing browser must fail the run.
 */
export function describeE2E(name: string, body: () => void): void {
  if (fs.existsSync(CHROMIUM) || process.env.CI) {
    describe(name, body);
    return;
  }
  describe.skip(`${name} (skipped: ${CHROMIUM} is missing; apt-get install -y chromium)`, body);
  console.warn(`E2E "${name}" skipped: ${CHROMIUM} is missing (apt-get install -y chromium). In CI it is required.`);
}

export interface LocalApp {
  base: string;
  lines: string[];
  dataDir: string;
  stop(): Promise<void>;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

async function waitForLine(lines: string[], pattern: RegExp, exited: () => boolean, ms = 40_000): Promise<string> {
  const deadline = Date.now() + ms;
  for (;;) {
    const found = lines.find((l) => pattern.test(l));
    if (found) return found;
    if (exited() || Date.now() > deadline) throw new Error(`the app did not log ${pattern}:\n${lines.slice(-30).join('\n')}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/**
 * Starts the real app as `npm start` does, in local mode (no LINE credentials): random port,
 * embedded database in a fresh temporary DATA_DIR, demo data, fake LINE API, simulator.
 */
export async function startLocalApp(env: Record<string, string> = {}): Promise<LocalApp> {
  // A known free port (not PORT=0), so links the app builds from its port (photos) are right.
  const port = await freePort();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'e2e-'));
  // E2E_MAIN lets a developer point the harness at another entry point while debugging.
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', process.env.E2E_MAIN ?? 'src/main.ts'], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', TZ: 'Asia/Bangkok', PORT: String(port), DATA_DIR: dataDir, LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  readline.createInterface({ input: child.stdout! }).on('line', (l) => lines.push(l));
  readline.createInterface({ input: child.stderr! }).on('line', (l) => lines.push(l));
  let exited = false;
  // 'close', not 'exit': only then has everything the app wrote been read.
  const done = new Promise<void>((resolve) => child.once('close', () => ((exited = true), resolve())));
  const stop = async () => {
    if (!exited) child.kill('SIGTERM');
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([done, new Promise((r) => (timer = setTimeout(r, 8000)))]);
    clearTimeout(timer);
    if (!exited) child.kill('SIGKILL');
    fs.rmSync(dataDir, { recursive: true, force: true });
  };
  try {
    const listening = JSON.parse(await waitForLine(lines, /"msg":"listening/, () => exited)) as { port: number };
    await waitForLine(lines, /simulator: open/, () => exited);
    return { base: `http://127.0.0.1:${listening.port}`, lines, dataDir, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

/** The little of the DOM the page functions below use (the project compiles without the DOM lib). */
interface DomNode {
  dataset: Record<string, string | undefined>;
  innerText: string;
  querySelectorAll(selector: string): ArrayLike<DomNode>;
}

/** A user's phone on the simulator page, with the moves a person makes. */
export class SimPhone {
  /** Sequence number of the last chat entry before the latest action: expectBot looks after it. */
  private mark = 0;

  constructor(
    readonly page: Page,
    readonly userId: string,
  ) {}

  get root(): Locator {
    return this.page.locator(`section.phone[data-user="${this.userId}"]`);
  }

  /** Remembers where the chat is, so the next expectBot only accepts newer bot messages. */
  async markNow(): Promise<void> {
    this.mark = await this.root.evaluate((el) => Math.max(0, ...Array.from((el as unknown as DomNode).querySelectorAll('.chat [data-seq]'), (n) => Number(n.dataset.seq))));
  }

  /** Types a message and sends it. */
  async say(text: string): Promise<void> {
    await this.markNow();
    const input = this.root.locator('input[name=text]');
    await input.fill(text);
    await input.press('Enter');
  }

  /**
   * Waits for a bot message containing `text` that arrived after this phone's last action
   * (texts, flex and template contents all count) and returns it.
   */
  async expectBot(text: string | RegExp, timeout = 20_000): Promise<Locator> {
    const pattern = typeof text === 'string' ? { source: text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), flags: '' } : { source: text.source, flags: text.flags };
    try {
      const seq = await this.page.waitForFunction(
        ({ user, mark, source, flags }) => {
          const re = new RegExp(source, flags);
          const doc = (globalThis as unknown as { document: DomNode }).document;
          const rows = Array.from(doc.querySelectorAll(`section.phone[data-user="${user}"] .chat .msg.bot[data-seq]`));
          const found = rows.find((r) => Number(r.dataset.seq) > mark && re.test(r.innerText));
          return found ? found.dataset.seq : undefined;
        },
        { user: this.userId, mark: this.mark, ...pattern },
        { timeout, polling: 100 },
      );
      return this.root.locator(`.chat .msg.bot[data-seq="${await seq.jsonValue()}"]`);
    } catch (err) {
      const recent = (await this.botTexts()).slice(-4).join('\n---\n');
      throw new Error(`${this.userId}: no new bot message matching ${String(text)} (after #${this.mark}). Latest:\n${recent}\n${(err as Error).message.split('\n')[0]}`);
    }
  }

  /** Taps a quick reply item by its label (waits for it to appear). */
  async quick(label: string | RegExp, timeout = 15_000): Promise<void> {
    const button = this.root.locator('.quick-replies button').filter({ hasText: label }).first();
    await button.waitFor({ state: 'visible', timeout });
    await this.markNow();
    await button.click();
  }

  /** Taps a button (Flex button, template action, any clickable) in the latest bot message that has it. */
  async tap(label: string | RegExp, timeout = 15_000): Promise<void> {
    const button = this.root.locator('.chat .msg.bot').locator('button, .clickable').filter({ hasText: label }).last();
    await button.waitFor({ state: 'visible', timeout });
    await this.markNow();
    await button.click();
  }

  /** Taps a button inside the bubble (of a carousel) that contains `bubbleText`. */
  async tapIn(bubbleText: string | RegExp, label: string | RegExp, timeout = 15_000): Promise<void> {
    const bubble = this.root.locator('.chat .msg.bot .flex-bubble, .chat .msg.bot .template').filter({ hasText: bubbleText }).last();
    const button = bubble.locator('button, .clickable').filter({ hasText: label }).first();
    await button.waitFor({ state: 'visible', timeout });
    await this.markNow();
    await button.click();
  }

  /** Picks photos through a quick reply (camera / camera roll): the page opens a file chooser. */
  async sendPhotosVia(quickLabel: string | RegExp, ...files: string[]): Promise<void> {
    const chooser = this.page.waitForEvent('filechooser');
    await this.quick(quickLabel);
    await (await chooser).setFiles(files);
  }

  /** Sends photos from the composer's photo button. */
  async sendPhotos(...files: string[]): Promise<void> {
    const chooser = this.page.waitForEvent('filechooser');
    await this.markNow();
    await this.root.locator('[data-act=photo]').click();
    await (await chooser).setFiles(files);
  }

  /** Opens the location picker (a quick reply, or the composer button) and picks a demo point. */
  async sendLocation(title: string | RegExp, viaQuickReply?: string | RegExp): Promise<void> {
    if (viaQuickReply) await this.quick(viaQuickReply);
    else {
      await this.markNow();
      await this.root.locator('[data-act=location]').click();
    }
    const point = this.root.locator('dialog[open] .points button').filter({ hasText: title }).first();
    await point.waitFor({ state: 'visible', timeout: 10_000 });
    await point.click();
  }

  /** Registers this user as an officer through the real invitation path. */
  async registerOfficer(departmentCode: string, role = 'officer'): Promise<void> {
    await this.root.locator(`[data-role=department] option[value="${departmentCode}"]`).waitFor({ state: 'attached', timeout: 10_000 });
    await this.root.locator('[data-role=department]').selectOption(departmentCode);
    await this.root.locator('[data-role=officer-role]').selectOption(role);
    await this.markNow();
    await this.root.locator('[data-act=register]').click();
  }

  /** Sends the follow event (the user adds the OA as a friend). */
  async follow(): Promise<void> {
    await this.markNow();
    await this.root.locator('[data-act=follow]').click();
  }

  /** Every text the chat shows from the bot, for assertions and debugging. */
  async botTexts(): Promise<string[]> {
    return this.root.locator('.chat .msg.bot').allInnerTexts();
  }
}

/**
 * The hooks every journey shares: before it, the app started as a process, `prepare` run on it
 * while Chromium launches (deploying menus, setting the clock), then the simulator page opened;
 * after it, both closed. The app and page exist once beforeAll has run: read them inside tests.
 */
export function useSimulatorPage(prepare?: (app: LocalApp) => Promise<unknown>): { readonly app: LocalApp; readonly page: Page } {
  let app: LocalApp | undefined;
  let browser: Browser | undefined;
  let page: Page | undefined;
  beforeAll(async () => {
    app = await startLocalApp();
    [, browser] = await Promise.all([prepare?.(app), launchBrowser()]);
    page = await openSimulator(browser, app.base);
  }, 90_000);
  afterAll(async () => {
    await browser?.close();
    await app?.stop();
  });
  const started = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error('useSimulatorPage: the app and page start in beforeAll; read them inside a test');
    return value;
  };
  return {
    get app() {
      return started(app);
    },
    get page() {
      return started(page);
    },
  };
}

/** Opens the simulator and waits for it to be ready. */
export async function openSimulator(browser: Browser, base: string): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 1000 }, locale: 'th-TH', timezoneId: 'Asia/Bangkok' });
  await page.goto(`${base}/simulator`);
  await page.locator('body[data-ready=true]').waitFor({ timeout: 15_000 });
  return page;
}

/** Saves a screenshot as test-artifacts/e2e/<name>.png (gitignored). */
export async function shot(page: Page, name: string): Promise<string> {
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  const file = path.join(ARTIFACTS, `${name}.png`);
  await page.screenshot({ path: file });
  return file;
}

/** A photo file for uploads: a small JPEG drawn with sharp, kept under test-artifacts. */
export async function makePhoto(name: string, colour: string): Promise<string> {
  const sharp = (await import('sharp')).default;
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  const file = path.join(ARTIFACTS, `${name}.jpg`);
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="640" height="480"><rect width="640" height="480" fill="${colour}"/><circle cx="320" cy="240" r="120" fill="#ffffff88"/></svg>`;
  await sharp(Buffer.from(svg)).jpeg().toFile(file);
  return file;
}

/**
 * Reads documents straight from the running app's embedded database (its address is in
 * DATA_DIR/local-mode.json), so a journey can check the stored state after the chat.
 */
export async function readCollection(app: LocalApp, collection: string, filter: Record<string, unknown>): Promise<Record<string, unknown>[]> {
  const { MongoClient } = await import('mongodb');
  const { mongoUri } = JSON.parse(fs.readFileSync(path.join(app.dataDir, 'local-mode.json'), 'utf8')) as { mongoUri: string };
  const client = await MongoClient.connect(mongoUri, { serverSelectionTimeoutMS: 5000 });
  try {
    return await client.db('municipal_oa').collection(collection).find(filter).toArray();
  } finally {
    await client.close();
  }
}

/** Moves the running app's clock (the simulator's time travel), e.g. to office hours. */
export async function setAppClock(app: LocalApp, at: Date): Promise<void> {
  const res = await fetch(`${app.base}/simulator/api/clock`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ at: at.toISOString() }) });
  if (!res.ok) throw new Error(`clock: ${res.status}`);
}

/** Deploys the rich menus to the running app's fake LINE API, as an admin would: `npm run menus -- apply`. */
export async function deployMenus(app: LocalApp): Promise<string> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/menus.ts', 'apply'], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', DATA_DIR: app.dataDir, LOG_LEVEL: 'warn', ADMIN_USER: 'e2e' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr.on('data', (d: Buffer) => (output += d.toString()));
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  if (code !== 0) throw new Error(`npm run menus -- apply failed (${code}):\n${output}`);
  return output;
}
