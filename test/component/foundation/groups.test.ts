import { z } from 'zod';
import { useTestBot } from '../../support/bot';
import { events } from '../../support/webhook';
import type { Feature } from '../../../src/features/feature';
import { helpFeature } from '../../../src/features/help/help.handlers';
import { usersFeature } from '../../../src/features/users/users.handlers';
import { SessionModel } from '../../../src/conversation/session.model';
import { LineUserModel } from '../../../src/features/users/user.model';
import { encodePostback } from '../../../src/line/postback';
import type { Message } from '../../../src/line/types';
import { oneQuestionFlow } from './one-question-flow';

const GROUP = 'C_public_works';
const OFFICER = 'U_officer_in_group';

/** A one-step flow, a group command, a private command and a case-card button. */
const noteFlow = oneQuestionFlow('test.note', 'note?', (ctx, note) => ctx.reply({ type: 'text', text: `noted ${note}` }));

const joined: string[] = [];
const officeFeature: Feature = {
  name: 'office',
  register({ router, engine }) {
    engine.register(noteFlow);
    router.command(['note'], (ctx) => ctx.conversation.start('test.note'));
    router.command(['งานกลุ่ม'], (ctx) => ctx.reply({ type: 'text', text: `group work in ${ctx.chatType}` }), { inGroups: true });
    router.pattern(/^G-\d{3}$/, (ctx) => ctx.reply({ type: 'text', text: 'group pattern' }), { inGroups: true });
    router.postback('test.accept', z.object({ c: z.string() }), (ctx, { c }) => ctx.reply({ type: 'text', text: `accepted ${c}` }));
    router.postback('test.ask', z.object({}), (ctx) => ctx.conversation.start('test.note'));
    router.on('join', (ctx) => {
      joined.push(ctx.chatId);
      ctx.reply({ type: 'text', text: 'hello group' });
    });
  },
};

const bot = useTestBot({ features: [officeFeature, usersFeature, helpFeature] });
beforeEach(() => {
  joined.length = 0;
});

/** An event as LINE sends it from a chat with several people. */
function inChat<E extends { source: unknown }>(event: E, type: 'group' | 'room' = 'group'): E {
  const chat = type === 'group' ? { groupId: GROUP } : { roomId: 'R_meeting' };
  return { ...event, source: { type, ...chat, userId: OFFICER } };
}

const groupText = (text: string, type: 'group' | 'room' = 'group') => inChat(events.text(text, { userId: OFFICER }), type);

/** Every message the bot sent anywhere, by reply or push. */
function everythingSent(): Message[] {
  return bot.line.calls.filter((c) => ['reply', 'push', 'multicast'].includes(c.kind)).flatMap((c) => (c.body as { messages: Message[] }).messages);
}

const textsSent = () => everythingSent().map((m) => (m as { text?: string }).text);

describe('group and room chats', () => {
  it('when officers chat in their department group, then the bot says nothing and keeps nothing about them', async () => {
    await bot.send(groupText('พรุ่งนี้ประชุมกี่โมงครับ'), groupText('ช่วยเหลือ'), groupText('ยกเลิก'), inChat(events.sticker({ userId: OFFICER })));
    expect(bot.line.calls.filter((c) => ['reply', 'push', 'multicast', 'loading'].includes(c.kind))).toEqual([]);
    expect(await LineUserModel.countDocuments()).toBe(0);
  });

  it('when the same happens in a room, then the bot stays silent too', async () => {
    await bot.send(groupText('สวัสดีครับ', 'room'));
    expect(everythingSent()).toEqual([]);
  });

  it('when a command opted in for groups is typed in a group, then it is answered in the group', async () => {
    await bot.send(groupText('งานกลุ่ม'), groupText('G-042'));
    const replies = bot.line.callsOf('reply').map((c) => c.body as { replyToken: string; messages: Message[] });
    expect(replies.map((r) => (r.messages[0] as { text: string }).text)).toEqual(['group work in group', 'group pattern']);
  });

  it('when a case-card button is pressed in a group, then the postback is routed as usual', async () => {
    await bot.send(inChat(events.postback(encodePostback('test.accept', { c: 'C2569-00042' }), { userId: OFFICER })));
    expect(textsSent()).toEqual(['accepted C2569-00042']);
  });

  it('when a button in a group would start a conversation, then it is refused politely and no session is stored', async () => {
    await bot.send(inChat(events.postback(encodePostback('test.ask'), { userId: OFFICER })));
    expect(textsSent()).toEqual(['ขออภัย รายการนี้ทำได้ในแชทส่วนตัวกับบัญชีของเทศบาลเท่านั้น']);
    expect(await SessionModel.countDocuments()).toBe(0);
  });

  it('when a member with an open one-to-one conversation writes in the group, then the conversation is neither continued nor cancelled', async () => {
    await bot.send(events.text('note', { userId: OFFICER }));
    await bot.send(groupText('ซ่อมไฟเสร็จแล้ว'), groupText('ยกเลิก'));
    expect(textsSent()).toEqual(['note?']);
    expect((await SessionModel.findOne({ userId: OFFICER }).lean())?.stepId).toBe('answer');
    await bot.send(events.text('ไฟดับหน้าตลาด', { userId: OFFICER }));
    expect(textsSent()).toEqual(['note?', 'noted ไฟดับหน้าตลาด']);
  });

  it('when the bot is added to a group, then the join handlers run as before', async () => {
    const { source: _user, follow: _follow, ...join } = events.follow({ userId: OFFICER });
    await bot.send({ ...join, type: 'join', source: { type: 'group', groupId: GROUP } });
    expect(joined).toEqual([GROUP]);
    expect(textsSent()).toEqual(['hello group']);
  });
});
