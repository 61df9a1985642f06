import { events } from '../../support/webhook';
import { DepartmentModel } from '../../../src/features/departments/department.model';
import { ComplaintModel, type ComplaintDoc } from '../../../src/features/complaints/complaint.model';
import { SessionModel } from '../../../src/conversation/session.model';
import { revokeOfficer } from '../../../src/features/officers/officers.service';
import { flowAnswer } from '../../../src/conversation/engine';
import { encodePostback } from '../../../src/line/postback';
import type { FlexMessage, Message, TextMessage } from '../../../src/line/types';
import { clock } from '../../../src/shared/clock';
import { configurePhotoUrls } from '../../../src/features/photos/photos.service';
import * as outbox from '../../../src/notifications/outbox.service';
import { setLanguage } from '../../../src/features/users/users.service';
import { forwardAnswer } from '../../../src/features/officers/citizen-replies';
import { A, addOfficer, B, CITIZEN, fileCase, HEAD as HEAD_PW, jpeg, seedPublicWorksTeam, useOfficersBot } from './fixtures';

const bot = useOfficersBot({ PUBLIC_BASE_URL: 'https://oa.bansukjai.go.th' });
const HE = 'U_he_malee';
const HEAD_HE = 'U_he_head';

beforeAll(() => configurePhotoUrls(bot.config));
beforeEach(async () => {
  await seedPublicWorksTeam();
  await addOfficer(HE, 'health-env', 'มาลี สะอาด');
  await addOfficer(HEAD_HE, 'health-env', 'ประยุทธ หัวหน้า', ['officer', 'head']);
});

const pb = (action: string, c: string) => encodePostback(`officers.${action}`, { c });
const idOf = (doc: ComplaintDoc) => doc._id.toHexString();
const fresh = async (doc: ComplaintDoc) => (await ComplaintModel.findById(doc._id).lean<ComplaintDoc>()) as ComplaintDoc;
const json = (m: Message) => JSON.stringify(m);

/** The one push the citizen got since the last clearCalls(). */
function citizenPush(): FlexMessage {
  const pushes = bot.pushesTo(CITIZEN);
  expect(pushes).toHaveLength(1);
  return pushes[0] as FlexMessage;
}

/** Files a case and clears the new-case pushes, so each test sees only what its actions send. */
async function newCase(overrides: Parameters<typeof fileCase>[1] = {}): Promise<ComplaintDoc> {
  const doc = await fileCase(clock.now(), overrides);
  await bot.drain();
  bot.clearCalls();
  return doc;
}

async function accepted(by = A): Promise<ComplaintDoc> {
  const doc = await newCase();
  await bot.send(events.postback(pb('accept', idOf(doc)), { userId: by }));
  bot.clearCalls();
  return fresh(doc);
}

describe('new case notifications', () => {
  it('when a case is filed, then every officer of its department gets one card with number, category, photo, map link, dates and buttons, and no phone', async () => {
    const doc = await fileCase(clock.now());
    await bot.drain();
    const multicasts = bot.line.callsOf('multicast');
    expect(multicasts).toHaveLength(1);
    expect((multicasts[0].body as { to: string[] }).to.sort()).toEqual([A, B, HEAD_PW].sort());
    const card = bot.pushesTo(A)[0] as FlexMessage;
    expect(card.altText).toBe(`เรื่องใหม่ ${doc.number} ถนน/ทางเท้าชำรุด กำหนดเสร็จ 16 มี.ค. 2570`);
    const body = json(card);
    expect(body).toContain('https://oa.bansukjai.go.th/photos/');
    expect(body).toContain('https://www.google.com/maps/search/?api=1&query=13.756300,100.501800');
    expect(body).toContain(pb('accept', idOf(doc)));
    expect(body).toContain(pb('detail', idOf(doc)));
    expect(body).toContain('1 มี.ค. 2570 09.00 น.');
    expect(body).not.toContain('0812345678');
    expect(bot.pushesTo(HE)).toHaveLength(0);
  });

  it('when the department has a LINE group, then the card goes to the group instead of each officer', async () => {
    await DepartmentModel.updateOne({ code: 'public-works' }, { $set: { lineGroupId: 'C_group_pw' } });
    const doc = await fileCase(clock.now());
    await bot.drain();
    expect(bot.pushesTo('C_group_pw').map((m) => (m as FlexMessage).altText)).toEqual([expect.stringContaining(doc.number)]);
    expect(bot.pushesTo(A)).toHaveLength(0);
  });
});

