import { z } from 'zod';
import { startTestBot, useTestBot } from '../../support/bot';
import { events } from '../../support/webhook';
import type { Feature } from '../../../src/features/feature';
import { WebhookEventModel } from '../../../src/line/webhook-event.model';
import { helpFeature } from '../../../src/features/help/help.handlers';

/** A feature for pipeline tests: records the order handlers run in, sleeps, or fails. */
const handled: { user: string; text: string; start: number; end: number }[] = [];
let failuresLeft = 0;
const probeFeature: Feature = {
  name: 'probe',
  register({ router }) {
    router.pattern(/^slow (\d+)$/, async (ctx, match) => {
      const start = Date.now();
      await new Promise((r) => setTimeout(r, Number(match[1])));
      handled.push({ user: ctx.userId, text: ctx.input.kind === 'text' ? ctx.input.text : '', start, end: Date.now() });
      ctx.reply({ type: 'text', text: `done ${match[1]}` });
    });
    router.command(['boom'], () => {
      throw new Error('handler exploded');
    });
    router.command(['flaky'], (ctx) => {
      if (failuresLeft > 0) {
        failuresLeft -= 1;
        throw new Error('flaky failure');
      }
      ctx.reply({ type: 'text', text: 'flaky ok' });
    });
    router.postback('probe.echo', z.object({ n: z.string() }), (ctx, { n }) => ctx.reply({ type: 'text', text: `echo ${n}` }));
  },
};

const bot = useTestBot({ features: [probeFeature, helpFeature], processor: { maxAttempts: 3, retryDelayMs: () => 0 } });
beforeEach(() => {
  handled.length = 0;
});

describe('event processing', () => {
  it("when two users send events at once, then each user's events run in timestamp order and the users run concurrently", async () => {
    const t0 = Date.now();
    // Delivered out of order: LINE does not promise order within or across requests.
    await bot.post([events.text('slow 60', { userId: 'U_a', timestamp: t0 + 2 }), events.text('slow 80', { userId: 'U_b', timestamp: t0 + 1 })]);
    await bot.post([events.text('slow 10', { userId: 'U_a', timestamp: t0 + 1 }), events.text('slow 20', { userId: 'U_b', timestamp: t0 + 3 })]);
    await bot.drain();
    const forUser = (u: string) => handled.filter((h) => h.user === u);
    expect(forUser('U_a').map((h) => h.text)).toEqual(['slow 10', 'slow 60']);
    expect(forUser('U_b').map((h) => h.text)).toEqual(['slow 80', 'slow 20']);
    for (const user of ['U_a', 'U_b']) {
      const [first, second] = forUser(user);
      expect(second.start).toBeGreaterThanOrEqual(first.end);
    }
    const a = forUser('U_a');
    const b = forUser('U_b');
    const overlap = a.some((x) => b.some((y) => x.start < y.end && y.start < x.end));
    expect(overlap).toBe(true);
  });

  it('when a handler keeps throwing, then it is retried up to the limit, marked failed, and another user is still answered', async () => {
    await bot.send(events.text('boom', { userId: 'U_boom' }), events.text('ช่วยเหลือ', { userId: 'U_fine' }));
    const failed = await WebhookEventModel.findOne({ status: 'failed' }).lean();
    expect(failed?.attempts).toBe(3);
    expect(failed?.lastError).toBe('handler exploded');
    expect(failed?.payload).toBeUndefined();
    expect(bot.textsTo('U_fine')[0]).toContain('ท่านต้องการใช้บริการใด');
    // The user whose message failed gets one apology, by push (the reply token is long gone).
    expect(bot.pushesTo('U_boom').map((m) => (m as { text: string }).text)).toEqual(['ขออภัย ระบบขัดข้องชั่วคราว กรุณาลองใหม่อีกครั้งในภายหลัง']);
  });

  it('when a handler fails once, then the retry succeeds and the answer arrives once', async () => {
    failuresLeft = 1;
    await bot.send(events.text('flaky', { userId: 'U_flaky' }));
    const stored = await WebhookEventModel.findOne().lean();
    expect(stored).toMatchObject({ status: 'done', attempts: 2 });
    expect(bot.textsTo('U_flaky')).toEqual(['flaky ok']);
  });

  it('when a retry waits for its backoff, then later events of the same user wait too', async () => {
    const slowBot = await startTestBot({ features: [probeFeature, helpFeature], processor: { maxAttempts: 3, retryDelayMs: () => 60_000 } });
    try {
      failuresLeft = 1;
      const t0 = Date.now();
      await slowBot.send(events.text('flaky', { userId: 'U_wait', timestamp: t0 }), events.text('slow 1', { userId: 'U_wait', timestamp: t0 + 1 }));
      expect(handled).toHaveLength(0);
      expect(await WebhookEventModel.countDocuments({ status: 'pending' })).toBe(2);
    } finally {
      await slowBot.close();
    }
  });

  it('when events were stored and the process stopped before handling them, then a new process handles them', async () => {
    const first = await startTestBot({ features: [probeFeature, helpFeature] });
    await first.runtime.processor.stop();
    const res = await first.post([events.postback('v=1&a=probe.echo&n=7', { userId: 'U_crash' })]);
    expect(res.status).toBe(200);
    await first.close();
    expect(await WebhookEventModel.countDocuments({ status: 'pending' })).toBe(1);

    const second = await startTestBot({ features: [probeFeature, helpFeature] });
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
