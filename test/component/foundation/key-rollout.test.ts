import { useTestBot } from '../../support/bot';
import { events } from '../../support/webhook';
import { helpFeature } from '../../../src/features/help/help.handlers';
import { WebhookEventModel } from '../../../src/line/webhook-event.model';
import { clock } from '../../../src/shared/clock';
import { MISSING_KEY_PATIENCE_MS, setEncryptionKeys } from '../../../src/shared/crypto';
import { createProbe } from './pipeline-probe';

/**
 * A rolling key rotation: instances that already have the new key (v2) and instances that do not
 * yet run side by side. What one seals, the other must leave waiting, never fail or discard.
 */
const probe = createProbe();
const APOLOGY = 'ขออภัย ระบบขัดข้องชั่วคราว กรุณาลองใหม่อีกครั้งในภายหลัง';
const bot = useTestBot({ features: [probe.feature, helpFeature], processor: { maxAttempts: 3, retryDelayMs: () => 0 }, clockAt: '2026-11-21T03:00:00Z' });

const v2 = { version: 'v2', key: Buffer.alloc(32, 9) };
const v1 = () => bot.config.encryptionKeys.current;
/** An instance restarted with the new key as current. */
const asUpgradedInstance = () => setEncryptionKeys({ current: v2, previous: [v1()] });
/** An instance not restarted yet: it knows only v1. */
const asOldInstance = () => setEncryptionKeys({ current: v1(), previous: [] });
/** Past any wait for a key (they are seconds). */
const NEXT_TRY_MS = 5 * 60_000;

beforeEach(() => probe.reset());
afterEach(() => setEncryptionKeys(bot.config.encryptionKeys));

const stored = () => WebhookEventModel.find().sort({ timestamp: 1 }).lean();

describe('events during a rolling key rotation', () => {
  it('when an event was sealed with a key this instance does not have, then it waits (no attempt used, later events behind it) and runs once the key is here', async () => {
    const t0 = clock.nowMs();
    asUpgradedInstance();
    await bot.post([events.text('note first', { userId: 'U_roll', timestamp: t0 })]);
    asOldInstance();
    await bot.post([events.text('note second', { userId: 'U_roll', timestamp: t0 + 1 })]);

    // More tries than maxAttempts: waiting for a key is not a failure.
    for (let i = 0; i < 5; i += 1) {
      await bot.drain();
      clock.advance(NEXT_TRY_MS);
    }
    expect(probe.runs).toEqual([]);
    expect(bot.line.calls).toEqual([]);
    const [first, second] = await stored();
    expect(first).toMatchObject({ status: 'pending', errorKind: 'key_unavailable', payload: { v: 'v2' } });
    expect(second).toMatchObject({ status: 'pending', payload: { v: 'v1' } });
    expect([first.attempts ?? 0, second.attempts ?? 0]).toEqual([0, 0]);

    // The old instance restarted with v2 among its old keys.
    setEncryptionKeys({ current: v1(), previous: [v2] });
    await bot.drain();
    expect(probe.textsOf('U_roll')).toEqual(['note first', 'note second']);
    expect((await stored()).map((e) => e.status)).toEqual(['done', 'done']);
  });

  it('when no instance brings the key in time, then the event fails and the user still gets the apology', async () => {
    asUpgradedInstance();
    await bot.post([events.text('note lost', { userId: 'U_late' })]);
    asOldInstance();
    await bot.drain();
    expect((await stored())[0]).toMatchObject({ status: 'pending' });

    clock.advance(MISSING_KEY_PATIENCE_MS);
    await bot.drain();
    const [event] = await stored();
    expect(event).toMatchObject({ status: 'failed', errorKind: 'key_unavailable' });
    expect(event.payload).toBeUndefined();
    expect(probe.runs).toEqual([]);
    expect(bot.pushesTo('U_late').map((m) => (m as { text: string }).text)).toEqual([APOLOGY]);
  });

  it('when a sealed payload was tampered with, then it fails at once, and the user, known from the stored chat, gets the apology', async () => {
    await bot.post([events.text('note tampered', { userId: 'U_tampered' })]);
    const [event] = await stored();
    const payload = event.payload as { data: string };
    const data = Buffer.from(payload.data, 'base64');
    data[0] ^= 1;
    await WebhookEventModel.collection.updateOne({ _id: event._id }, { $set: { 'payload.data': data.toString('base64') } });

    await bot.drain();
    const [failed] = await stored();
    expect(failed).toMatchObject({ status: 'failed', attempts: 1, errorKind: 'error' });
    expect(failed.payload).toBeUndefined();
    expect(probe.runs).toEqual([]);
    expect(bot.pushesTo('U_tampered').map((m) => (m as { text: string }).text)).toEqual([APOLOGY]);
  });

  it('when a tampered event came from a group, then the apology goes to the group', async () => {
    const groupId = `C${'12'.repeat(16)}`;
    await bot.post([{ ...events.text('note group', { userId: 'U_member' }), source: { type: 'group', groupId, userId: 'U_member' } }]);
    await WebhookEventModel.collection.updateOne({}, { $set: { 'payload.tag': Buffer.alloc(16).toString('base64') } });
    await bot.drain();
    expect(bot.pushesTo(groupId).map((m) => (m as { text: string }).text)).toEqual([APOLOGY]);
    expect(bot.pushesTo('U_member')).toEqual([]);
  });
});
