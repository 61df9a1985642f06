import { useTestBot } from '../../support/bot';
import { events, TEST_ACCESS_TOKEN } from '../../support/webhook';
import { startHangingServer } from '../../unit/line/hanging-server';
import { LineClient, setLineClient } from '../../../src/line/line-client';
import { WebhookEventModel } from '../../../src/line/webhook-event.model';
import { helpFeature } from '../../../src/features/help/help.handlers';
import { enqueuePush, reencryptPendingPushes } from '../../../src/notifications/outbox.service';
import { MISSING_KEY_PATIENCE_MS, setEncryptionKeys } from '../../../src/shared/crypto';
import { OutboxModel } from '../../../src/notifications/outbox.model';
import { sendDueOutbox } from '../../../src/notifications/send-outbox.job';
import { clock } from '../../../src/shared/clock';
import { LineUserModel } from '../../../src/features/users/user.model';

const bot = useTestBot({ features: [helpFeature] });
const message = [{ type: 'text' as const, text: 'เรื่องของท่านได้รับการแก้ไขแล้ว' }];
const receipt = [{ type: 'text' as const, text: 'เลขอ้างอิง R-7KQ2M9XH4P รหัส PIN 482913' }];

/** The outbox entries exactly as the database holds them, without mongoose in between. */
const rawOutbox = () => OutboxModel.collection.find({}).toArray();

/** Queues a push to `to` that LINE refuses once with `status`, then runs the outbox once. */
async function pushRefusedOnce(to: string, status: number, error: string): Promise<void> {
  bot.line.failNext('push', status, error);
  await enqueuePush({ to, messages: message, topic: 'test' });
  await sendDueOutbox();
}

describe('outbox pushes', () => {
  it('when LINE fails with 500, then the push is retried later with the same retry key', async () => {
    clock.freeze('2026-11-21T03:00:00Z');
    await pushRefusedOnce('U_1', 500, 'Internal error');
    const pending = await OutboxModel.findOne().lean();
    expect(pending).toMatchObject({ status: 'pending', attempts: 1 });
    expect(pending!.nextAttemptAt.getTime()).toBeGreaterThan(clock.nowMs());

    clock.advance(60_000);
    await sendDueOutbox();
    const pushes = bot.line.calls.filter((c) => c.kind === 'push');
    expect(pushes.map((c) => c.status)).toEqual([500, 200]);
    expect(pushes[0].retryKey).toBeDefined();
    expect(pushes[1].retryKey).toBe(pushes[0].retryKey);
    const sent = await OutboxModel.findOne().lean();
    expect(sent).toMatchObject({ status: 'sent', attempts: 2 });
    // Who was told what is not kept after delivery.
    expect(sent?.to).toBeUndefined();
    expect(sent?.messages).toBeUndefined();
  });

  it('when LINE answers 409 for the retry key, then the push counts as delivered', async () => {
    await enqueuePush({ to: 'U_1', messages: message, topic: 'test' });
    const entry = await OutboxModel.findOne().lean();
    bot.line.acceptedRetryKeys.add(entry!.retryKey);
    await sendDueOutbox();
    expect(bot.line.calls.map((c) => c.status)).toEqual([409]);
    expect((await OutboxModel.findOne().lean())?.status).toBe('sent');
  });

  it('when LINE answers 429 rate limit, then the push backs off and is sent later', async () => {
    clock.freeze('2026-11-21T03:00:00Z');
    await pushRefusedOnce('U_rate', 429, 'Too Many Requests');
    const backedOff = await OutboxModel.findOne().lean();
    expect(backedOff?.status).toBe('pending');
    expect(backedOff!.nextAttemptAt.getTime() - clock.nowMs()).toBeGreaterThanOrEqual(1000);
    await sendDueOutbox();
    expect(bot.line.calls).toHaveLength(1);
    clock.advance(10 * 60_000);
    await sendDueOutbox();
    expect((await OutboxModel.findOne().lean())?.status).toBe('sent');
  });

  it('when LINE answers 429 monthly limit, then the push fails without retrying', async () => {
    clock.freeze('2026-11-21T03:00:00Z');
    await pushRefusedOnce('U_quota', 429, 'You have reached your monthly limit.');
    clock.advance(60 * 60_000);
    await sendDueOutbox();
    expect(bot.line.calls).toHaveLength(1);
    expect((await OutboxModel.findOne().lean())?.status).toBe('failed');
  });

  it('when LINE answers 400, then the push is not retried', async () => {
    await pushRefusedOnce('U_bad', 400, 'The property, to, is invalid');
    expect((await OutboxModel.findOne().lean())?.status).toBe('failed');
    expect(bot.line.calls).toHaveLength(1);
  });

  it('when the same dedupeKey is enqueued twice, then one push is sent', async () => {
    expect(await enqueuePush({ to: 'U_1', messages: message, topic: 'reminder', dedupeKey: 'reminder:1' })).toBe(true);
    expect(await enqueuePush({ to: 'U_1', messages: message, topic: 'reminder', dedupeKey: 'reminder:1' })).toBe(false);
    await sendDueOutbox();
    expect(bot.line.callsOf('push')).toHaveLength(1);
  });

  it('when several users are notified, then one multicast carries them', async () => {
    await enqueuePush({ to: ['U_1', 'U_2', 'U_3'], messages: message, topic: 'test' });
    await sendDueOutbox();
    const [call] = bot.line.callsOf('multicast');
    expect((call.body as { to: string[] }).to).toEqual(['U_1', 'U_2', 'U_3']);
  });

  it('when a message breaks a LINE limit, then enqueueing fails loudly', async () => {
    await expect(enqueuePush({ to: 'U_1', messages: [{ type: 'text', text: '' }], topic: 'test' })).rejects.toThrow();
  });
});

