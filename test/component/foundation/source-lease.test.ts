import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import readline from 'node:readline';
import { EventProcessor } from '../../../src/line/event-processor';
import { SourceLeaseModel, WebhookEventModel } from '../../../src/line/webhook-event.model';
import { clock } from '../../../src/shared/clock';
import { nothingOnFailure, recording, storeBacklog, useEventDatabase } from './backlog';
import { Gate, waitFor } from './pipeline-probe';

const ROOT = path.resolve(__dirname, '../../..');
const db = useEventDatabase();
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

describe('per-user leases across instances', () => {
  it("when one instance's event outlasts the lease, then its heartbeat keeps the user and the other instance runs nothing meanwhile", async () => {
    clock.freeze('2026-11-21T03:00:00Z');
    const [id] = await storeBacklog('U_long', 1);
    const runs: string[] = [];
    const gate = new Gate();
    const one = new EventProcessor(recording('one', runs, () => gate.pass()), nothingOnFailure, { leaseMs: 600 });
    const two = new EventProcessor(recording('two', runs), nothingOnFailure, { leaseMs: 600 });
    const oneDraining = one.drain();
    await gate.entered;

    // Ten leases pass while the event is in hand: only the heartbeat (every third of the lease) keeps the user.
    clock.advance(6_000);
    const leaseUntil = async () => (await SourceLeaseModel.findById('U_long').lean())?.leaseUntil.getTime() ?? 0;
    await waitFor('the heartbeat renewed the lease past the advanced clock', async () => (await leaseUntil()) > clock.nowMs());
    await two.drain();
    gate.open();
    await oneDraining;

    expect(runs).toEqual([`one:${id}`]);
    expect(await WebhookEventModel.countDocuments({ status: 'done' })).toBe(1);
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
