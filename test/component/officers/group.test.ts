import { events } from '../../support/webhook';
import { flowAnswer } from '../../../src/conversation/engine';
import { ComplaintModel, type ComplaintDoc } from '../../../src/features/complaints/complaint.model';
import { DepartmentModel } from '../../../src/features/departments/department.model';
import { encodePostback } from '../../../src/line/postback';
import type { FlexMessage, Message, TextMessage } from '../../../src/line/types';
import { clock } from '../../../src/shared/clock';
import { A, B, CITIZEN, fileCase, seedPublicWorksTeam, useOfficersBot } from './fixtures';

const bot = useOfficersBot();
const GROUP = 'C0123456789abcdef0123456789abcdef';
const PHONE = '0812345678';
const idOf = (doc: ComplaintDoc) => doc._id.toHexString();
const fresh = async (doc: ComplaintDoc) => (await ComplaintModel.findById(doc._id).lean<ComplaintDoc>()) as ComplaintDoc;
const texts = (messages: Message[]) => messages.map((m) => (m.type === 'text' ? m.text : (m as FlexMessage).altText));

/** The event as LINE sends it from a group: the same event with a group source. */
function inGroup<E extends { source: { userId?: string } }>(event: E, groupId = GROUP): E {
  return { ...event, source: { type: 'group', groupId, ...(event.source.userId ? { userId: event.source.userId } : {}) } };
}

/** Messages replied to one event's reply token (a join has no user to file them under). */
function repliesToToken(replyToken: string): Message[] {
  return bot.line
    .callsOf('reply')
    .filter((c) => (c.body as { replyToken: string }).replyToken === replyToken)
    .flatMap((c) => (c.body as { messages: Message[] }).messages);
}

/** A new road case in public works, whose group gets the card. */
async function caseInGroup(): Promise<ComplaintDoc> {
  const doc = await fileCase(clock.now());
  await bot.drain();
  bot.clearCalls();
  return doc;
}

beforeEach(async () => {
  await seedPublicWorksTeam();
  await DepartmentModel.updateOne({ code: 'public-works' }, { $set: { lineGroupId: GROUP } });
});