describe('replies', () => {
  it('when a reply times out, then it is not pushed again (LINE may have delivered it) and the event is not retried', async () => {
    const line = await startHangingServer();
    setLineClient(new LineClient({ channelAccessToken: TEST_ACCESS_TOKEN, apiBaseUrl: line.url, dataApiBaseUrl: line.url, timeouts: { callMs: 3000 } }));
    try {
      await bot.send(events.text('ช่วยเหลือ', { userId: 'U_timeout' }));
      expect(line.requests.filter((r) => r.path === '/v2/bot/message/reply')).toHaveLength(1);
      expect(await OutboxModel.countDocuments()).toBe(0);
      expect(bot.line.calls).toEqual([]);
      expect((await WebhookEventModel.findOne().lean())?.status).toBe('done');
    } finally {
      setLineClient(new LineClient({ channelAccessToken: TEST_ACCESS_TOKEN, apiBaseUrl: bot.config.line.apiBaseUrl, dataApiBaseUrl: bot.config.line.dataApiBaseUrl }));
      await line.close();
    }
  });

  it('when LINE fails with 500 on a reply, then the answer goes by push', async () => {
    bot.line.failNext('reply', 500, 'Internal error');
    await bot.send(events.text('ช่วยเหลือ', { userId: 'U_5xx' }));
    expect((bot.pushesTo('U_5xx')[0] as { text: string }).text).toContain('ท่านต้องการใช้บริการใด');
  });

  it('when LINE refuses a reply for a reason other than the token, then it is not pushed either', async () => {
    bot.line.failNext('reply', 403, 'Not authorized to use this API');
    await bot.send(events.text('ช่วยเหลือ', { userId: 'U_403' }));
    expect(await OutboxModel.countDocuments()).toBe(0);
  });

  it('when a reply falls back to a push, then the queued push is sealed', async () => {
    const event = events.text('ช่วยเหลือ', { userId: 'U_anon' });
    bot.line.expiredReplyTokens.add(event.replyToken);
    await bot.post([event]);
    await bot.runtime.processor.drain();
    const [stored] = await rawOutbox();
    expect(stored).toMatchObject({ topic: 'reply.fallback', sealed: { v: 'v1' } });
    expect(JSON.stringify(stored)).not.toMatch(/U_anon|ท่านต้องการใช้บริการใด/);
    await sendDueOutbox();
    expect((bot.pushesTo('U_anon')[0] as { text: string }).text).toContain('ท่านต้องการใช้บริการใด');
  });

  it('when the reply token has expired, then the answer goes by push instead', async () => {
    const event = events.text('ช่วยเหลือ', { userId: 'U_slow' });
    bot.line.expiredReplyTokens.add(event.replyToken);
    await bot.send(event);
    expect(bot.line.calls.filter((c) => c.kind === 'reply').map((c) => c.status)).toEqual([400]);
    expect((bot.pushesTo('U_slow')[0] as { text: string }).text).toContain('ท่านต้องการใช้บริการใด');
  });
});

