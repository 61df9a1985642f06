import { messageText, useTestBot } from '../../support/bot';
import { events } from '../../support/webhook';
import { LineUserModel } from '../../../src/features/users/user.model';
import { usersFeature } from '../../../src/features/users/users.handlers';
import { helpFeature } from '../../../src/features/help/help.handlers';
import { enqueuePush } from '../../../src/notifications/outbox.service';
import { OutboxModel } from '../../../src/notifications/outbox.model';
import { encodePostback } from '../../../src/line/postback';
import type { Feature } from '../../../src/features/feature';

/** A command with digits in it, as counters and rooms are named. */
const counterFeature: Feature = {
  name: 'counter',
  register({ router }) {
    router.command(['ช่อง 3'], (ctx) => ctx.reply({ type: 'text', text: 'counter 3' }));
  },
};

const bot = useTestBot({ features: [usersFeature, helpFeature, counterFeature] });
beforeEach(() => bot.line.profiles.clear());

describe('follow and unfollow', () => {
  it('when a user follows, then they get the welcome card with the privacy notice and the main actions', async () => {
    await bot.send(events.follow({ userId: 'U_new' }));
    const [welcome] = bot.repliesTo('U_new');
    expect(welcome).toMatchObject({ type: 'flex', altText: 'ยินดีต้อนรับสู่บริการออนไลน์ของเทศบาล' });
    expect(JSON.stringify(welcome)).toContain('พ.ร.บ.คุ้มครองข้อมูลส่วนบุคคล');
    const user = await LineUserModel.findOne({ userId: 'U_new' }).lean();
    expect(user).toMatchObject({ lang: 'th', blocked: false });
    expect(user?.followedAt).toBeInstanceOf(Date);
  });

  it('when the LINE profile is in English, then the user is answered in English from the first message', async () => {
    bot.line.profiles.set('U_en', { displayName: 'Ann', language: 'en' });
    await bot.send(events.text('help', { userId: 'U_en' }));
    expect(bot.textsTo('U_en')[0]).toContain('What would you like to do?');
  });

  it('when a user blocks the OA, then they are marked blocked and nothing more is pushed to them', async () => {
    await bot.send(events.follow({ userId: 'U_leaving' }));
    await bot.send(events.unfollow({ userId: 'U_leaving' }));
    expect((await LineUserModel.findOne({ userId: 'U_leaving' }).lean())?.blocked).toBe(true);
    bot.clearCalls();
    await enqueuePush({ to: 'U_leaving', messages: [{ type: 'text', text: 'แจ้งสถานะ' }], topic: 'test' });
    await bot.drain();
    expect(bot.line.callsOf('push')).toHaveLength(0);
    expect((await OutboxModel.findOne().lean())?.status).toBe('skipped');
  });

  it('when a user marked blocked writes to the OA, then the stale flag is cleared and pushes reach them again', async () => {
    await bot.send(events.follow({ userId: 'U_stale' }), events.unfollow({ userId: 'U_stale' }));
    // LINE never told us of the unblock (a lost follow event); the user simply writes.
    await bot.send(events.text('ช่วยเหลือ', { userId: 'U_stale' }));
    const user = await LineUserModel.findOne({ userId: 'U_stale' }).lean();
    expect(user).toMatchObject({ blocked: false });
    expect(user?.blockedAt).toBeUndefined();
    await enqueuePush({ to: 'U_stale', messages: [{ type: 'text', text: 'แจ้งสถานะ' }], topic: 'test' });
    await bot.drain();
    expect(bot.pushesTo('U_stale')).toEqual([{ type: 'text', text: 'แจ้งสถานะ' }]);
  });

  it('when a blocked user writes in a group the OA is in, then they stay blocked', async () => {
    await bot.send(events.follow({ userId: 'U_grouped' }), events.unfollow({ userId: 'U_grouped' }));
    const inGroup = { ...events.text('ช่วยเหลือ', { userId: 'U_grouped' }), source: { type: 'group', groupId: 'C_dept', userId: 'U_grouped' } };
    await bot.send(inGroup);
    expect((await LineUserModel.findOne({ userId: 'U_grouped' }).lean())?.blocked).toBe(true);
  });

  it('when a blocked user unblocks, then they are reachable again', async () => {
    await bot.send(events.follow({ userId: 'U_back' }));
    await bot.send(events.unfollow({ userId: 'U_back' }));
    await bot.send(events.follow({ userId: 'U_back', unblocked: true }));
    expect((await LineUserModel.findOne({ userId: 'U_back' }).lean())?.blocked).toBe(false);
  });
});

describe('language', () => {
  it('when the user asks for the language menu and picks English, then later answers are in English', async () => {
    await bot.send(events.text('ภาษา', { userId: 'U_lang' }));
    const [ask] = bot.repliesTo('U_lang');
    expect(messageText(ask)).toBe('กรุณาเลือกภาษาที่ต้องการ');
    expect(ask.quickReply?.items?.map((i) => i.action?.label)).toEqual(['ไทย', 'English', 'မြန်မာ']);
    await bot.send(events.postback(encodePostback('users.setLanguage', { l: 'en' }), { userId: 'U_lang' }));
    expect(bot.textsTo('U_lang')[1]).toBe('Language changed to English.');
    await bot.send(events.text('อะไรก็ได้', { userId: 'U_lang' }));
    expect(bot.textsTo('U_lang')[2]).toContain('Sorry, I did not understand that.');
  });

  it('when a forged language postback arrives, then it is answered politely and nothing changes', async () => {
    await bot.send(events.postback(encodePostback('users.setLanguage', { l: 'xx' }), { userId: 'U_forge' }));
    expect(bot.textsTo('U_forge')).toEqual(['ปุ่มนี้หมดอายุแล้ว กรุณาเริ่มใหม่จากเมนู']);
    expect((await LineUserModel.findOne({ userId: 'U_forge' }).lean())?.lang).toBe('th');
  });

  it('when the user types Thai digits, then commands still match', async () => {
    await bot.send(events.text('ช่อง ๓', { userId: 'U_digits' }));
    expect(bot.textsTo('U_digits')).toEqual(['counter 3']);
  });

  it('when the user types a command in capitals with spaces around it, then it still matches', async () => {
    await bot.send(events.text('  HELP  ', { userId: 'U_caps' }));
    expect(bot.textsTo('U_caps')[0]).toContain('ท่านต้องการใช้บริการใด');
  });
});
