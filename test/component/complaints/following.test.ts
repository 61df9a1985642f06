import { events } from '../../support/webhook';
import { clock } from '../../../src/shared/clock';
import { onDomainEvent, type DomainEvents } from '../../../src/shared/domain-events';
import { ComplaintModel } from '../../../src/features/complaints/complaint.model';
import { acceptCase, askCitizen, closeExpiredResolved, resolveCase } from '../../../src/features/complaints/complaints.service';
import { closeResolvedJob } from '../../../src/features/complaints/close-resolved.job';
import { storePhoto } from '../../../src/features/photos/photos.service';
import type { FlexMessage } from '../../../src/line/types';
import { flowAnswer as encodeFlow } from '../../../src/conversation/engine';
import { addOfficer, answer, caseAction, exchange, fileStreetLight, phoneJpeg, say, useComplaintsBot } from './helpers';

const bot = useComplaintsBot();
const OWNER = 'U_owner';
const OTHER = 'U_other';
const OFFICER = { kind: 'officer' as const, id: 'U_officer_pw' };
const closedEvents: DomainEvents['complaint.closed'][] = [];

beforeAll(() => {
  onDomainEvent('complaint.closed', (e) => {
    closedEvents.push(e);
  });
});
beforeEach(async () => {
  await addOfficer(OFFICER.id, 'สมชาย ช่างดี', 'public-works');
  closedEvents.length = 0;
});

async function filedCase(userId = OWNER, latitude?: number) {
  await fileStreetLight(bot, userId, { latitude });
  const doc = await ComplaintModel.findOne({ citizenId: userId }).sort({ seq: -1 }).lean();
  return doc!;
}

async function resolved(userId = OWNER) {
  const doc = await filedCase(userId);
  const id = doc._id.toHexString();
  await acceptCase(id, OFFICER, clock.now());
  const photo = await storePhoto(await phoneJpeg());
  await resolveCase(id, OFFICER, { note: 'เปลี่ยนหลอดไฟใหม่ 2 ดวงแล้ว', photos: [photo] }, clock.now());
  await bot.drain();
  return id;
}

