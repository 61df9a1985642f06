import { useTestBot } from '../../support/bot';
import { events } from '../../support/webhook';
import { helpFeature } from '../../../src/features/help/help.handlers';
import { WebhookEventModel } from '../../../src/line/webhook-event.model';
import { clock } from '../../../src/shared/clock';
import { createProbe, waitFor } from './pipeline-probe';

/**
 * The processor running as in production: the webhook's kick and the poll start the work, nothing
 * calls drain() until the assertions about the background processing are made.
 */
const probe = createProbe();
const RETRY_MS = 60_000;
const bot = useTestBot({ features: [probe.feature, helpFeature], startProcessor: true, processor: { maxAttempts: 3, retryDelayMs: () => RETRY_MS, pollMs: 50 } });

// Each test starts with the processor idle: nothing one test left in hand or due runs into the next.
beforeEach(() => {
  probe.reset();
  bot.runtime.processor.start();
});
afterEach(async () => {
  probe.reset();
  await bot.runtime.processor.stop();
});

const replyTexts = () => bot.line.callsOf('reply').flatMap((c) => (c.body as { messages: { text: string }[] }).messages.map((m) => m.text));

describe('event processing in the background', () => {
  it("when one user's handler is slow, then another user's later event is answered meanwhile", async () => {
    await bot.post([events.text('wait slowpoke', { userId: 'U_slow' })]);
    await probe.gate('slowpoke').entered;

    await bot.post([events.text('note quick', { userId: 'U_quick' })]);
    await waitFor('the quick user is answered', () => replyTexts().includes('noted quick'));
    expect(probe.textsOf('U_slow')).toEqual([]);

    probe.gate('slowpoke').open();
    await waitFor('the slow user is answered', () => replyTexts().includes('passed slowpoke'));
  });

  it('when a user writes again while their earlier event is running, then the new event runs after it', async () => {
    const t0 = Date.now();
    await bot.post([events.text('wait first', { userId: 'U_busy', timestamp: t0 })]);
    await probe.gate('first').entered;
    await bot.post([events.text('note second', { userId: 'U_busy', timestamp: t0 + 1 })]);
    probe.gate('first').open();

    await waitFor('both events are handled', () => probe.textsOf('U_busy').length === 2);
    expect(probe.textsOf('U_busy')).toEqual(['wait first', 'note second']);
  });

  it('when a handler keeps throwing, then it is retried after its backoff and failed, and another user is answered while it waits', async () => {
    clock.freeze('2026-11-21T03:00:00Z');
    const boom = events.text('boom', { userId: 'U_boom' });
    await bot.post([boom]);
    await waitFor('the first attempt failed', async () => (await WebhookEventModel.findOne({ webhookEventId: boom.webhookEventId }).lean())?.attempts === 1);

    await bot.post([events.text('note fine', { userId: 'U_fine' })]);
    await waitFor('the other user is answered', () => replyTexts().includes('noted fine'));
    expect(await WebhookEventModel.findOne({ webhookEventId: boom.webhookEventId }).lean()).toMatchObject({ status: 'pending', attempts: 1 });

    for (const attempt of [2, 3]) {
      clock.advance(RETRY_MS);
      await waitFor(`attempt ${attempt}`, () => probe.textsOf('U_boom').length === attempt);
    }
    await waitFor('the event is marked failed', async () => (await WebhookEventModel.findOne({ webhookEventId: boom.webhookEventId }).lean())?.status === 'failed');
    await bot.drain();
    expect(bot.pushesTo('U_boom').map((m) => (m as { text: string }).text)).toEqual(['ขออภัย ระบบขัดข้องชั่วคราว กรุณาลองใหม่อีกครั้งในภายหลัง']);
  });

  it("when one user has hundreds of events behind a retry, then another user's event is still handled", async () => {
    clock.freeze('2026-11-21T03:00:00Z');
    probe.state.failuresLeft = 1;
    const t0 = Date.now() - 10_000;
    const head = events.text('flaky', { userId: 'U_stuck', timestamp: t0 });
    await bot.post([head]);
    await waitFor('the first attempt failed', async () => (await WebhookEventModel.findOne({ webhookEventId: head.webhookEventId }).lean())?.attempts === 1);
    const behind = Array.from({ length: 520 }, (_, i) => events.text(`note ${i}`, { userId: 'U_stuck', timestamp: t0 + 1 + i }));
    for (let i = 0; i < behind.length; i += 100) await bot.post(behind.slice(i, i + 100));

    await bot.post([events.text('note other', { userId: 'U_other' })]);
    await waitFor('the other user is answered', () => replyTexts().includes('noted other'));
    expect(probe.textsOf('U_stuck')).toEqual([]);
    expect(await WebhookEventModel.countDocuments({ sourceKey: 'U_stuck', status: 'pending' })).toBe(521);
  });

  it('when the processor stops while a user has a backlog, then the event in hand finishes and the rest waits for the next start', async () => {
    const t0 = Date.now();
    const backlog = [events.text('wait backlog', { userId: 'U_backlog', timestamp: t0 }), ...[1, 2, 3, 4].map((n) => events.text(`note ${n}`, { userId: 'U_backlog', timestamp: t0 + n }))];
    await bot.post(backlog);
    await probe.gate('backlog').entered;

    const stopped = bot.runtime.processor.stop();
    probe.gate('backlog').open();
    await stopped;
    expect(probe.textsOf('U_backlog')).toEqual(['wait backlog']);
    expect(await WebhookEventModel.countDocuments({ status: 'pending' })).toBe(4);

    bot.runtime.processor.start();
    await waitFor('the backlog is handled after the restart', () => probe.textsOf('U_backlog').length === 5);
    expect(probe.textsOf('U_backlog')).toEqual(['wait backlog', 'note 1', 'note 2', 'note 3', 'note 4']);
  });
});