describe('accept', () => {
  it('when an officer accepts, then they hold the case, see the phone, and colleagues are told who took it', async () => {
    const doc = await newCase();
    await bot.send(events.postback(pb('accept', idOf(doc)), { userId: A }));
    const replies = bot.repliesTo(A);
    expect((replies[0] as { text: string }).text).toBe(`ท่านรับเรื่อง ${doc.number} แล้ว กรุณาดำเนินการภายในวันที่ 16 มี.ค. 2570`);
    expect(json(replies[1])).toContain('0812345678');
    expect(json(replies[1])).toContain(pb('resolve', idOf(doc)));
    expect(bot.textsTo(B)).toEqual([`สมชาย ช่างดี รับเรื่อง ${doc.number} ไปดำเนินการแล้ว`]);
    expect(bot.textsTo(HEAD_PW)).toEqual([`สมชาย ช่างดี รับเรื่อง ${doc.number} ไปดำเนินการแล้ว`]);
    expect(bot.pushesTo(CITIZEN)).toHaveLength(1);
    expect(await fresh(doc)).toMatchObject({ status: 'accepted', holder: { id: A, name: 'สมชาย ช่างดี' } });
  });

  it('when two officers accept at the same moment, then exactly one holds it and the other is told who did', async () => {
    const doc = await newCase();
    await bot.send(events.postback(pb('accept', idOf(doc)), { userId: A }), events.postback(pb('accept', idOf(doc)), { userId: B }));
    const after = await fresh(doc);
    expect(after.status).toBe('accepted');
    const winner = after.holder?.id as string;
    const loser = winner === A ? B : A;
    expect([A, B]).toContain(winner);
    expect(after.history.filter((h) => h.to === 'accepted')).toHaveLength(1);
    expect(bot.repliesTo(loser)).toEqual([{ type: 'text', text: `${after.holder?.name} รับเรื่อง ${doc.number} ไปดำเนินการแล้ว` }]);
    expect(bot.textsTo(winner)[0]).toContain(`ท่านรับเรื่อง ${doc.number} แล้ว`);
  });

  it('when the holder presses accept again, then nothing changes', async () => {
    const doc = await accepted();
    await bot.send(events.postback(pb('accept', idOf(doc)), { userId: A }));
    expect(bot.textsTo(A)).toEqual([`ท่านรับเรื่อง ${doc.number} ไว้แล้ว`]);
    expect((await fresh(doc)).history).toHaveLength(2);
    expect(bot.pushesTo(CITIZEN)).toHaveLength(0);
  });
});

