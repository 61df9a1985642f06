import { z } from 'zod';
import { useTestBot } from '../../support/bot';
import { eventId, events } from '../../support/webhook';
import type { Feature } from '../../../src/features/feature';
import { helpFeature } from '../../../src/features/help/help.handlers';
import { SessionModel } from '../../../src/conversation/session.model';
import { LineUserModel } from '../../../src/features/users/user.model';
import { encodePostback } from '../../../src/line/postback';
import { WebhookEventModel } from '../../../src/line/webhook-event.model';
import { oneQuestionFlow } from './one-question-flow';

const U = 'U_routing';

/** An officer names the counter unit in free text; "A-123" is a fine name. */
const unitFlow = oneQuestionFlow('test.unit', 'unit name?', (ctx, unit) => ctx.reply({ type: 'text', text: `unit ${unit} saved` }));

const routingFeature: Feature = {
  name: 'routing',
  register({ router, engine }) {
    engine.register(unitFlow);
    router.command(['unit'], (ctx) => ctx.conversation.start('test.unit'));
    router.command(['คิวของฉัน'], (ctx) => ctx.reply({ type: 'text', text: 'your ticket' }));
    router.pattern(/^[A-Za-z][\s-]?\d{3}$/, (ctx, match) => ctx.reply({ type: 'text', text: `ticket ${match[0]}` }));
    router.postback('test.menu', z.object({}), (ctx) => ctx.reply({ type: 'text', text: 'menu tapped' }));
  },
};

const bot = useTestBot({ features: [routingFeature, helpFeature] });

/** An event of a type the bot does not answer, as LINE sends it. */
function notAMessage(type: string, extra: Record<string, unknown>) {
  const id = eventId();
  return { type, mode: 'active', timestamp: Date.now(), source: { type: 'user', userId: U }, webhookEventId: id, deliveryContext: { isRedelivery: false }, ...extra };
}

describe('routing order during a conversation', () => {
  it('when a text during a step only matches a pattern, then it is the answer to the step', async () => {
    await bot.send(events.text('unit', { userId: U }), events.text('A-123', { userId: U }));
    expect(bot.textsTo(U)).toEqual(['unit name?', 'unit A-123 saved']);
    expect(await SessionModel.countDocuments()).toBe(0);
  });

  it('when the same text comes with no conversation going on, then the pattern answers it', async () => {
    await bot.send(events.text('A-123', { userId: U }));
    expect(bot.textsTo(U)).toEqual(['ticket A-123']);
  });

  it('when an exact command word is typed during a step, then the command runs and the step waits', async () => {
    await bot.send(events.text('unit', { userId: U }), events.text('คิวของฉัน', { userId: U }));
    expect(bot.textsTo(U)).toEqual(['unit name?', 'your ticket']);
    expect((await SessionModel.findOne({ userId: U }).lean())?.stepId).toBe('answer');
  });

  it('when a rich-menu button is pressed during a step, then it is handled and the step waits', async () => {
    await bot.send(events.text('unit', { userId: U }), events.postback(encodePostback('test.menu'), { userId: U }));
    expect(bot.textsTo(U)).toEqual(['unit name?', 'menu tapped']);
    expect(await SessionModel.countDocuments({ userId: U })).toBe(1);
  });
});

describe('events that are not messages', () => {
  it('when LINE reports an unsend, a video watched, a member joining or a beacon, then nothing is sent (no paid push), nothing is kept and each event is done', async () => {
    await bot.send(
      notAMessage('unsend', { unsend: { messageId: '325708' } }),
      notAMessage('videoPlayComplete', { replyToken: 'rt-video', videoPlayComplete: { trackingId: 'track-1' } }),
      notAMessage('memberJoined', { replyToken: 'rt-member', joined: { members: [{ type: 'user', userId: 'U_new_member' }] } }),
      notAMessage('beacon', { replyToken: 'rt-beacon', beacon: { hwid: 'd41d8cd98f', type: 'enter' } }),
    );
    expect(bot.line.calls).toEqual([]);
    expect(await LineUserModel.countDocuments()).toBe(0);
    expect((await WebhookEventModel.find().lean()).map((e) => e.status)).toEqual(['done', 'done', 'done', 'done']);
  });
});