describe('case buttons pressed in the department group', () => {
  it('when an officer presses Accept there, then the group reads only who took it, and the details with the phone go to the officer alone', async () => {
    const doc = await caseInGroup();
    await bot.send(inGroup(events.postback(encodePostback('officers.accept', { c: idOf(doc) }), { userId: A })));
    expect(bot.repliesTo(A)).toEqual([{ type: 'text', text: `สมชาย ช่างดี รับเรื่อง ${doc.number} แล้ว` }]);
    const own = bot.pushesTo(A);
    expect(texts(own)).toEqual([`ท่านรับเรื่อง ${doc.number} แล้ว กรุณาดำเนินการภายในวันที่ 16 มี.ค. 2570`, expect.stringMatching(`^เรื่อง ${doc.number} สถานะ `)]);
    expect(JSON.stringify(own[1])).toContain(PHONE);
    // Nothing else reaches the group: no second "taken" line, no phone, no description.
    expect(bot.pushesTo(GROUP)).toEqual([]);
    expect(JSON.stringify(bot.repliesTo(A))).not.toContain(PHONE);
    expect(await fresh(doc)).toMatchObject({ status: 'accepted', holder: { id: A } });
  });

  it('when Details is pressed there, then the card goes to the presser’s own chat and the group is told where', async () => {
    const doc = await caseInGroup();
    await bot.send(inGroup(events.postback(encodePostback('officers.detail', { c: idOf(doc) }), { userId: B })));
    expect(bot.repliesTo(B)).toEqual([{ type: 'text', text: `ส่งเรื่อง ${doc.number} ไปที่แชทส่วนตัวของ วิชัย รักงาน แล้ว` }]);
    expect(texts(bot.pushesTo(B))).toEqual([expect.stringMatching(`^เรื่อง ${doc.number} สถานะ `)]);
  });

  it('when the holder presses "update" there, then the dialog runs in the holder’s own chat, not in the group', async () => {
    const doc = await caseInGroup();
    await bot.send(inGroup(events.postback(encodePostback('officers.accept', { c: idOf(doc) }), { userId: A })));
    bot.clearCalls();
    await bot.send(inGroup(events.postback(encodePostback('officers.update', { c: idOf(doc) }), { userId: A })));
    expect(bot.repliesTo(A)).toEqual([{ type: 'text', text: `ส่งเรื่อง ${doc.number} ไปที่แชทส่วนตัวของ สมชาย ช่างดี แล้ว` }]);
    const [card, carryOn] = bot.pushesTo(A) as [FlexMessage, TextMessage];
    expect(card.altText).toMatch(`เรื่อง ${doc.number} สถานะ `);
    expect(carryOn.text).toBe(`เรื่อง ${doc.number}: กด "บันทึกความคืบหน้า" ด้านล่างเพื่อทำรายการต่อในแชทนี้`);
    const button = carryOn.quickReply?.items?.[0].action as { data: string };
    expect(button.data).toBe(encodePostback('officers.update', { c: idOf(doc) }));
    // A taps it in their own chat: the dialog starts there.
    bot.clearCalls();
    await bot.send(events.postback(button.data, { userId: A }));
    await bot.send(events.text('ส่งทีมช่างไปตรวจสอบแล้ว', { userId: A }));
    await bot.send(events.postback(flowAnswer('officers.update', 'photos', 'done'), { userId: A }));
    expect(bot.textsTo(A).at(-1)).toBe(`บันทึกความคืบหน้าเรื่อง ${doc.number} แล้ว และแจ้งผู้แจ้งแล้ว`);
    expect((await fresh(doc)).status).toBe('in_progress');
    expect(bot.pushesTo(GROUP)).toEqual([]);
  });

  it('when the officer has blocked the OA, then the group is told to add it, and nothing is pushed to them', async () => {
    const doc = await caseInGroup();
    await bot.send(events.follow({ userId: A }));
    await bot.send(events.unfollow({ userId: A }));
    bot.clearCalls();
    await bot.send(inGroup(events.postback(encodePostback('officers.accept', { c: idOf(doc) }), { userId: A })));
    expect(texts(bot.repliesTo(A))).toEqual([
      `สมชาย ช่างดี รับเรื่อง ${doc.number} แล้ว แต่ระบบส่งรายละเอียดให้ไม่ได้ เพราะยังไม่ได้เพิ่มบัญชีเทศบาลเป็นเพื่อน (หรือบล็อกไว้) กรุณาเพิ่มเพื่อน แล้วพิมพ์ "งานของฉัน" ในแชทส่วนตัว`,
    ]);
    expect(bot.line.callsOf('push').filter((c) => (c.body as { to: string }).to === A)).toEqual([]);
  });

  it('when someone who is not an officer presses a case button there, then the group gets the refusal and no case detail', async () => {
    const doc = await caseInGroup();
    await bot.send(inGroup(events.postback(encodePostback('officers.detail', { c: idOf(doc) }), { userId: CITIZEN })));
    expect(texts(bot.repliesTo(CITIZEN))).toEqual(['ขออภัย รายการนี้สำหรับเจ้าหน้าที่เทศบาลที่ลงทะเบียนแล้วเท่านั้น']);
    expect(bot.pushesTo(CITIZEN)).toEqual([]);
  });
});

describe('setting up a department group', () => {
  const join = (groupId: string, replyToken: string) => ({ ...inGroup(events.follow({ replyToken }), groupId), type: 'join' });
  const NEW_GROUP = 'Cfedcba9876543210fedcba9876543210';

  it('when the OA is invited to a new group, then it answers with the group id and a plain line that an administrator can bind it, no admin command', async () => {
    await bot.send(join(NEW_GROUP, 'rt-join-1'));
    expect(texts(repliesToToken('rt-join-1'))).toEqual([
      `รหัสกลุ่มนี้: ${NEW_GROUP}\nผู้ดูแลระบบของเทศบาลใช้รหัสนี้ผูกกลุ่มกับหน่วยงานได้`,
    ]);
  });

  it('when someone types "รหัสกลุ่ม" in a bound group, then it names the department; in a one-to-one chat it says it is for groups', async () => {
    await bot.send(inGroup(events.text('รหัสกลุ่ม', { userId: B })));
    expect(texts(bot.repliesTo(B))).toEqual([`กลุ่มนี้รับเรื่องของกองช่าง\nรหัสกลุ่ม: ${GROUP}`]);
    await bot.send(events.text('รหัสกลุ่ม', { userId: B }));
    expect(texts(bot.repliesTo(B))[1]).toBe('คำสั่งนี้ใช้ในกลุ่ม LINE ของหน่วยงาน');
  });

  it('when the OA is removed from the group, then the department is unbound and its next case goes to each officer', async () => {
    const leave = { ...inGroup(events.unfollow({})), type: 'leave' };
    await bot.send(leave);
    expect(await DepartmentModel.findOne({ code: 'public-works' }).lean()).not.toHaveProperty('lineGroupId');
    const doc = await fileCase(clock.now());
    await bot.drain();
    expect(texts(bot.pushesTo(B))).toEqual([expect.stringContaining(`เรื่องใหม่ ${doc.number}`)]);
    expect(bot.pushesTo(GROUP)).toEqual([]);
  });
});