describe('authorisation of every button', () => {
  it('when an officer of another department presses accept, then it is refused and nothing changes', async () => {
    const doc = await newCase();
    await bot.send(events.postback(pb('accept', idOf(doc)), { userId: HE }));
    expect(bot.textsTo(HE)).toEqual(['เรื่องนี้ไม่ได้อยู่ในความรับผิดชอบของหน่วยงานท่าน จึงไม่ได้ดำเนินการใด ๆ']);
    expect((await fresh(doc)).status).toBe('received');
  });

  it('when a citizen (not an officer) presses an officer button, then it is refused', async () => {
    const doc = await newCase();
    await bot.send(events.postback(pb('accept', idOf(doc)), { userId: CITIZEN }));
    expect(bot.textsTo(CITIZEN)).toEqual(['ขออภัย รายการนี้สำหรับเจ้าหน้าที่เทศบาลที่ลงทะเบียนแล้วเท่านั้น']);
    expect((await fresh(doc)).status).toBe('received');
  });

  it('when a revoked officer presses a button of a case they held, then it is refused: no dialog starts and the case is untouched', async () => {
    const doc = await accepted();
    await revokeOfficer(A, clock.now());
    await bot.drain();
    const before = await fresh(doc);
    bot.clearCalls();
    await bot.send(events.postback(pb('update', idOf(doc)), { userId: A }));
    await bot.send(events.text('ซ่อมเสร็จแล้ว', { userId: A }));
    expect(bot.textsTo(A)).toEqual(['ขออภัย รายการนี้สำหรับเจ้าหน้าที่เทศบาลที่ลงทะเบียนแล้วเท่านั้น', expect.not.stringContaining(doc.number)]);
    expect(await SessionModel.countDocuments({ userId: A })).toBe(0);
    expect(await fresh(doc)).toEqual(before);
    expect(bot.pushesTo(CITIZEN)).toEqual([]);
  });

  it('when a colleague who does not hold the case presses update or resolve, then it is refused', async () => {
    const doc = await accepted();
    await bot.send(events.postback(pb('update', idOf(doc)), { userId: B }));
    await bot.send(events.postback(pb('resolve', idOf(doc)), { userId: B }));
    expect(bot.textsTo(B)).toEqual(['เรื่องนี้มีเจ้าหน้าที่ท่านอื่นรับผิดชอบอยู่ จึงไม่ได้ดำเนินการใด ๆ', 'เรื่องนี้มีเจ้าหน้าที่ท่านอื่นรับผิดชอบอยู่ จึงไม่ได้ดำเนินการใด ๆ']);
  });

  it('when a button does not fit the case state, then it is refused naming the state', async () => {
    const doc = await newCase();
    await bot.send(events.postback(pb('accept', idOf(doc)), { userId: A }));
    await ComplaintModel.updateOne({ _id: doc._id }, { $set: { status: 'closed' } });
    bot.clearCalls();
    await bot.send(events.postback(pb('update', idOf(doc)), { userId: A }));
    expect(bot.textsTo(A)[0]).toMatch(/^เรื่องนี้อยู่ในสถานะ ".+" จึงทำรายการนี้ไม่ได้แล้ว$/);
  });

  it('when a postback is forged or names no real case, then it is answered politely and changes nothing', async () => {
    await newCase();
    await bot.send(events.postback('v=1&a=officers.accept&c=%7B%22%24ne%22%3Anull%7D', { userId: A }));
    await bot.send(events.postback(pb('accept', 'aaaaaaaaaaaaaaaaaaaaaaaa'), { userId: A }));
    await bot.send(events.postback('v=9&a=officers.accept&c=1', { userId: A }));
    expect(bot.textsTo(A)).toEqual(['ปุ่มนี้หมดอายุแล้ว กรุณาเริ่มใหม่จากเมนู', 'ไม่พบเรื่องนี้ ปุ่มอาจหมดอายุแล้ว', 'ปุ่มนี้หมดอายุแล้ว กรุณาเริ่มใหม่จากเมนู']);
    expect(await ComplaintModel.countDocuments({ status: 'received' })).toBe(1);
  });
});