describe('confidential pushes', () => {
  it('when a confidential push is queued, then neither the recipient nor the messages are stored in plain, and LINE gets them as written', async () => {
    await enqueuePush({ to: 'U_reporter', messages: receipt, topic: 'integrity.receipt', confidential: true });
    const [stored] = await rawOutbox();
    expect(stored).toMatchObject({ kind: 'push', topic: 'integrity.receipt', status: 'pending', sealed: { v: 'v1' } });
    expect(stored.to).toBeUndefined();
    expect(stored.messages).toBeUndefined();
    expect(JSON.stringify(stored)).not.toMatch(/U_reporter|R-7KQ2M9XH4P|482913/);

    await sendDueOutbox();
    expect(bot.line.callsOf('push').map((c) => c.body)).toEqual([{ to: 'U_reporter', messages: receipt }]);
    const [sent] = await rawOutbox();
    expect(sent.status).toBe('sent');
    expect(sent.sealed).toBeUndefined();
  });

  it('when several users get a confidential push, then one multicast carries them all', async () => {
    await enqueuePush({ to: ['U_1', 'U_2'], messages: receipt, topic: 'test', confidential: true });
    await sendDueOutbox();
    expect(bot.line.callsOf('multicast').map((c) => c.body)).toEqual([{ to: ['U_1', 'U_2'], messages: receipt }]);
  });

  it('when the recipient of a confidential push blocked the OA, then nothing is pushed', async () => {
    await LineUserModel.create({ userId: 'U_gone', blocked: true, createdAt: new Date() });
    await enqueuePush({ to: 'U_gone', messages: receipt, topic: 'test', confidential: true });
    await sendDueOutbox();
    expect(bot.line.callsOf('push')).toHaveLength(0);
    expect((await OutboxModel.findOne().lean())?.status).toBe('skipped');
  });

  it('when the data key is rotated, then a waiting confidential push is re-sealed under the new key and still sent once the old key is gone', async () => {
    await enqueuePush({ to: 'U_reporter', messages: receipt, topic: 'test', confidential: true });
    const v1 = bot.config.encryptionKeys.current;
    const v2 = { version: 'v2', key: Buffer.alloc(32, 7) };
    try {
      setEncryptionKeys({ current: v2, previous: [v1] });
      expect(await reencryptPendingPushes()).toBe(1);
      expect(await reencryptPendingPushes()).toBe(0);
      setEncryptionKeys({ current: v2, previous: [] });
      await sendDueOutbox();
      expect(bot.line.callsOf('push').map((c) => c.body)).toEqual([{ to: 'U_reporter', messages: receipt }]);
    } finally {
      setEncryptionKeys(bot.config.encryptionKeys);
    }
  });

  describe('during a rolling key rotation', () => {
    const v2 = { version: 'v2', key: Buffer.alloc(32, 7) };
    /** Enqueued by an instance that has the new key as current; then sent by one that knows only v1. */
    async function sealedByUpgradedInstance(): Promise<void> {
      setEncryptionKeys({ current: v2, previous: [bot.config.encryptionKeys.current] });
      await enqueuePush({ to: 'U_reporter', messages: receipt, topic: 'integrity.receipt', confidential: true });
      setEncryptionKeys({ current: bot.config.encryptionKeys.current, previous: [] });
    }
    afterEach(() => setEncryptionKeys(bot.config.encryptionKeys));

    it('when a confidential push was sealed with a key this instance does not have, then it waits without using an attempt and is sent once the key is here', async () => {
      clock.freeze('2026-11-21T03:00:00Z');
      await sealedByUpgradedInstance();
      // More tries than the sender's attempts: waiting for a key is not a failure.
      for (let i = 0; i < 10; i += 1) {
        await sendDueOutbox();
        clock.advance(5 * 60_000);
      }
      expect(bot.line.calls).toEqual([]);
      const waiting = await OutboxModel.findOne().lean();
      expect(waiting).toMatchObject({ status: 'pending', attempts: 0, sealed: { v: 'v2' } });

      setEncryptionKeys({ current: bot.config.encryptionKeys.current, previous: [v2] });
      await sendDueOutbox();
      expect(bot.line.callsOf('push').map((c) => c.body)).toEqual([{ to: 'U_reporter', messages: receipt }]);
    });

    it('when no instance brings the key in time, then the push fails without a call to LINE', async () => {
      clock.freeze('2026-11-21T03:00:00Z');
      await sealedByUpgradedInstance();
      await sendDueOutbox();
      expect((await OutboxModel.findOne().lean())?.status).toBe('pending');
      clock.advance(MISSING_KEY_PATIENCE_MS);
      await sendDueOutbox();
      expect(bot.line.calls).toEqual([]);
      expect(await OutboxModel.findOne().lean()).toMatchObject({ status: 'failed' });
    });
  });

  it('when a sealed push is copied onto another entry, then it does not open there and fails without a call to LINE', async () => {
    await enqueuePush({ to: 'U_reporter', messages: receipt, topic: 'test', confidential: true });
    const [{ _id: _original, ...stored }] = await rawOutbox();
    await OutboxModel.deleteMany({});
    await OutboxModel.collection.insertOne({ ...stored, retryKey: '0b1e0b52-6a4e-4c58-9a39-4b5bbd0c7a12' });
    await sendDueOutbox();
    expect(bot.line.calls).toHaveLength(0);
    expect((await OutboxModel.findOne().lean())?.status).toBe('failed');
  });
});
