import { startTestBot, useTestBot } from '../../support/bot';
import { events } from '../../support/webhook';
import { WebhookEventModel } from '../../../src/line/webhook-event.model';
import { helpFeature } from '../../../src/features/help/help.handlers';
import { logger } from '../../../src/shared/logger';
import { createProbe, waitFor } from './pipeline-probe';

const probe = createProbe();
const handled = probe.runs;
const APOLOGY = 'ขออภัย ระบบขัดข้องชั่วคราว กรุณาลองใหม่อีกครั้งในภายหลัง';

const bot = useTestBot({ features: [probe.feature, helpFeature], processor: { maxAttempts: 3, retryDelayMs: () => 0 } });
beforeEach(() => probe.reset());

describe('event processing', () => {
  it("when two users send events at once, then each user's events run in timestamp order and the users run concurrently", async () => {
    const t0 = Date.now();
    // Delivered out of order: LINE does not promise order within or across requests.
    await bot.post([events.text('slow 30', { userId: 'U_a', timestamp: t0 + 2 }), events.text('wait b', { userId: 'U_b', timestamp: t0 + 1 })]);
    await bot.post([events.text('wait a', { userId: 'U_a', timestamp: t0 + 1 }), events.text('slow 20', { userId: 'U_b', timestamp: t0 + 3 })]);
    const draining = bot.drain();
    // Each user's first handler holds at a gate: both gates are reached only if the users run at once.
    let inside = 0;
    for (const name of ['a', 'b']) void probe.gate(name).entered.then(() => (inside += 1));
    await waitFor('both users are inside a handler at the same time', () => inside === 2);
    probe.gate('a').open();
    probe.gate('b').open();
    await draining;

    const forUser = (u: string) => handled.filter((h) => h.user === u);
    expect(forUser('U_a').map((h) => h.text)).toEqual(['wait a', 'slow 30']);
    expect(forUser('U_b').map((h) => h.text)).toEqual(['wait b', 'slow 20']);
    for (const user of ['U_a', 'U_b']) {
      const [first, second] = forUser(user);
      expect(second.start).toBeGreaterThanOrEqual(first.end);
    }
  });

  it('when a handler keeps throwing, then it is retried up to the limit and marked failed, and the user gets one apology', async () => {
    await bot.send(events.text('boom', { userId: 'U_boom' }));
    const failed = await WebhookEventModel.findOne({ status: 'failed' }).lean();
    expect(failed).toMatchObject({ attempts: 3, errorKind: 'error', lastError: 'Error: handler exploded' });
    expect(probe.textsOf('U_boom')).toEqual(['boom', 'boom', 'boom']);
    expect(failed?.payload).toBeUndefined();
    // The reply token is long gone by then: the apology goes by push.
    expect(bot.pushesTo('U_boom').map((m) => (m as { text: string }).text)).toEqual([APOLOGY]);
  });

  it('when a handler fails once, then the retry succeeds and the answer arrives once', async () => {
    probe.state.failuresLeft = 1;
    await bot.send(events.text('flaky', { userId: 'U_flaky' }));
    const stored = await WebhookEventModel.findOne().lean();
    expect(stored).toMatchObject({ status: 'done', attempts: 2 });
    expect(bot.textsTo('U_flaky')).toEqual(['flaky ok']);
  });

  it('when a handler fails with a bug, then the event is failed at once, not retried, and the user gets one apology', async () => {
    await bot.send(events.text('bug', { userId: 'U_bug' }));
    expect(probe.textsOf('U_bug')).toEqual(['bug']);
    expect(await WebhookEventModel.findOne().lean()).toMatchObject({ status: 'failed', attempts: 1, errorKind: 'bug' });
    expect(bot.pushesTo('U_bug').map((m) => (m as { text: string }).text)).toEqual([APOLOGY]);
  });

  it('when a reply breaks a LINE limit, then nothing is sent to LINE for it and the event is failed at once', async () => {
    await bot.send(events.text('too long', { userId: 'U_long' }));
    expect(probe.textsOf('U_long')).toEqual(['too long']);
    expect(bot.line.callsOf('reply')).toHaveLength(0);
    expect(await WebhookEventModel.findOne().lean()).toMatchObject({ status: 'failed', attempts: 1, errorKind: 'bug' });
    expect(bot.pushesTo('U_long').map((m) => (m as { text: string }).text)).toEqual([APOLOGY]);
  });

  it("when a handler fails on a duplicate key, then the stored error names the kind and code but not the key's value", async () => {
    await bot.send(events.text('twice', { userId: 'U_secret_owner' }));
    const failed = await WebhookEventModel.findOne().lean();
    expect(failed).toMatchObject({ status: 'failed', errorKind: 'database', errorCode: 11000 });
    expect(failed?.lastError).toContain('E11000');
    expect(JSON.stringify(failed)).not.toContain('U_secret_owner');
    expect(JSON.stringify(failed)).not.toContain('0812345678');
  });
  it('when an event fails, then every log line about it names its webhookEventId and the request that brought it', async () => {
    const warn = jest.spyOn(logger, 'warn');
    const error = jest.spyOn(logger, 'error');
    try {
      const boom = events.text('boom', { userId: 'U_boom' });
      const res = await bot.post([boom]);
      await bot.drain();
      const about = [...warn.mock.calls, ...error.mock.calls].map(([fields]) => fields as Record<string, unknown>).filter((f) => f.webhookEventId === boom.webhookEventId);
      expect(about).toHaveLength(3);
      for (const fields of about) expect(fields).toMatchObject({ requestId: res.headers.get('x-request-id'), errorKind: 'error' });
      expect(JSON.stringify(about)).not.toContain('U_boom');
    } finally {
      warn.mockRestore();
      error.mockRestore();
    }
  });

  // The tests below start bots of their own, and startTestBot points the LINE client at its own
  // fake LINE API: pushes from the file's bot after them would go to a closed fake.
  it('when a retry waits for its backoff, then later events of the same user wait too', async () => {
    const slowBot = await startTestBot({ features: [probe.feature, helpFeature], processor: { maxAttempts: 3, retryDelayMs: () => 60_000 } });
    try {
      probe.state.failuresLeft = 1;
      const t0 = Date.now();
      await slowBot.send(events.text('flaky', { userId: 'U_wait', timestamp: t0 }), events.text('slow 1', { userId: 'U_wait', timestamp: t0 + 1 }));
      expect(handled).toHaveLength(0);
      expect(await WebhookEventModel.countDocuments({ status: 'pending' })).toBe(2);
    } finally {
      await slowBot.close();
    }
  });

  it('when events were stored and the process stopped before handling them, then a new process handles them', async () => {
    const first = await startTestBot({ features: [probe.feature, helpFeature], startProcessor: true });
    await first.runtime.processor.stop();
    const res = await first.post([events.postback('v=1&a=probe.echo&n=7', { userId: 'U_crash' })]);
    expect(res.status).toBe(200);
    await first.close();
    expect(await WebhookEventModel.countDocuments({ status: 'pending' })).toBe(1);

    const second = await startTestBot({ features: [probe.feature, helpFeature] });
    try {
      await second.drain();
      const replies = second.line.callsOf('reply').flatMap((c) => (c.body as { messages: { text: string }[] }).messages.map((m) => m.text));
      expect(replies).toEqual(['echo 7']);
      expect(await WebhookEventModel.countDocuments({ status: 'done' })).toBe(1);
    } finally {
      await second.close();
    }
  });
});