describe('a flow started before something changed', () => {
  async function resolveUpToLastStep(doc: ComplaintDoc, by: string) {
    await bot.send(events.postback(pb('resolve', idOf(doc)), { userId: by }));
    await bot.send(events.text('ซ่อมหลุมเรียบร้อยแล้ว', { userId: by }));
    await bot.send(events.image(bot.line.addContent(await jpeg(), 'image/jpeg'), { userId: by }));
  }

  it('when the officer is revoked in the middle of a resolve, then finishing it is refused and the case is not resolved', async () => {
    const doc = await accepted();
    await resolveUpToLastStep(doc, A);
    await revokeOfficer(A, clock.now());
    await bot.drain();
    bot.clearCalls();
    await bot.send(events.postback(flowAnswer('officers.resolve', 'photos', 'done'), { userId: A }));
    expect(bot.textsTo(A)).toEqual(['ขออภัย รายการนี้สำหรับเจ้าหน้าที่เทศบาลที่ลงทะเบียนแล้วเท่านั้น']);
    const after = await fresh(doc);
    expect(after).toMatchObject({ status: 'accepted', holder: null });
    expect(after.history.filter((h) => h.to === 'resolved')).toEqual([]);
    expect(bot.pushesTo(CITIZEN)).toHaveLength(0);
  });

  it('when the case is forwarded while its holder is resolving it, then finishing is refused and the other department keeps it', async () => {
    const doc = await accepted();
    await resolveUpToLastStep(doc, A);
    // The head forwards it meanwhile (triage by a head of the case's department).
    await bot.send(events.postback(pb('forward', idOf(doc)), { userId: HEAD_PW }));
    await bot.send(events.postback(flowAnswer('officers.forward', 'department', 'health-env'), { userId: HEAD_PW }));
    await bot.send(events.text('เป็นเรื่องขยะกีดขวางทาง ไม่ใช่ถนนชำรุด', { userId: HEAD_PW }));
    bot.clearCalls();
    await bot.send(events.postback(flowAnswer('officers.resolve', 'photos', 'done'), { userId: A }));
    expect(bot.textsTo(A)).toEqual(['เรื่องนี้ไม่ได้อยู่ในความรับผิดชอบของหน่วยงานท่าน จึงไม่ได้ดำเนินการใด ๆ']);
    expect(await fresh(doc)).toMatchObject({ status: 'received', departmentCode: 'health-env', holder: null });
    expect(bot.pushesTo(CITIZEN)).toHaveLength(0);
  });
});

