import { events } from '../../support/webhook';
import type { ComplaintDoc } from '../../../src/features/complaints/complaint.model';
import { ComplaintModel } from '../../../src/features/complaints/complaint.model';
import { revokeOfficer } from '../../../src/features/officers/officers.service';
import { OfficerModel } from '../../../src/features/officers/officer.model';
import { releaseHolder } from '../../../src/features/complaints/complaints.service';
import { encodePostback } from '../../../src/line/postback';
import type { FlexMessage, Message } from '../../../src/line/types';
import { clock } from '../../../src/shared/clock';
import { A, addOfficer, B, CITIZEN, fileCase, HEAD, seedPublicWorksTeam, useOfficersBot } from './fixtures';
import { messageText } from '../../support/bot';

const bot = useOfficersBot();
const DAY = 86_400_000;

/** Runs the deadline job as the scheduler would, then delivers what it queued. */
async function runDeadlines(): Promise<void> {
  await bot.runtime.scheduler.runNow('officers.deadlines');
  await bot.drain();
}
const idOf = (doc: ComplaintDoc) => doc._id.toHexString();
const texts = (messages: Message[]) => messages.map(messageText);
const fresh = async (doc: ComplaintDoc) => (await ComplaintModel.findById(doc._id).lean<ComplaintDoc>()) as ComplaintDoc;

beforeEach(() => seedPublicWorksTeam());

/** Two of A's cases: one in progress, one waiting for the citizen's answer. */
async function casesHeldByA(): Promise<{ working: ComplaintDoc; asked: ComplaintDoc }> {
  const working = await fileCase(clock.now());
  const asked = await fileCase(clock.now());
  for (const doc of [working, asked]) await bot.send(events.postback(encodePostback('officers.accept', { c: idOf(doc) }), { userId: A }));
  await bot.send(events.postback(encodePostback('officers.update', { c: idOf(working) }), { userId: A }));
  await bot.send(events.text('ส่งทีมช่างไปตรวจสอบแล้ว', { userId: A }));
  await bot.send(events.text('เสร็จ', { userId: A }));
  await bot.send(events.postback(encodePostback('officers.ask', { c: idOf(asked) }), { userId: A }));
  await bot.send(events.text('หลุมอยู่ฝั่งขาเข้าหรือขาออกครับ', { userId: A }));
  bot.clearCalls();
  return { working: await fresh(working), asked: await fresh(asked) };
}

/** A's two cases after A was revoked, with what the revocation sent already delivered. */
async function returnedCases(): Promise<{ working: ComplaintDoc; asked: ComplaintDoc }> {
  const cases = await casesHeldByA();
  await revokeOfficer(A, clock.now());
  await bot.drain();
  bot.clearCalls();
  return cases;
}

