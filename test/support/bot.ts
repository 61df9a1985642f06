import http from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { createApp } from '../../src/app';
import { loadConfig, type AppConfig } from '../../src/config';
import type { Feature } from '../../src/features/feature';
import { features as allFeatures } from '../../src/features';
import { createFakeLineApi } from '../../src/line/fake/fake-line-api';
import type { FakeLineState } from '../../src/line/fake/fake-line-state';
import { LineClient, setLineClient } from '../../src/line/line-client';
import type { ProcessorOptions } from '../../src/line/event-processor';
import type { Message } from '../../src/line/types';
import { sendDueOutbox } from '../../src/notifications/send-outbox.job';
import { createRuntime, type Runtime } from '../../src/runtime';
import { clock } from '../../src/shared/clock';
import { useTestDatabase } from './db';
import { delivery, sign, TEST_ACCESS_TOKEN, TEST_CHANNEL_SECRET, TEST_ENCRYPTION_KEY } from './webhook';

export interface TestBotOptions {
  features?: Feature[];
  processor?: ProcessorOptions;
  env?: Record<string, string>;
  /**
   * Starts the event processor as main.ts does, so a webhook's kick and the poll process events in
   * the background (without it, events are processed only by drain()).
   */
  startProcessor?: boolean;
}

export interface TestBot {
  url: string;
  config: AppConfig;
  runtime: Runtime;
  /** The fake LINE API's memory: every call the bot made. */
  line: FakeLineState;
  /** Posts a signed delivery of these events; returns the HTTP response. */
  post(eventList: unknown[]): Promise<Response>;
  /** Posts the events, then runs the processor and the outbox until nothing is left. */
  send(...eventList: unknown[]): Promise<void>;
  /** Runs stored events and due pushes until nothing is left. */
  drain(): Promise<void>;
  /** Messages the user received by reply, in order. */
  repliesTo(userId: string): Message[];
  /** Messages the chat received by push or multicast, in order. */
  pushesTo(chatId: string): Message[];
  /** Every message the user received, reply or push, in order. */
  messagesTo(userId: string): Message[];
  /** Texts of the user's messages (flex altTexts included), for readable assertions. */
  textsTo(userId: string): string[];
  /** Forgets the recorded calls (rich menus and links stay). */
  clearCalls(): void;
  close(): Promise<void>;
}

function listen(app: express.Express): Promise<http.Server> {
  return new Promise((resolve) => {
    const server = http.createServer(app);
    server.listen(0, '127.0.0.1', () => resolve(server));
  });
}