describe('update, ask, resolve, refer', () => {
  it('when the holder adds progress with a photo, then the note and photo are on the case and the citizen is told', async () => {
    const doc = await accepted();
    await bot.send(events.postback(pb('update', idOf(doc)), { userId: A }));
    await bot.send(events.text('ส่งทีมช่างไปตรวจสอบแล้ว จะซ่อมภายในสัปดาห์นี้', { userId: A }));
    const photoId = bot.line.addContent(await jpeg(), 'image/jpeg');
    await bot.send(events.image(photoId, { userId: A }));
    await bot.send(events.postback(flowAnswer('officers.update', 'photos', 'done'), { userId: A }));
    expect(bot.textsTo(A)).toEqual([
      `เรื่อง ${doc.number}: กรุณาพิมพ์ความคืบหน้า (ผู้แจ้งจะเห็นข้อความนี้)`,
      'ส่งรูปประกอบได้ (ไม่บังคับ) แล้วกด "เสร็จ"',
      'รับรูปแล้ว 1 รูป',
      `บันทึกความคืบหน้าเรื่อง ${doc.number} แล้ว และแจ้งผู้แจ้งแล้ว`,
    ]);
    const after = await fresh(doc);
    expect(after.status).toBe('in_progress');
    expect(after.history.at(-1)).toMatchObject({ note: 'ส่งทีมช่างไปตรวจสอบแล้ว จะซ่อมภายในสัปดาห์นี้', actor: { id: A } });
    expect(after.history.at(-1)?.photos).toHaveLength(1);
    const update = citizenPush();
    expect(update.altText).toContain(doc.number);
    expect(update.altText).toContain('ส่งทีมช่างไปตรวจสอบแล้ว จะซ่อมภายในสัปดาห์นี้');
    expect(json(update)).toContain(`https://oa.bansukjai.go.th/photos/${after.history.at(-1)?.photos[0].fileId}`);
  });

  it('when the holder tries to resolve without an after-photo, then it is refused until a photo is sent', async () => {
    const doc = await accepted();
    await bot.send(events.postback(pb('resolve', idOf(doc)), { userId: A }));
    await bot.send(events.text('ซ่อมหลุมเรียบร้อยแล้ว', { userId: A }));
    await bot.send(events.postback(flowAnswer('officers.resolve', 'photos', 'done'), { userId: A }));
    expect(bot.textsTo(A)[2]).toBe('การปิดงานต้องมีรูปถ่ายหลังดำเนินการอย่างน้อย 1 รูป กรุณาส่งรูปก่อนกด "เสร็จ"');
    expect((await fresh(doc)).status).toBe('accepted');
    await bot.send(events.image(bot.line.addContent(await jpeg({ r: 10, g: 200, b: 10 }), 'image/jpeg'), { userId: A }));
    await bot.send(events.postback(flowAnswer('officers.resolve', 'photos', 'done'), { userId: A }));
    expect(bot.textsTo(A).at(-1)).toBe(`ปิดงานเรื่อง ${doc.number} แล้ว ผู้แจ้งจะได้รับผลและยืนยันหรือขอให้ดำเนินการต่อได้`);
    const after = await fresh(doc);
    expect(after.status).toBe('resolved');
    expect(after.history.at(-1)?.photos).toHaveLength(1);
    // The citizen gets the result once, with the after-photo and buttons to confirm or reopen.
    const result = citizenPush();
    expect(result.altText).toContain('ซ่อมหลุมเรียบร้อยแล้ว');
    expect(json(result)).toContain(`https://oa.bansukjai.go.th/photos/${after.history.at(-1)?.photos[0].fileId}`);
    expect(json(result)).toContain(encodePostback('complaints.confirm', { id: idOf(doc) }));
    expect(json(result)).toContain(encodePostback('complaints.reopen', { id: idOf(doc) }));
  });

  it('when the holder asks the citizen, then the question and an answer button reach the citizen; the answer, pressed and typed in LINE, reaches the holder and work resumes', async () => {
    const doc = await accepted();
    await bot.send(events.postback(pb('ask', idOf(doc)), { userId: A }));
    await bot.send(events.text('หลุมอยู่ฝั่งขาเข้าหรือขาออกครับ', { userId: A }));
    expect(bot.textsTo(A).at(-1)).toBe(`ส่งคำถามถึงผู้แจ้งเรื่อง ${doc.number} แล้ว เมื่อผู้แจ้งตอบ ระบบจะแจ้งท่านทันที`);
    expect((await fresh(doc)).status).toBe('waiting_citizen');
    const question = citizenPush();
    expect(question.altText).toContain('หลุมอยู่ฝั่งขาเข้าหรือขาออกครับ');
    const answerButton = encodePostback('complaints.answer', { id: idOf(doc) });
    expect(json(question)).toContain(answerButton);
    bot.clearCalls();
    await bot.send(events.postback(answerButton, { userId: CITIZEN }));
    await bot.send(events.text('ฝั่งขาออก หน้าร้านข้าวมันไก่', { userId: CITIZEN }));
    expect(bot.pushesTo(A)).toEqual([{ type: 'text', text: `ผู้แจ้งตอบคำถามเรื่อง ${doc.number} แล้ว:\nฝั่งขาออก หน้าร้านข้าวมันไก่` }]);
    expect((await fresh(doc)).status).toBe('in_progress');
  });

  it('when the answer is passed on again (a re-run after the holder was told), then nobody else gets it: not the department, not twice', async () => {
    const doc = await accepted();
    await bot.send(events.postback(pb('ask', idOf(doc)), { userId: A }));
    await bot.send(events.text('หลุมอยู่ฝั่งขาเข้าหรือขาออกครับ', { userId: A }));
    await bot.send(events.postback(encodePostback('complaints.answer', { id: idOf(doc) }), { userId: CITIZEN }));
    await bot.send(events.text('ฝั่งขาออก โทร 081-234-5678 ได้ครับ', { userId: CITIZEN }));
    bot.clearCalls();
    await forwardAnswer(idOf(doc));
    await bot.drain();
    expect(bot.line.callsOf('push')).toEqual([]);
    expect(bot.line.callsOf('multicast')).toEqual([]);
  });

  it('when the citizen reopens a resolved case from the result push, then the holder is told', async () => {
    const doc = await accepted();
    await bot.send(events.postback(pb('resolve', idOf(doc)), { userId: A }));
    await bot.send(events.text('ซ่อมหลุมเรียบร้อยแล้ว', { userId: A }));
    await bot.send(events.image(bot.line.addContent(await jpeg(), 'image/jpeg'), { userId: A }));
    await bot.send(events.postback(flowAnswer('officers.resolve', 'photos', 'done'), { userId: A }));
    const reopenButton = encodePostback('complaints.reopen', { id: idOf(doc) });
    expect(json(citizenPush())).toContain(reopenButton);
    bot.clearCalls();
    await bot.send(events.postback(reopenButton, { userId: CITIZEN }));
    await bot.send(events.text('ยังมีหลุมเหลืออีกจุดหนึ่ง', { userId: CITIZEN }));
    expect(bot.pushesTo(A)).toEqual([{ type: 'text', text: `ผู้แจ้งขอให้ดำเนินการเรื่อง ${doc.number} ต่อ กรุณาตรวจสอบ` }]);
    expect(await fresh(doc)).toMatchObject({ status: 'in_progress', reopenCount: 1 });
  });

  it('when the holder refers a case outside the municipality powers, then it is closed as referred and the citizen gets the note once', async () => {
    const doc = await accepted();
    await bot.send(events.postback(pb('refer', idOf(doc)), { userId: A }));
    await bot.send(events.text('ถนนสายนี้เป็นของกรมทางหลวง กรุณาแจ้งแขวงทางหลวงนครปฐม โทร 1586', { userId: A }));
    expect(bot.textsTo(A).at(-1)).toBe(`แจ้งผู้แจ้งเรื่อง ${doc.number} ให้ติดต่อหน่วยงานที่เกี่ยวข้องแล้ว`);
    expect(await fresh(doc)).toMatchObject({ status: 'referred' });
    const referral = citizenPush();
    expect(referral.altText).toContain(doc.number);
    expect(referral.altText).toContain('ถนนสายนี้เป็นของกรมทางหลวง กรุณาแจ้งแขวงทางหลวงนครปฐม โทร 1586');
  });
});