describe('following a case', () => {
  it('when the citizen types "ติดตามเรื่อง", then a carousel shows their cases with number, category, status and due date', async () => {
    await filedCase();
    const replies = await exchange(bot, OWNER, events.text('ติดตามเรื่อง', { userId: OWNER }));
    expect(replies.map(say)).toEqual(['เรื่องของท่าน 1 เรื่อง (ยังไม่ยุติ 1 เรื่อง)']);
    const body = JSON.stringify((replies[0] as FlexMessage).contents);
    for (const part of ['C2569-00001', 'ไฟฟ้าส่องสว่าง', 'รับเรื่องแล้ว', '28 พ.ย. 2569', '21 พ.ย. 2569 10.00 น.']) expect(body).toContain(part);
  });

  it('when a citizen with no cases asks to track, then they are told how to file', async () => {
    const replies = await exchange(bot, OTHER, events.postback('v=1&a=complaints.track', { userId: OTHER }));
    expect(replies.map(say)).toEqual(['ท่านยังไม่มีเรื่องที่แจ้งไว้ หากต้องการแจ้งเรื่อง พิมพ์ "แจ้งเรื่อง"']);
  });

  it('when a resolved case waits for the owner among many newer closed ones, then it is listed with the open ones', async () => {
    const base = (await filedCase()) as unknown as Record<string, unknown>;
    const { _id: _ignored, ...rest } = base;
    await ComplaintModel.updateOne({ number: 'C2569-00001' }, { $set: { status: 'resolved', resolvedAt: clock.now(), lastActivityAt: new Date(Date.UTC(2026, 9, 1)) } });
    const docs = Array.from({ length: 11 }, (_, i) => ({ ...rest, number: `C2569-${String(i + 2).padStart(5, '0')}`, seq: i + 2, status: 'closed', lastActivityAt: new Date(Date.UTC(2026, 10, 1 + i)), sourceEventId: `seed-${i}` }));
    await ComplaintModel.insertMany(docs);
    const replies = await exchange(bot, OWNER, events.text('track', { userId: OWNER }));
    const bubbles = ((replies[0] as FlexMessage).contents as { contents: unknown[] }).contents.map((b) => JSON.stringify(b));
    expect(bubbles.map((b) => /C2569-\d{5}/.exec(b)?.[0])).toEqual(['C2569-00001', 'C2569-00012', 'C2569-00011', 'C2569-00010', 'C2569-00009', 'C2569-00008', 'C2569-00007', 'C2569-00006', 'C2569-00005', 'C2569-00004']);
    expect(say(replies[0])).toBe('เรื่องของท่าน 10 เรื่อง (ยังไม่ยุติ 1 เรื่อง)');
  });

  it('when the owner has twelve cases, then ten are listed with the open ones first', async () => {
    const base = (await filedCase()) as unknown as Record<string, unknown>;
    const { _id: _ignored, ...rest } = base;
    const docs = Array.from({ length: 11 }, (_, i) => ({ ...rest, number: `C2569-${String(i + 2).padStart(5, '0')}`, seq: i + 2, status: i < 8 ? 'closed' : 'in_progress', lastActivityAt: new Date(Date.UTC(2026, 10, 1 + i)), sourceEventId: `seed-${i}` }));
    await ComplaintModel.insertMany(docs);
    const replies = await exchange(bot, OWNER, events.text('track', { userId: OWNER }));
    const bubbles = ((replies[0] as FlexMessage).contents as { contents: unknown[] }).contents.map((b) => JSON.stringify(b));
    expect(bubbles).toHaveLength(10);
    const numbers = bubbles.map((b) => /C2569-\d{5}/.exec(b)?.[0]);
    expect(numbers).toEqual(['C2569-00001', 'C2569-00012', 'C2569-00011', 'C2569-00010', 'C2569-00009', 'C2569-00008', 'C2569-00007', 'C2569-00006', 'C2569-00005', 'C2569-00004']);
  });

  it('when the owner types the case number, then the timeline shows; anyone else gets the same answer as for a number that does not exist', async () => {
    await filedCase();
    let replies = await exchange(bot, OWNER, events.text('c2569-1', { userId: OWNER }));
    expect(replies.map(say)).toEqual(['เรื่อง C2569-00001 สถานะ: รับเรื่องแล้ว']);
    expect(JSON.stringify(replies[0])).toContain('ไฟถนนหน้าบ้านเลขที่ 12 ดับมา 3 คืนแล้ว');
    const notFound = 'ไม่พบเรื่องเลขที่นี้ในเรื่องของท่าน กรุณาตรวจสอบเลขที่เรื่อง หรือพิมพ์ "ติดตามเรื่อง"';
    replies = await exchange(bot, OTHER, events.text('C2569-00001', { userId: OTHER }));
    expect(replies.map(say)).toEqual([notFound]);
    replies = await exchange(bot, OTHER, events.text('C2569-00099', { userId: OTHER }));
    expect(replies.map(say)).toEqual([notFound]);
  });

  it('when another user presses details, cancel, confirm, reopen or answer with the case id, then they see and change nothing', async () => {
    const doc = await filedCase();
    const id = doc._id.toHexString();
    for (const action of ['details', 'cancelCase', 'confirm', 'reopen', 'answer']) {
      const replies = await exchange(bot, OTHER, events.postback(caseAction(action, id), { userId: OTHER }));
      expect(replies.map(say)).toEqual(['ไม่พบเรื่องที่ต้องการ']);
    }
    expect((await ComplaintModel.findById(id).lean())?.status).toBe('received');
  });

  it('when the owner cancels an open case with a reason, then it is cancelled and recorded', async () => {
    const doc = await filedCase();
    const id = doc._id.toHexString();
    let replies = await exchange(bot, OWNER, events.postback(caseAction('cancelCase', id), { userId: OWNER }));
    expect(replies.map(say)).toEqual(['ต้องการยกเลิกเรื่อง C2569-00001 กรุณาพิมพ์เหตุผลสั้น ๆ (อย่างน้อย 5 ตัวอักษร)']);
    replies = await exchange(bot, OWNER, events.text('ไม่', { userId: OWNER }));
    expect(replies.map(say)).toEqual(['เหตุผลสั้นเกินไป กรุณาพิมพ์อย่างน้อย 5 ตัวอักษร', 'ต้องการยกเลิกเรื่อง C2569-00001 กรุณาพิมพ์เหตุผลสั้น ๆ (อย่างน้อย 5 ตัวอักษร)']);
    replies = await exchange(bot, OWNER, events.text('ไฟติดแล้ว การไฟฟ้ามาซ่อมให้', { userId: OWNER }));
    expect(replies.map(say)).toEqual(['ยกเลิกเรื่อง C2569-00001 แล้ว หากต้องการแจ้งใหม่ พิมพ์ "แจ้งเรื่อง"']);
    const after = await ComplaintModel.findById(id).lean();
    expect(after?.status).toBe('cancelled');
    expect(after?.history.at(-1)).toMatchObject({ from: 'received', to: 'cancelled', note: 'ไฟติดแล้ว การไฟฟ้ามาซ่อมให้', actor: { kind: 'citizen', id: OWNER } });
    replies = await exchange(bot, OWNER, events.postback(caseAction('cancelCase', id), { userId: OWNER }));
    expect(replies.map(say)).toEqual(['ขณะนี้เรื่องอยู่ในสถานะ "ยกเลิกโดยผู้แจ้ง" จึงทำรายการนี้ไม่ได้']);
  });

  it('when an officer asks for more, then the citizen gets the question with a button and can answer with text', async () => {
    const doc = await filedCase();
    const id = doc._id.toHexString();
    await acceptCase(id, OFFICER, clock.now());
    await askCitizen(id, OFFICER, { question: 'เสาไฟต้นที่ดับอยู่ฝั่งไหนของถนน' }, clock.now());
    await bot.drain();
    const pushes = bot.pushesTo(OWNER);
    expect(pushes.map(say)).toEqual(['เรื่อง C2569-00001: เจ้าหน้าที่รับเรื่องของท่านแล้ว', 'เรื่อง C2569-00001: เจ้าหน้าที่ขอข้อมูลเพิ่มเติม กรุณากด "ตอบเจ้าหน้าที่" เสาไฟต้นที่ดับอยู่ฝั่งไหนของถนน']);
    expect(JSON.stringify(pushes[1])).toContain(caseAction('answer', id));
    let replies = await exchange(bot, OWNER, events.postback(caseAction('answer', id), { userId: OWNER }));
    expect(replies.map(say)).toEqual(['กรุณาพิมพ์คำตอบถึงเจ้าหน้าที่สำหรับเรื่อง C2569-00001 หรือส่งรูปภาพ']);
    replies = await exchange(bot, OWNER, events.text('ฝั่งซ้ายตรงข้ามร้านขายของชำ', { userId: OWNER }));
    expect(replies.map(say)).toEqual(['ส่งคำตอบเรื่อง C2569-00001 ถึงเจ้าหน้าที่แล้ว ขอบคุณที่ให้ข้อมูลเพิ่มเติม']);
    const after = await ComplaintModel.findById(id).lean();
    expect(after?.status).toBe('in_progress');
    expect(after?.history.at(-1)).toMatchObject({ kind: 'answer', from: 'waiting_citizen', to: 'in_progress', note: 'ฝั่งซ้ายตรงข้ามร้านขายของชำ' });
    replies = await exchange(bot, OWNER, events.postback(caseAction('answer', id), { userId: OWNER }));
    expect(replies.map(say)).toEqual(['ขณะนี้ไม่มีคำถามจากเจ้าหน้าที่ที่รอคำตอบในเรื่อง C2569-00001']);
  });

  it('when the citizen answers the question with photos only, then the photos reach the case', async () => {
    const id = (await filedCase())._id.toHexString();
    await acceptCase(id, OFFICER, clock.now());
    await askCitizen(id, OFFICER, { question: 'ขอรูปเสาไฟต้นที่ดับ' }, clock.now());
    await bot.send(events.postback(caseAction('answer', id), { userId: OWNER }));
    bot.line.addContent(await phoneJpeg(), 'image/jpeg', 'answer-photo');
    let replies = await exchange(bot, OWNER, events.image('answer-photo', { userId: OWNER }));
    expect(replies.map(say)).toEqual(['ได้รับรูปภาพ 1 รูปสำหรับเรื่อง C2569-00001 พิมพ์ข้อความเพิ่ม หรือกดหรือพิมพ์ "ส่งรูปให้เจ้าหน้าที่"']);
    replies = await exchange(bot, OWNER, events.postback(encodeFlow('complaints.answer', 'answer', 'send'), { userId: OWNER }));
    expect(replies.map(say)).toEqual(['ส่งคำตอบเรื่อง C2569-00001 ถึงเจ้าหน้าที่แล้ว ขอบคุณที่ให้ข้อมูลเพิ่มเติม']);
    const after = await ComplaintModel.findById(id).lean();
    expect(after?.history.at(-1)).toMatchObject({ kind: 'answer', to: 'in_progress', photos: [expect.objectContaining({ contentType: 'image/jpeg' })] });
  });

  it('when the case is resolved, then the citizen gets the after-photo and confirming closes it once', async () => {
    const id = await resolved();
    const push = bot.pushesTo(OWNER).at(-1) as FlexMessage;
    expect(say(push)).toBe('เรื่อง C2569-00001: ดำเนินการเรื่องของท่านแล้วเสร็จ เปลี่ยนหลอดไฟใหม่ 2 ดวงแล้ว');
    expect((push.contents as { hero?: { url: string } }).hero?.url).toMatch(/\/photos\/[0-9a-f]{24}\?exp=\d+&sig=/);
    let replies = await exchange(bot, OWNER, events.postback(caseAction('confirm', id), { userId: OWNER }));
    expect(replies.map(say)).toEqual(['ขอบคุณที่ยืนยันผล เรื่อง C2569-00001 ยุติแล้ว']);
    replies = await exchange(bot, OWNER, events.postback(caseAction('confirm', id), { userId: OWNER }));
    expect(replies.map(say)).toEqual(['เรื่อง C2569-00001 ยุติแล้ว']);
    expect(closedEvents).toHaveLength(1);
    expect((await ComplaintModel.findById(id).lean())?.status).toBe('closed');
  });

  it('when the citizen reopens within the window, then the case goes back to work; after the window it cannot', async () => {
    const id = await resolved();
    clock.advance(6 * 86_400_000);
    await exchange(bot, OWNER, events.postback(caseAction('reopen', id), { userId: OWNER }));
    let replies = await exchange(bot, OWNER, events.text('ยังดับอยู่หนึ่งดวง ตรงหน้าบ้านเลขที่ 14', { userId: OWNER }));
    expect(replies.map(say)).toEqual(['ส่งเรื่อง C2569-00001 กลับให้เจ้าหน้าที่ดำเนินการเพิ่มแล้ว จะแจ้งความคืบหน้าให้ทราบ']);
    const reopened = await ComplaintModel.findById(id).lean();
    expect(reopened).toMatchObject({ status: 'in_progress', reopenCount: 1 });

    const second = await resolved(OTHER);
    clock.advance(7 * 86_400_000 + 60_000);
    replies = await exchange(bot, OTHER, events.postback(caseAction('reopen', second), { userId: OTHER }));
    expect(replies.map(say)).toEqual(['เลยกำหนด 7 วันหลังดำเนินการแล้วเสร็จ จึงขอให้ดำเนินการเพิ่มไม่ได้ หากยังมีปัญหา กรุณาแจ้งเรื่องใหม่']);
  });

  it('when the reopen window passes, then the job closes the resolved case once and tells the citizen', async () => {
    const id = await resolved();
    clock.advance(7 * 86_400_000 - 60_000);
    expect(await closeExpiredResolved(clock.now())).toBe(0);
    clock.advance(2 * 60_000);
    await bot.runtime.scheduler.runNow(closeResolvedJob.name);
    expect((await ComplaintModel.findById(id).lean())?.status).toBe('closed');
    expect(await closeExpiredResolved(clock.now())).toBe(0);
    await bot.drain();
    const after = await ComplaintModel.findById(id).lean();
    expect(after).toMatchObject({ status: 'closed' });
    expect(after?.history.at(-1)).toMatchObject({ from: 'resolved', to: 'closed', actor: { kind: 'system' } });
    expect(say(bot.pushesTo(OWNER).at(-1))).toBe('เรื่อง C2569-00001: ยุติเรื่องแล้ว ขอบคุณที่แจ้งให้เทศบาลทราบ');
    expect(closedEvents.map((e) => e.caseNumber)).toEqual(['C2569-00001']);
  });

  it('when the timeline is opened after resolution, then it lists every change with date, time, note and the after-photo', async () => {
    const id = await resolved();
    const replies = await exchange(bot, OWNER, events.postback(caseAction('details', id), { userId: OWNER }));
    const body = JSON.stringify(replies[0]);
    for (const part of ['แจ้งเรื่อง', 'เจ้าหน้าที่รับเรื่องดำเนินการ', 'ดำเนินการแล้วเสร็จ', 'เปลี่ยนหลอดไฟใหม่ 2 ดวงแล้ว', '21 พ.ย. 2569 10.00 น.', '/photos/', 'ยืนยันว่าเรียบร้อยแล้ว', 'ขอให้ดำเนินการเพิ่ม']) expect(body).toContain(part);
  });
});