const urlOf = (server: http.Server) => `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

/** What a message says, for assertions: text, or altText for flex and templates. */
export function messageText(message: Message): string {
  const m = message as { type: string; text?: string; altText?: string };
  return m.type === 'text' ? (m.text ?? '') : (m.altText ?? `[${m.type}]`);
}

/**
 * Starts the real app (webhook, dispatcher, processor) on a loopback port, with LINE answered
 * by the fake LINE API on another port. Needs the database from useTestDatabase().
 */
export async function startTestBot(options: TestBotOptions = {}): Promise<TestBot> {
  const fakeApp = express();
  const fake = createFakeLineApi({ channelAccessToken: TEST_ACCESS_TOKEN });
  fakeApp.use(fake.router);
  const fakeServer = await listen(fakeApp);
  const fakeUrl = urlOf(fakeServer);
  const config = loadConfig({
    NODE_ENV: 'test',
    LINE_CHANNEL_SECRET: TEST_CHANNEL_SECRET,
    LINE_CHANNEL_ACCESS_TOKEN: TEST_ACCESS_TOKEN,
    LINE_API_BASE_URL: fakeUrl,
    LINE_DATA_API_BASE_URL: fakeUrl,
    ADMIN_TOKEN: 'test-admin-token-0123456789',
    DATA_ENCRYPTION_KEY: TEST_ENCRYPTION_KEY,
    ...options.env,
  });
  setLineClient(new LineClient({ channelAccessToken: TEST_ACCESS_TOKEN, apiBaseUrl: fakeUrl, dataApiBaseUrl: fakeUrl }));
  const runtime = createRuntime(config, options.features ?? allFeatures, { retryDelayMs: () => 0, ...options.processor });
  const server = await listen(createApp(runtime));
  const url = urlOf(server);
  if (options.startProcessor) runtime.processor.start();
  const tokenOwners = new Map<string, string>();

  const post = async (eventList: unknown[]) => {
    for (const e of eventList as { replyToken?: string; source?: { userId?: string } }[]) {
      if (e.replyToken && e.source?.userId) tokenOwners.set(e.replyToken, e.source.userId);
    }
    const body = delivery(eventList);
    return fetch(`${url}/webhook`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-line-signature': sign(body) }, body });
  };
  const drain = async () => {
    for (let i = 0; i < 20; i += 1) {
      await runtime.processor.drain();
      const sent = await sendDueOutbox();
      if (sent === 0) return;
    }
  };
  const repliesTo = (userId: string) =>
    fake.state
      .callsOf('reply')
      .filter((c) => tokenOwners.get((c.body as { replyToken: string }).replyToken) === userId)
      .flatMap((c) => (c.body as { messages: Message[] }).messages);
  const pushesTo = (chatId: string) =>
    fake.state.calls
      .filter((c) => (c.kind === 'push' || c.kind === 'multicast') && c.status < 400)
      .filter((c) => {
        const to = (c.body as { to: string | string[] }).to;
        return Array.isArray(to) ? to.includes(chatId) : to === chatId;
      })
      .flatMap((c) => (c.body as { messages: Message[] }).messages);
  const messagesTo = (userId: string) => fake.state.messagesTo(userId, tokenOwners) as Message[];

  return {
    url,
    config,
    runtime,
    line: fake.state,
    post,
    async send(...eventList) {
      const res = await post(eventList);
      if (res.status !== 200) throw new Error(`webhook answered ${res.status}`);
      await drain();
    },
    drain,
    repliesTo,
    pushesTo,
    messagesTo,
    textsTo: (userId) => messagesTo(userId).map(messageText),
    clearCalls: () => {
      fake.state.calls = [];
    },
    async close() {
      await runtime.processor.stop();
      await runtime.scheduler.stop();
      server.closeAllConnections();
      fakeServer.closeAllConnections();
      await new Promise((r) => server.close(r));
      await new Promise((r) => fakeServer.close(r));
    },
  };
}

/**
 * The hooks a test file with a bot needs: a fresh database (useTestDatabase), the bot started once
 * for the file and closed after it, and before each test an empty database, a reset fake LINE
 * (calls, failures, rich menus) and, with `clockAt`, the clock frozen there. The clock is reset
 * after each test. The file's own beforeEach hooks run after these (seed data there).
 * Call at the top level of a test file.
 */
export function useTestBot(options: TestBotOptions & { clockAt?: string | Date } = {}): TestBot {
  const { clockAt, ...startOptions } = options;
  const db = useTestDatabase();
  let started: TestBot | undefined;
  const bot = () => {
    if (!started) throw new Error('useTestBot: the bot starts in beforeAll; use it inside a test or a hook');
    return started;
  };

  beforeAll(async () => {
    started = await startTestBot(startOptions);
  });
  afterAll(async () => {
    await started?.close();
  });
  beforeEach(async () => {
    await db.clear();
    bot().line.reset();
    if (clockAt !== undefined) clock.freeze(clockAt);
  });
  afterEach(() => clock.reset());

  // The bot only exists once beforeAll has run; this stand-in forwards to it, so that the file can
  // hold `const bot = useTestBot(...)` and use it in its helpers and tests as if it were the bot.
  return new Proxy({} as TestBot, { get: (_, key) => Reflect.get(bot(), key) });
}