describe('a head acting on a case someone else holds', () => {
  it('when the head resolves it, then the holder is told who closed it', async () => {
    const doc = await accepted();
    await bot.send(events.postback(pb('resolve', idOf(doc)), { userId: HEAD_PW }));
    await bot.send(events.text('ตรวจแล้ว ซ่อมเสร็จเรียบร้อย', { userId: HEAD_PW }));
    await bot.send(events.image(bot.line.addContent(await jpeg(), 'image/jpeg'), { userId: HEAD_PW }));
    await bot.send(events.postback(flowAnswer('officers.resolve', 'photos', 'done'), { userId: HEAD_PW }));
    expect(bot.textsTo(A)).toEqual([`สมศรี หัวหน้า ปิดงานเรื่อง ${doc.number} ที่ท่านรับไว้แล้ว`]);
    expect((await fresh(doc)).status).toBe('resolved');
  });

  it('when the head forwards or refers it, then the holder is told where it went', async () => {
    const forwarded = await accepted();
    await bot.send(events.postback(pb('forward', idOf(forwarded)), { userId: HEAD_PW }));
    await bot.send(events.postback(flowAnswer('officers.forward', 'department', 'health-env'), { userId: HEAD_PW }));
    await bot.send(events.text('เป็นเรื่องขยะกีดขวางทาง ไม่ใช่ถนนชำรุด', { userId: HEAD_PW }));
    expect(bot.pushesTo(A)).toEqual([{ type: 'text', text: `สมศรี หัวหน้า ส่งเรื่อง ${forwarded.number} ที่ท่านรับไว้ไปยังกองสาธารณสุขและสิ่งแวดล้อมแล้ว ท่านไม่ต้องดำเนินการเรื่องนี้ต่อ` }]);
    const referred = await accepted();
    await bot.send(events.postback(pb('refer', idOf(referred)), { userId: HEAD_PW }));
    await bot.send(events.text('ถนนสายนี้เป็นของกรมทางหลวง กรุณาแจ้งแขวงทางหลวง', { userId: HEAD_PW }));
    expect(bot.textsTo(A)).toEqual([`สมศรี หัวหน้า แนะนำผู้แจ้งเรื่อง ${referred.number} ที่ท่านรับไว้ให้ติดต่อหน่วยงานอื่นแล้ว เรื่องนี้ยุติแล้ว`]);
  });

  it('when the holder reads English and the head resolves or asks on their case, then the notice says "resolved" (not closed) and reads naturally', async () => {
    const resolved = await accepted();
    await setLanguage(A, 'en');
    await bot.send(events.postback(pb('resolve', idOf(resolved)), { userId: HEAD_PW }));
    await bot.send(events.text('ตรวจแล้ว ซ่อมเสร็จเรียบร้อย', { userId: HEAD_PW }));
    await bot.send(events.image(bot.line.addContent(await jpeg(), 'image/jpeg'), { userId: HEAD_PW }));
    await bot.send(events.postback(flowAnswer('officers.resolve', 'photos', 'done'), { userId: HEAD_PW }));
    expect(bot.textsTo(A)).toEqual([`สมศรี หัวหน้า resolved case ${resolved.number} (yours).`]);
    const asked = await accepted();
    await bot.send(events.postback(pb('ask', idOf(asked)), { userId: HEAD_PW }));
    await bot.send(events.text('หลุมอยู่ฝั่งขาเข้าหรือขาออกครับ', { userId: HEAD_PW }));
    expect(bot.textsTo(A)).toEqual([`สมศรี หัวหน้า sent the citizen a question on case ${asked.number} (yours). You will be told when the citizen answers.`]);
  });

  it('when the holder acts on their own case, then they get no such notice', async () => {
    const doc = await accepted();
    await bot.send(events.postback(pb('refer', idOf(doc)), { userId: A }));
    await bot.send(events.text('ถนนสายนี้เป็นของกรมทางหลวง กรุณาแจ้งแขวงทางหลวง', { userId: A }));
    expect(bot.pushesTo(A)).toEqual([]);
  });
});