describe('duplicate hint', () => {
  it('when a second citizen reports the same kind of problem within 50 metres, then the open case is offered and "me too" follows it', async () => {
    await filedCase(OWNER, 18.7883);
    await bot.send(events.text('แจ้งเรื่อง', { userId: OTHER }));
    await bot.send(events.postback(answer('category', 'street-light'), { userId: OTHER }));
    await bot.send(events.text('ไฟถนนแถวนี้ดับหลายวันแล้ว อันตราย', { userId: OTHER }));
    await bot.send(events.postback(answer('photos', 'done'), { userId: OTHER }));
    await bot.send(events.location(18.7886, 98.9853, { userId: OTHER })); // about 33 m away
    const replies = await exchange(bot, OTHER, events.postback(answer('phone', 'skip'), { userId: OTHER }));
    expect(replies.map(say)).toEqual(['มีผู้แจ้งเรื่องนี้ไว้แล้ว (เลขที่ C2569-00001) ท่านติดตามเรื่องนั้นแทนได้', 'สรุปเรื่องที่จะแจ้ง: ไฟฟ้าส่องสว่าง กรุณาตรวจสอบและกดยืนยัน']);
    const first = await ComplaintModel.findOne({ number: 'C2569-00001' }).lean();
    const follow = await exchange(bot, OTHER, events.postback(answer('confirm', `metoo:${first!._id.toHexString()}`), { userId: OTHER }));
    expect(follow.map(say)).toEqual(['ท่านติดตามเรื่อง C2569-00001 แล้ว จะได้รับแจ้งเมื่อมีความคืบหน้า']);
    const after = await ComplaintModel.findById(first!._id).lean();
    expect(after).toMatchObject({ followers: [OTHER], meTooCount: 1 });
    expect(await ComplaintModel.countDocuments()).toBe(1);

    // The follower sees the case in their list and gets its status pushes, without the owner's buttons.
    await acceptCase(first!._id.toHexString(), OFFICER, clock.now());
    await bot.drain();
    const pushed = bot.pushesTo(OTHER);
    expect(pushed.map(say)).toEqual(['เรื่อง C2569-00001: เจ้าหน้าที่รับเรื่องของท่านแล้ว']);
    const list = await exchange(bot, OTHER, events.text('ติดตามเรื่อง', { userId: OTHER }));
    expect(JSON.stringify(list[0])).toContain('ท่านติดตามเรื่องนี้ร่วมกับผู้แจ้ง');
    const details = await exchange(bot, OTHER, events.text('C2569-00001', { userId: OTHER }));
    expect(JSON.stringify(details[0])).not.toContain('ไฟถนนหน้าบ้านเลขที่ 12');
    const cancel = await exchange(bot, OTHER, events.postback(caseAction('cancelCase', first!._id.toHexString()), { userId: OTHER }));
    expect(cancel.map(say)).toEqual(['ไม่พบเรื่องที่ต้องการ']);
  });

  it('when the nearby open case is more than 50 metres away, then no hint is shown', async () => {
    await filedCase(OWNER, 18.7883);
    const replies = await fileStreetLight(bot, OTHER, { latitude: 18.7893 }); // about 111 m
    expect(replies.map(say)).toEqual([expect.stringContaining('C2569-00002')]);
    const summaries = bot.repliesTo(OTHER).map(say);
    expect(summaries.some((s) => s.startsWith('มีผู้แจ้งเรื่องนี้ไว้แล้ว'))).toBe(false);
  });
});