describe('revoking an officer who holds open cases', () => {
  it('when the officer is revoked, then the cases go back to the department (nobody holds them, same status, a history entry naming who left) and the department gets one push with their cards', async () => {
    const { working, asked } = await casesHeldByA();
    const result = await revokeOfficer(A, clock.now());
    await bot.drain();
    expect(result.casesReturned).toBe(2);
    for (const [doc, status] of [[working, 'in_progress'], [asked, 'waiting_citizen']] as const) {
      const after = await fresh(doc);
      expect(after).toMatchObject({ status, holder: null });
      expect(after.history).toHaveLength(doc.history.length + 1);
      expect(after.history.at(-1)).toEqual({ at: clock.now(), kind: 'holderLeft', actor: { kind: 'system' }, from: status, to: status, holder: { id: A, name: 'สมชาย ช่างดี' }, photos: [] });
    }
    for (const colleague of [B, HEAD]) {
      const [line, carousel] = bot.pushesTo(colleague) as [{ text: string }, FlexMessage];
      expect(line.text).toBe('สมชาย ช่างดี ไม่ได้เป็นเจ้าหน้าที่ในระบบแล้ว เรื่องที่รับไว้ 2 เรื่องกลับมาที่หน่วยงาน กรุณากด "รับเรื่อง" เพื่อดำเนินการต่อ');
      expect(carousel.altText).toBe('เรื่องกลับมาที่หน่วยงาน 2 เรื่อง');
      const body = JSON.stringify(carousel);
      for (const doc of [working, asked]) expect(body).toContain(encodePostback('officers.accept', { c: idOf(doc) }));
      expect(body).not.toContain('0812345678');
    }
    expect(bot.pushesTo(A)).toEqual([]);
    expect(bot.pushesTo(CITIZEN)).toEqual([]);
  });

  it('when a colleague presses Accept on a returned case, then they take it over instead of being told the revoked officer has it, and the team hears who', async () => {
    const { working } = await returnedCases();
    await bot.send(events.postback(encodePostback('officers.accept', { c: idOf(working) }), { userId: B }));
    expect(bot.textsTo(B)[0]).toBe(`ท่านรับเรื่อง ${working.number} แล้ว กรุณาดำเนินการภายในวันที่ 16 มี.ค. 2570`);
    expect(JSON.stringify(bot.repliesTo(B)[1])).toContain('0812345678');
    const after = await fresh(working);
    expect(after).toMatchObject({ status: 'in_progress', holder: { id: B, name: 'วิชัย รักงาน' } });
    expect(after.history.at(-1)).toEqual({ at: clock.now(), kind: 'takenOver', actor: { kind: 'officer', id: B, name: 'วิชัย รักงาน' }, from: 'in_progress', to: 'in_progress', photos: [] });
    // The citizen's timeline says what happened, naming nobody.
    await bot.send(events.postback(encodePostback('complaints.details', { id: idOf(working) }), { userId: CITIZEN }));
    const timeline = JSON.stringify(bot.repliesTo(CITIZEN).at(-1));
    expect(timeline).toContain('เปลี่ยนเจ้าหน้าที่ผู้รับผิดชอบ');
    expect(timeline).toContain('เจ้าหน้าที่ผู้รับผิดชอบคนใหม่รับเรื่องต่อ');
    expect(timeline).not.toContain('สมชาย');
    expect(timeline).not.toContain('วิชัย');
    expect(bot.textsTo(HEAD)).toEqual([`วิชัย รักงาน รับเรื่อง ${working.number} ไปดำเนินการแล้ว`]);
    // The new holder can work on it.
    await bot.send(events.postback(encodePostback('officers.update', { c: idOf(working) }), { userId: B }));
    expect(bot.textsTo(B).at(-1)).toBe(`เรื่อง ${working.number}: กรุณาพิมพ์ความคืบหน้า (ผู้แจ้งจะเห็นข้อความนี้)`);
  });

  it('when the citizen answers the question of a returned case, then the department hears the answer, with the Accept button it is asked to press', async () => {
    const { asked } = await returnedCases();
    await bot.send(events.postback(encodePostback('complaints.answer', { id: idOf(asked) }), { userId: CITIZEN }));
    await bot.send(events.text('ฝั่งขาออก โทร 081-234-5678 ได้ครับ', { userId: CITIZEN }));
    for (const colleague of [B, HEAD]) {
      expect(bot.textsTo(colleague)).toEqual([`ผู้แจ้งตอบคำถามเรื่อง ${asked.number} แล้ว:\nฝั่งขาออก โทร *** ได้ครับ\nเรื่องนี้ยังไม่มีผู้รับผิดชอบ กรุณากด "รับเรื่อง" ด้านล่างเพื่อดำเนินการต่อ`]);
      // The push carries the button it names.
      expect(JSON.stringify(bot.pushesTo(colleague))).toContain(encodePostback('officers.accept', { c: idOf(asked) }));
    }
    expect(bot.pushesTo(A)).toEqual([]);
    expect(await fresh(asked)).toMatchObject({ status: 'in_progress', holder: null });
  });

  it('when nobody has taken a returned case over, then the head sees it as "not accepted" in the overdue list', async () => {
    const { working, asked } = await returnedCases();
    await bot.send(events.text('เลยกำหนด', { userId: HEAD }));
    const [list] = bot.repliesTo(HEAD) as FlexMessage[];
    expect(list.altText).toBe('กองช่าง: เรื่องเลยกำหนดหรือค้างรับ 2 เรื่อง');
    const body = JSON.stringify(list);
    for (const doc of [working, asked]) expect(body).toContain(`${doc.number} · ยังไม่มีผู้รับ`);
  });

  it('when the revoked officer was the department\'s only one, then the complaint centre gets the returned cases with Forward buttons, and a line saying why and what to do', async () => {
    await addOfficer('U_he_only', 'health-env', 'มาลี สะอาด');
    await addOfficer('U_clerk', 'clerk', 'ธุรการ ศูนย์รับเรื่อง');
    const doc = await fileCase(clock.now(), { categoryCode: 'garbage', description: 'ขยะกองหน้าตลาดไม่มีใครมาเก็บสามวันแล้ว' });
    await bot.send(events.postback(encodePostback('officers.accept', { c: idOf(doc) }), { userId: 'U_he_only' }));
    bot.clearCalls();
    await revokeOfficer('U_he_only', clock.now());
    await bot.drain();
    expect(texts(bot.pushesTo('U_clerk'))).toEqual([
      'แจ้งศูนย์รับเรื่องแทนกองสาธารณสุขและสิ่งแวดล้อม ซึ่งยังไม่มีเจ้าหน้าที่รับเรื่องในระบบ กรุณากด "ส่งต่อหน่วยงานอื่น" ที่เรื่อง เพื่อส่งให้หน่วยงานที่ดำเนินการได้',
      'มาลี สะอาด ไม่ได้เป็นเจ้าหน้าที่ในระบบแล้ว เรื่องที่รับไว้ 1 เรื่องกลับมาที่หน่วยงาน',
      'เรื่องกลับมาที่หน่วยงาน 1 เรื่อง',
    ]);
    const cards = JSON.stringify(bot.pushesTo('U_clerk'));
    expect(cards).toContain(encodePostback('officers.forward', { c: idOf(doc) }));
    expect(cards).not.toContain(encodePostback('officers.accept', { c: idOf(doc) }));
    // The clerk can do what the line says: forward the case (here to public works).
    await bot.send(events.postback(encodePostback('officers.forward', { c: idOf(doc) }), { userId: 'U_clerk' }));
    expect(bot.textsTo('U_clerk').at(-1)).toBe(`เรื่อง ${doc.number}: ส่งต่อไปหน่วยงานใด (เลือกจากปุ่ม หรือพิมพ์ชื่อหน่วยงาน)`);
  });

  it('when the revocation stopped after the cases went back and before the department was told, then revoking again tells it, once', async () => {
    const { working, asked } = await casesHeldByA();
    // The first run deactivated A and released the cases, then the process died.
    await OfficerModel.updateOne({ lineUserId: A }, { $set: { active: false, revokedAt: clock.now() } });
    await releaseHolder(A, clock.now());
    await bot.drain();
    expect(bot.pushesTo(B)).toEqual([]);
    expect((await revokeOfficer(A, clock.now())).casesReturned).toBe(2);
    await bot.drain();
    await revokeOfficer(A, clock.now());
    await bot.drain();
    for (const colleague of [B, HEAD]) {
      expect(texts(bot.pushesTo(colleague))).toEqual([expect.stringContaining('สมชาย ช่างดี ไม่ได้เป็นเจ้าหน้าที่ในระบบแล้ว เรื่องที่รับไว้ 2 เรื่อง'), 'เรื่องกลับมาที่หน่วยงาน 2 เรื่อง']);
      const body = JSON.stringify(bot.pushesTo(colleague));
      for (const doc of [working, asked]) expect(body).toContain(encodePostback('officers.accept', { c: idOf(doc) }));
    }
  });

  it('when nobody takes the returned cases over within a day of their return, then the head is told once, counted from the return and not from filing', async () => {
    clock.advance(3 * DAY);
    const { working, asked } = await returnedCases();
    await runDeadlines();
    expect(bot.pushesTo(HEAD)).toEqual([]);
    clock.advance(DAY);
    await runDeadlines();
    await runDeadlines();
    expect(bot.textsTo(HEAD)).toEqual([
      ['มีเรื่องที่ต้องเร่งติดตาม 2 เรื่อง ดังนี้', ...[working, asked].map((d) => `• ${d.number} (ถนน/ทางเท้าชำรุด) ยังไม่มีผู้รับเรื่อง เกิน 1 วัน`)].join('\n'),
    ]);
  });

  it('when an officer holding nothing is revoked, then nobody is told anything', async () => {
    await revokeOfficer(B, clock.now());
    await bot.drain();
    expect(bot.line.callsOf('push')).toEqual([]);
    expect(bot.line.callsOf('multicast')).toEqual([]);
  });
});
