import mongoose from 'mongoose';
import { events } from '../../support/webhook';
import { clock } from '../../../src/shared/clock';
import { flowAnswer } from '../../../src/conversation/engine';
import { SessionModel } from '../../../src/conversation/session.model';
import { ComplaintModel } from '../../../src/features/complaints/complaint.model';
import { acceptCase, askCitizen, resolveCase } from '../../../src/features/complaints/complaints.service';
import { closeResolvedJob } from '../../../src/features/complaints/close-resolved.job';
import { saveSettings } from '../../../src/features/municipality/settings';
import { storePhoto } from '../../../src/features/photos/photos.service';
import { addOfficer, caseAction, exchange, fileStreetLight, phoneJpeg, quickLabels, say, sendImageSet, useComplaintsBot } from './helpers';

const bot = useComplaintsBot();
const OWNER = 'U_dialog_owner';
const OTHER = 'U_dialog_other';
const OFFICER = { kind: 'officer' as const, id: 'U_dialog_officer' };
const HEALTH_OFFICER = 'U_dialog_health';

beforeEach(async () => {
  await addOfficer(OFFICER.id, 'สมชาย ช่างดี', 'public-works');
  await addOfficer(HEALTH_OFFICER, 'สุดา สะอาด', 'health-env');
});

async function filedCaseId(): Promise<string> {
  await fileStreetLight(bot, OWNER);
  return (await ComplaintModel.findOne({ citizenId: OWNER }).lean())!._id.toHexString();
}

async function waitingForAnswer(): Promise<string> {
  const id = await filedCaseId();
  await acceptCase(id, OFFICER, clock.now());
  await askCitizen(id, OFFICER, { question: 'ขอรูปเสาไฟต้นที่ดับ' }, clock.now());
  return id;
}

async function resolvedCaseId(): Promise<string> {
  const id = await filedCaseId();
  await acceptCase(id, OFFICER, clock.now());
  await resolveCase(id, OFFICER, { note: 'เปลี่ยนหลอดไฟใหม่แล้ว', photos: [await storePhoto(await phoneJpeg())] }, clock.now());
  await bot.drain();
  return id;
}

const storedPhotos = () => mongoose.connection.db!.collection('photos.files').countDocuments();

describe('a typed case number', () => {
  it('when an officer of the case\'s department types its number, then the officer\'s card comes; others get the citizen\'s answer', async () => {
    await filedCaseId();
    const officer = await exchange(bot, OFFICER.id, events.text('c2569-1', { userId: OFFICER.id }));
    expect(officer.map(say)).toEqual(['เรื่อง C2569-00001 สถานะ รับเรื่องแล้ว']);
    expect(JSON.stringify(officer[0])).toContain('a=officers.accept');
    const notFound = 'ไม่พบเรื่องเลขที่นี้ในเรื่องของท่าน กรุณาตรวจสอบเลขที่เรื่อง หรือพิมพ์ "ติดตามเรื่อง"';
    for (const who of [HEALTH_OFFICER, OTHER]) {
      const replies = await exchange(bot, who, events.text('C2569-00001', { userId: who }));
      expect(replies.map(say)).toEqual([notFound]);
    }
    const owner = await exchange(bot, OWNER, events.text('C2569-00001', { userId: OWNER }));
    expect(owner.map(say)).toEqual(['เรื่อง C2569-00001 สถานะ: รับเรื่องแล้ว']);
  });
});

