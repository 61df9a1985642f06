import { useTestBot } from '../../support/bot';
import { helpFeature } from '../../../src/features/help/help.handlers';
import { LineClient } from '../../../src/line/line-client';
import { enqueuePush } from '../../../src/notifications/outbox.service';
import { OutboxModel } from '../../../src/notifications/outbox.model';
import { sendDueOutbox } from '../../../src/notifications/send-outbox.job';
import { clock } from '../../../src/shared/clock';
import { Gate, waitFor } from './pipeline-probe';

const bot = useTestBot({ features: [helpFeature] });
const message = [{ type: 'text' as const, text: 'เรื่องของท่านได้รับการแก้ไขแล้ว' }];
afterEach(() => jest.restoreAllMocks());

const pushesMade = () => bot.line.calls.filter((c) => c.kind === 'push');

describe('the outbox sender', () => {
  it('when LINE answers 429 rate limit, then the sender pauses instead of calling LINE with the next pushes, and resumes after', async () => {
    clock.freeze('2026-11-21T03:00:00Z');
    for (const to of ['U_1', 'U_2', 'U_3']) await enqueuePush({ to, messages: message, topic: 'test' });
    bot.line.failRateLimit('push');

    await sendDueOutbox();
    expect(pushesMade().map((c) => c.status)).toEqual([429]);
    expect(await OutboxModel.countDocuments({ status: 'pending', attempts: 0 })).toBe(2);

    await sendDueOutbox();
    expect(pushesMade()).toHaveLength(1);

    clock.advance(60_000);
    await sendDueOutbox();
    expect(await OutboxModel.countDocuments({ status: 'sent' })).toBe(3);
  });

  it('when the scheduler stops while pushes are waiting, then the push in hand is sent and the rest stays for the next start', async () => {
    const gate = new Gate();
    const push = LineClient.prototype.push;
    jest.spyOn(LineClient.prototype, 'push').mockImplementationOnce(async function (this: LineClient, ...args) {
      await gate.pass();
      return push.apply(this, args);
    });
    for (const to of ['U_1', 'U_2', 'U_3', 'U_4', 'U_5']) await enqueuePush({ to, messages: message, topic: 'test' });
    bot.runtime.scheduler.start();
    await gate.entered;

    const stopped = bot.runtime.scheduler.stop();
    gate.open();
    await stopped;
    expect(pushesMade()).toHaveLength(1);
    expect(await OutboxModel.countDocuments({ status: 'pending' })).toBe(4);

    bot.runtime.scheduler.start();
    try {
      await waitFor('the rest is sent after the restart', async () => (await OutboxModel.countDocuments({ status: 'sent' })) === 5);
    } finally {
      await bot.runtime.scheduler.stop();
    }
  });
});
