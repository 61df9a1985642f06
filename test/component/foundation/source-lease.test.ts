import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import readline from 'node:readline';
import { useTestDatabase } from '../../support/db';
import { events, TEST_ENCRYPTION_KEY } from '../../support/webhook';
import { EventProcessor, type EventHandler } from '../../../src/line/event-processor';
import { storeEvents, type IncomingEvent } from '../../../src/line/event-store';
import { SourceLeaseModel, WebhookEventModel } from '../../../src/line/webhook-event.model';
import { clock } from '../../../src/shared/clock';
import { setEncryptionKeys } from '../../../src/shared/crypto';
import { Gate, waitFor } from './pipeline-probe';

const ROOT = path.resolve(__dirname, '../../..');
const db = useTestDatabase();

beforeAll(async () => {
  setEncryptionKeys({ current: { version: 'v1', key: Buffer.from(TEST_ENCRYPTION_KEY, 'base64') }, previous: [] });
  await Promise.all([WebhookEventModel.init(), SourceLeaseModel.init()]);
});
beforeEach(() => db.clear());
afterEach(() => clock.reset());

/** The other instance of the crash test: killed after the test whatever happened in it. */
let other: ChildProcess | undefined;
afterEach(() => {
  other?.kill('SIGKILL');
  other = undefined;
});

/** Starts an instance in its own process that dies in the middle of its first event. */
async function startInstanceThatHangs(): Promise<ChildProcess> {
  other = spawn(process.execPath, ['--import', 'tsx', path.join(__dirname, 'crashing-instance.ts'), db.uri(), db.dbName()], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', LOG_LEVEL: 'silent', NODE_ENV: 'test' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const lines = readline.createInterface({ input: other.stdout! })[Symbol.asyncIterator]();
  expect((await lines.next()).value).toBe('handling');
  return other;
}

const nothingOnFailure = async () => undefined;

/** Stores `count` events of one user, in timestamp order; returns their ids. */
async function storeBacklog(userId: string, count: number): Promise<string[]> {
  const t0 = Date.now();
  const backlog = Array.from({ length: count }, (_, i) => events.text(`note ${i}`, { userId, timestamp: t0 + i }));
  await storeEvents(backlog as unknown as IncomingEvent[]);
  return backlog.map((e) => e.webhookEventId);
}

/** A handler that records `name:webhookEventId` for every event it runs. */
function recording(name: string, runs: string[], before?: (id: string) => Promise<void>): EventHandler {
  return async (_event, id) => {
    runs.push(`${name}:${id}`);
    await before?.(id);
  };
}

describe('per-user leases across instances', () => {
  it("when one instance's event outlasts the lease, then its heartbeat keeps the user and the other instance runs nothing meanwhile", async () => {
    const [id] = await storeBacklog('U_long', 1);
    const runs: string[] = [];
    // One event well past the lease: only the heartbeat (every third of the lease) keeps it.
    const slowly = () => new Promise<void>((r) => setTimeout(r, 1500));
    const one = new EventProcessor(recording('one', runs, slowly), nothingOnFailure, { leaseMs: 600, pollMs: 50 });
    const two = new EventProcessor(recording('two', runs), nothingOnFailure, { leaseMs: 600, pollMs: 50 });
    one.start();
    await waitFor('the first instance has started the user', () => runs.length > 0);
    two.start();
    try {
      await waitFor('the event is done', async () => (await WebhookEventModel.countDocuments({ status: 'done' })) === 1);
    } finally {
      await Promise.all([one.stop(), two.stop()]);
    }
    expect(runs).toEqual([`one:${id}`]);
  });

  it('when an instance lost its lease to another, then it finishes the event in hand and runs none of the rest', async () => {
    clock.freeze('2026-11-21T03:00:00Z');
    const ids = await storeBacklog('U_taken', 5);
    const runs: string[] = [];
    const gate = new Gate();
    const one = new EventProcessor(recording('one', runs, (id) => (id === ids[0] ? gate.pass() : Promise.resolve())), nothingOnFailure);
    const two = new EventProcessor(recording('two', runs), nothingOnFailure);
    const oneDraining = one.drain();
    await gate.entered;

    // The first instance stalled past any lease (a long pause, the database out of reach).
    clock.advance(61_000);
    await two.drain();
    gate.open();
    await oneDraining;

    expect(runs).toEqual([`one:${ids[0]}`, ...ids.map((id) => `two:${id}`)]);
    expect(await WebhookEventModel.countDocuments({ status: 'done' })).toBe(5);
  });

  it('when an instance dies in the middle of an event, then another resumes the user within the short lease, and the lease left behind expires', async () => {
    const ids = await storeBacklog('U_crash', 3);
    const crashing = await startInstanceThatHangs();
    const exited = new Promise((resolve) => crashing.once('exit', resolve));
    crashing.kill('SIGKILL');
    await exited;

    const left = await SourceLeaseModel.findById('U_crash').lean();
    expect(left?.expireAt).toBeInstanceOf(Date);
    expect(left!.expireAt!.getTime() - Date.now()).toBeLessThanOrEqual(15_000);
    const ttl = (await SourceLeaseModel.collection.indexes()).find((index) => index.key.expireAt === 1);
    expect(ttl?.expireAfterSeconds).toBe(0);

    clock.freeze(Date.now());
    const runs: string[] = [];
    const next = new EventProcessor(recording('next', runs), nothingOnFailure);
    await next.drain();
    expect(runs).toEqual([]);

    clock.advance(15_000);
    await next.drain();
    expect(runs).toEqual(ids.map((id) => `next:${id}`));
    expect(await SourceLeaseModel.countDocuments()).toBe(0);
  }, 60_000);
});