describe('leaving a case dialog with "back"', () => {
  it.each([
    ['cancel', 'cancelCase', filedCaseId, 'ไม่ได้ยกเลิกเรื่อง C2569-00001 เรื่องยังดำเนินการตามปกติ', 'received'],
    ['reopen', 'reopen', resolvedCaseId, 'ยังไม่ได้ส่งเรื่อง C2569-00001 กลับให้เจ้าหน้าที่ เรื่องยังอยู่ในสถานะเดิม', 'resolved'],
    ['answer', 'answer', waitingForAnswer, 'ยังไม่ได้ส่งคำตอบเรื่อง C2569-00001 ตอบได้ภายหลังโดยกด "ตอบเจ้าหน้าที่"', 'waiting_citizen'],
  ] as const)('when the citizen presses "ไม่ทำรายการ" in the %s dialog, then they are told the case goes on unchanged', async (_name, action, arrange, expected, status) => {
    const id = await arrange();
    const question = await exchange(bot, OWNER, events.postback(caseAction(action, id), { userId: OWNER }));
    expect(quickLabels(question[0])).toContain('ไม่ทำรายการ');
    const flowId = (await SessionModel.findOne({ userId: OWNER }).lean())!.flowId;
    const replies = await exchange(bot, OWNER, events.postback(flowAnswer(flowId, action === 'answer' ? 'answer' : 'reason', 'back'), { userId: OWNER }));
    expect(replies.map(say)).toEqual([expected]);
    expect((await ComplaintModel.findById(id).lean())?.status).toBe(status);
    expect(await SessionModel.countDocuments({ userId: OWNER })).toBe(0);
  });

  it.each([
    ['cancel', 'cancelCase', filedCaseId, 'ไม่ได้ยกเลิกเรื่อง C2569-00001 เรื่องยังดำเนินการตามปกติ', 'received'],
    ['reopen', 'reopen', resolvedCaseId, 'ยังไม่ได้ส่งเรื่อง C2569-00001 กลับให้เจ้าหน้าที่ เรื่องยังอยู่ในสถานะเดิม', 'resolved'],
    ['answer', 'answer', waitingForAnswer, 'ยังไม่ได้ส่งคำตอบเรื่อง C2569-00001 ตอบได้ภายหลังโดยกด "ตอบเจ้าหน้าที่"', 'waiting_citizen'],
  ] as const)('when the citizen types "ยกเลิก" in the %s dialog, then the dialog ends saying the case goes on unchanged', async (_name, action, arrange, expected, status) => {
    const id = await arrange();
    await bot.send(events.postback(caseAction(action, id), { userId: OWNER }));
    const replies = await exchange(bot, OWNER, events.text('ยกเลิก', { userId: OWNER }));
    expect(replies.map(say)).toEqual([expected]);
    expect((await ComplaintModel.findById(id).lean())?.status).toBe(status);
    expect(await SessionModel.countDocuments({ userId: OWNER })).toBe(0);
  });

  it('when the citizen types "ไม่ทำรายการ" as the cancel reason, then it is not taken as a reason', async () => {
    const id = await filedCaseId();
    await bot.send(events.postback(caseAction('cancelCase', id), { userId: OWNER }));
    const replies = await exchange(bot, OWNER, events.text('ไม่ทำรายการ', { userId: OWNER }));
    expect(replies.map(say)).toEqual(['ไม่ได้ยกเลิกเรื่อง C2569-00001 เรื่องยังดำเนินการตามปกติ']);
    expect((await ComplaintModel.findById(id).lean())?.status).toBe('received');
  });

  it('when the citizen leaves the answer dialog after sending a photo, then the photo is not kept', async () => {
    const id = await waitingForAnswer();
    await bot.send(events.postback(caseAction('answer', id), { userId: OWNER }));
    bot.line.addContent(await phoneJpeg(), 'image/jpeg', 'left-photo');
    await bot.send(events.image('left-photo', { userId: OWNER }));
    expect(await storedPhotos()).toBe(1);
    await bot.send(events.text('ไม่ทำรายการ', { userId: OWNER }));
    expect(await storedPhotos()).toBe(0);
  });
});

describe('answering with photos', () => {
  it('when seven photos come as one set, then five are kept and the citizen is told the rest were not', async () => {
    const id = await waitingForAnswer();
    await bot.send(events.postback(caseAction('answer', id), { userId: OWNER }));
    expect((await sendImageSet(bot, OWNER, 7)).map(say)).toEqual(['รับรูปภาพได้ไม่เกิน 5 รูป ระบบไม่ได้บันทึกรูปที่เกิน', 'ได้รับรูปภาพ 5 รูปสำหรับเรื่อง C2569-00001 พิมพ์ข้อความเพิ่ม หรือกดหรือพิมพ์ "ส่งรูปให้เจ้าหน้าที่"']);
    const typedSend = await exchange(bot, OWNER, events.text('ส่งรูปให้เจ้าหน้าที่', { userId: OWNER }));
    expect(typedSend.map(say)).toEqual(['ส่งคำตอบเรื่อง C2569-00001 ถึงเจ้าหน้าที่แล้ว ขอบคุณที่ให้ข้อมูลเพิ่มเติม']);
    const answerEntry = (await ComplaintModel.findById(id).lean())?.history.at(-1);
    expect(answerEntry).toMatchObject({ kind: 'answer', to: 'in_progress' });
    expect(answerEntry?.note).toBeUndefined();
    expect(answerEntry?.photos).toHaveLength(5);
  });
});

describe('a reopen window the municipality set to 3 days', () => {
  beforeEach(() => saveSettings({ complaints: { reopenWindowDays: 3 } }));

  it('when a case is resolved, then the citizen is told 3 days; after them reopening is refused and the case closes by itself', async () => {
    const id = await resolvedCaseId();
    expect(JSON.stringify(bot.pushesTo(OWNER).at(-1))).toContain('ได้ภายใน 3 วัน (ถึง 24 พ.ย. 2569)');
    clock.advance(3 * 86_400_000 - 60_000);
    await bot.runtime.scheduler.runNow(closeResolvedJob.name);
    expect((await ComplaintModel.findById(id).lean())?.status).toBe('resolved');
    const within = await exchange(bot, OWNER, events.postback(caseAction('reopen', id), { userId: OWNER }));
    expect(within.map(say)).toEqual(['กรุณาพิมพ์สิ่งที่ยังไม่เรียบร้อยในเรื่อง C2569-00001 (อย่างน้อย 5 ตัวอักษร) เจ้าหน้าที่จะดำเนินการต่อ']);
    await bot.send(events.text('ไม่ทำรายการ', { userId: OWNER }));

    clock.advance(2 * 60_000);
    const late = await exchange(bot, OWNER, events.postback(caseAction('reopen', id), { userId: OWNER }));
    expect(late.map(say)).toEqual(['เลยกำหนด 3 วันหลังดำเนินการแล้วเสร็จ จึงขอให้ดำเนินการเพิ่มไม่ได้ หากยังมีปัญหา กรุณาแจ้งเรื่องใหม่']);
    const details = await exchange(bot, OWNER, events.postback(caseAction('details', id), { userId: OWNER }));
    expect(JSON.stringify(details[0])).not.toContain('ขอให้ดำเนินการเพิ่ม');
    await bot.runtime.scheduler.runNow(closeResolvedJob.name);
    expect((await ComplaintModel.findById(id).lean())?.status).toBe('closed');
  });
});