describe('forward and the ping-pong guard', () => {
  async function forward(doc: ComplaintDoc, by: string, to: string, reason: string) {
    await bot.send(events.postback(pb('forward', idOf(doc)), { userId: by }));
    await bot.send(events.postback(flowAnswer('officers.forward', 'department', to), { userId: by }));
    await bot.send(events.text(reason, { userId: by }));
  }

  it('when the holder forwards with a reason, then the new department gets the card with the reason', async () => {
    const doc = await accepted();
    await forward(doc, A, 'health-env', 'เป็นเรื่องขยะกีดขวางทาง ไม่ใช่ถนนชำรุด');
    expect(bot.textsTo(A).at(-1)).toBe(`ส่งเรื่อง ${doc.number} ไปยังกองสาธารณสุขและสิ่งแวดล้อมแล้ว`);
    const card = bot.pushesTo(HE)[0] as FlexMessage;
    expect(card.altText).toContain(`เรื่องส่งต่อ ${doc.number}`);
    expect(json(card)).toContain('เป็นเรื่องขยะกีดขวางทาง ไม่ใช่ถนนชำรุด');
    expect(json(card)).toContain('กองช่าง');
    expect(await fresh(doc)).toMatchObject({ departmentCode: 'health-env', status: 'received', holder: null });
    // The citizen hears once that the case moved, with the department it went to.
    const moved = citizenPush();
    expect(moved.altText).toContain(doc.number);
    expect(JSON.stringify(moved)).toContain('กองสาธารณสุขและสิ่งแวดล้อม');
  });

  it('when the server fails between the forward and its notification, then the retried event still sends the new department its card, once', async () => {
    const doc = await accepted();
    const realEnqueue = outbox.enqueuePush;
    let failed = false;
    const enqueue = jest.spyOn(outbox, 'enqueuePush').mockImplementation(async (request) => {
      if (request.topic === 'officers.forwarded' && !failed) {
        failed = true;
        throw new Error('connection reset by the database');
      }
      return realEnqueue(request);
    });
    try {
      await forward(doc, A, 'health-env', 'เป็นเรื่องขยะกีดขวางทาง ไม่ใช่ถนนชำรุด');
    } finally {
      enqueue.mockRestore();
    }
    expect(failed).toBe(true);
    expect(bot.pushesTo(HE).map((m) => (m as FlexMessage).altText)).toEqual([expect.stringContaining(`เรื่องส่งต่อ ${doc.number}`)]);
    expect(bot.textsTo(A).at(-1)).toBe(`ส่งเรื่อง ${doc.number} ไปยังกองสาธารณสุขและสิ่งแวดล้อมแล้ว`);
    expect((await fresh(doc)).forwards).toHaveLength(1);
  });

  it('when the new department sends it straight back within 24 hours, then only a head may do so', async () => {
    const doc = await accepted();
    await forward(doc, A, 'health-env', 'เป็นเรื่องขยะกีดขวางทาง');
    bot.clearCalls();
    await bot.send(events.postback(pb('forward', idOf(doc)), { userId: HE }));
    await bot.send(events.postback(flowAnswer('officers.forward', 'department', 'public-works'), { userId: HE }));
    expect(bot.textsTo(HE)[1]).toBe('เรื่องนี้ส่งมาจากกองช่างไม่ถึง 24 ชั่วโมง การส่งกลับต้องให้หัวหน้าหน่วยงานดำเนินการ');
    await bot.send(events.text('ยกเลิก', { userId: HE }));
    expect((await fresh(doc)).departmentCode).toBe('health-env');
    await forward(doc, HEAD_HE, 'public-works', 'ตรวจแล้วเป็นถนนชำรุดจริง ขอส่งคืน');
    expect(await fresh(doc)).toMatchObject({ departmentCode: 'public-works' });
    expect(bot.pushesTo(A).map((m) => (m as FlexMessage).altText)).toEqual([expect.stringContaining('เรื่องส่งต่อ')]);
  });

  it('when there are more departments than quick replies hold, then they come in pages and a typed name also chooses one', async () => {
    await DepartmentModel.insertMany(Array.from({ length: 12 }, (_, i) => ({ code: `unit-${String(i + 1).padStart(2, '0')}`, name: { th: `งานทดสอบ ${i + 1}` }, sortOrder: 200 + i })));
    const doc = await accepted();
    const labels = () => ((bot.repliesTo(A).at(-1) as TextMessage).quickReply?.items ?? []).map((item) => (item.action as { label: string }).label);
    await bot.send(events.postback(pb('forward', idOf(doc)), { userId: A }));
    expect(labels()).toHaveLength(13);
    expect(labels().slice(-2)).toEqual(['หน่วยงานอื่น ๆ', 'ยกเลิก']);
    await bot.send(events.postback(flowAnswer('officers.forward', 'department', 'page:1'), { userId: A }));
    // 8 demo departments and 12 more, less the case's own: 11 on the first page, 9 on the second.
    expect(labels()).toEqual([...Array.from({ length: 9 }, (_, i) => `งานทดสอบ ${i + 4}`), 'กลับหน้าแรก', 'ยกเลิก']);
    await bot.send(events.text('งานทดสอบ 12', { userId: A }));
    await bot.send(events.text('เป็นงานของหน่วยทดสอบโดยตรง', { userId: A }));
    expect(await fresh(doc)).toMatchObject({ departmentCode: 'unit-12', status: 'received' });
  });

  it('when the officer types the department with a polite ending, as in the complaint dialogs, then it still chooses it', async () => {
    const doc = await accepted();
    await bot.send(events.postback(pb('forward', idOf(doc)), { userId: A }));
    await bot.send(events.text('กองสาธารณสุขและสิ่งแวดล้อมครับ', { userId: A }));
    expect(bot.textsTo(A).at(-1)).toBe('กรุณาพิมพ์เหตุผลที่ส่งต่อ');
    await bot.send(events.text('เป็นเรื่องขยะกีดขวางทาง ไม่ใช่ถนนชำรุด', { userId: A }));
    expect(await fresh(doc)).toMatchObject({ departmentCode: 'health-env', status: 'received' });
  });

  it('when 24 hours have passed, then an officer may send it back', async () => {
    const doc = await accepted();
    await forward(doc, A, 'health-env', 'เป็นเรื่องขยะกีดขวางทาง');
    clock.advance(24 * 3_600_000 + 1000);
    await forward(doc, HE, 'public-works', 'ตรวจแล้วเป็นถนนชำรุดจริง');
    expect((await fresh(doc)).departmentCode).toBe('public-works');
  });
});
