import sharp from 'sharp';
import { flowAnswer } from '../../../src/conversation/engine';
import { IntegrityAccessLogModel, IntegrityReportModel } from '../../../src/features/integrity/integrity.model';
import { STATUS_FLOW } from '../../../src/features/integrity/officer-status.flow';
import { OfficerModel } from '../../../src/features/officers/officer.model';
import { encodePostback } from '../../../src/line/postback';
import type { FlexMessage } from '../../../src/line/types';
import { clock } from '../../../src/shared/clock';
import { events } from '../../support/webhook';
import { fileReport, photoWithExif, seedLegalDepartment, useIntegrityBot } from './helpers';

const REPORTER = 'U_reporter_officers_test';
const LEGAL = 'U_legal_integrity';
const CLERK = 'U_clerk_officer';
const HEAD = 'U_registration_head';
const ADMIN = 'U_admin_no_role';
const PUBLIC_BASE = 'https://oa.example.test';
const bot = useIntegrityBot({ PUBLIC_BASE_URL: PUBLIC_BASE });

let legalId: string;
let clerkId: string;

beforeEach(async () => {
  await seedLegalDepartment();
  const at = new Date();
  legalId = String((await OfficerModel.create({ lineUserId: LEGAL, name: 'นิติกร สมหญิง', departmentCode: 'legal', roles: ['officer', 'integrity'], registeredAt: at }))._id);
  clerkId = String((await OfficerModel.create({ lineUserId: CLERK, name: 'เจ้าหน้าที่ สมศักดิ์', departmentCode: 'registration', roles: ['officer'], registeredAt: at }))._id);
  await OfficerModel.create({ lineUserId: HEAD, name: 'หัวหน้า สมปอง', departmentCode: 'registration', roles: ['officer', 'head'], registeredAt: at });
  await OfficerModel.create({ lineUserId: ADMIN, name: 'ผู้ดูแล สมใจ', departmentCode: 'clerk', roles: ['officer', 'head', 'admin'], registeredAt: at });
});

const viewData = (id: string) => encodePostback('integrity.view', { id });
const lastFlex = (userId: string) => bot.messagesTo(userId).filter((m): m is FlexMessage => m.type === 'flex').at(-1)!;

async function namedReport(options: { notify?: boolean; photos?: Buffer[] } = {}) {
  const receipt = await fileReport(bot, REPORTER, { named: { name: 'สมชาย ใจกล้า', phone: '0812345678' }, subject: 'เจ้าหน้าที่งานทะเบียน ช่อง 2', ...options });
  const report = await IntegrityReportModel.findOne({ reference: receipt.reference }).lean();
  return { ...receipt, id: String(report!._id) };
}

describe('who sees a confidential report', () => {
  test('when a named report is stored, then the identity is unreadable in the raw database and readable to the integrity officer', async () => {
    const { id, reference } = await namedReport();
    const raw = JSON.stringify(await IntegrityReportModel.collection.findOne({ reference }));
    expect(raw).not.toContain('สมชาย');
    expect(raw).not.toContain('0812345678');
    expect(raw).not.toContain(REPORTER);
    expect(raw).not.toContain('ช่อง 2');

    await bot.send(events.postback(viewData(id), { userId: LEGAL }));
    const card = lastFlex(LEGAL);
    expect(card.altText).toBe(`เบาะแส ${reference} (ลับ)`);
    const json = JSON.stringify(card);
    expect(json).toContain('สมชาย ใจกล้า');
    expect(json).toContain('0812345678');
    expect(json).toContain('เจ้าหน้าที่งานทะเบียน ช่อง 2');
    expect(json).toContain('เจ้าหน้าที่ขอเงิน 500 บาท');
    expect(json).not.toContain(REPORTER);
    const log = await IntegrityAccessLogModel.find({ reportId: id }).sort({ at: 1, _id: 1 }).lean();
    // The new-report alert put the reference on the officer's phone; then the officer opened it.
    expect(log).toEqual([expect.objectContaining({ officerId: legalId, action: 'alert', reportId: id }), expect.objectContaining({ officerId: legalId, action: 'view', reportId: id, at: expect.any(Date) })]);
  });

  test.each([
    ['a department officer', CLERK],
    ['a head', HEAD],
    ['an admin without the integrity role', ADMIN],
    ['a citizen', 'U_curious_citizen'],
  ])('when %s presses the view button, then nothing of the report is shown and the attempt is logged', async (_who, userId) => {
    const { id, reference } = await namedReport();
    bot.clearCalls();
    await bot.send(events.postback(viewData(id), { userId }));
    expect(bot.textsTo(userId)).toEqual(['ขออภัย เบาะแสการทุจริตเปิดดูได้เฉพาะเจ้าหน้าที่นิติการที่ได้รับมอบหมาย']);
    const all = JSON.stringify(bot.messagesTo(userId));
    expect(all).not.toContain(reference);
    expect(all).not.toContain('สมชาย');
    const log = await IntegrityAccessLogModel.find({ reportId: id, action: { $ne: 'alert' } }).lean();
    expect(log).toEqual([expect.objectContaining({ action: 'view_denied' })]);
    // The list of reports is refused too.
    await bot.send(events.text('รายการเบาะแส', { userId }));
    expect(bot.textsTo(userId).at(-1)).toBe('ขออภัย เบาะแสการทุจริตเปิดดูได้เฉพาะเจ้าหน้าที่นิติการที่ได้รับมอบหมาย');
  });

  test('when the integrity officer presses a view, status or list button in a group, then nothing of the report reaches the group', async () => {
    const { id, reference } = await namedReport();
    bot.clearCalls();
    const inGroup = <E extends { source: object }>(event: E): E => ({ ...event, source: { type: 'group', groupId: 'C_legal_group', userId: LEGAL } });
    await bot.send(inGroup(events.postback(viewData(id), { userId: LEGAL })));
    await bot.send(inGroup(events.postback(encodePostback('integrity.status', { id }), { userId: LEGAL })));
    await bot.send(inGroup(events.postback(encodePostback('integrity.list'), { userId: LEGAL })));
    expect(bot.textsTo(LEGAL)).toEqual(Array(3).fill('ขออภัย รายการนี้ทำได้ในแชทส่วนตัวกับบัญชีของเทศบาลเท่านั้น'));
    const sent = JSON.stringify(bot.line.calls.map((c) => c.body));
    expect(sent).not.toContain(reference);
    expect(sent).not.toContain('สมชาย');
    expect(await IntegrityAccessLogModel.countDocuments({ action: { $in: ['view', 'status_dialog', 'list'] } })).toBe(0);
  });

  test('when a department officer asks for statistics, then they see only counts by status and kind', async () => {
    await namedReport();
    await fileReport(bot, 'U_second_reporter', { kind: 'queue_jumping' });
    await bot.send(events.text('สถิติเบาะแส', { userId: CLERK }));
    const stats = lastFlex(CLERK);
    expect(stats.altText).toBe('สถิติเบาะแสการทุจริต รวม 2 เรื่อง');
    const json = JSON.stringify(stats);
    expect(json).toMatch(/"text":"รับเรื่องแล้ว"[^}]*}\s*,\s*\{[^}]*"text":"2"/);
    expect(json).toMatch(/"text":"ให้บริการลัดคิวเพราะได้รับเงินหรือเป็นคนรู้จัก"[^}]*}\s*,\s*\{[^}]*"text":"1"/);
    expect(json).not.toMatch(/R-[A-Z2-9]{10}/);
    expect(await IntegrityAccessLogModel.countDocuments({ officerId: clerkId, action: 'stats' })).toBe(1);

    await bot.send(events.text('สถิติเบาะแส', { userId: 'U_curious_citizen' }));
    expect(bot.textsTo('U_curious_citizen')).toEqual(['ขออภัย ข้อมูลนี้สำหรับเจ้าหน้าที่เทศบาล']);
  });

  test('when the integrity officer lists open reports, then each has a view button and the listing is logged', async () => {
    const { id, reference } = await namedReport();
    await bot.send(events.text('รายการเบาะแส', { userId: LEGAL }));
    const list = lastFlex(LEGAL);
    expect(list.altText).toBe('เบาะแสที่ยังไม่ยุติ 1 เรื่อง');
    expect(JSON.stringify(list)).toContain(reference);
    expect(JSON.stringify(list)).toContain(`"data":"${viewData(id)}"`);
    const listed = await IntegrityAccessLogModel.find({ officerId: legalId, action: 'list' }).lean();
    expect(listed).toEqual([expect.objectContaining({ reportIds: [id], detail: '1 of 1 shown' })]);
  });
});

describe('status changes', () => {
  test('when the integrity officer changes the status with a note and an outcome, then the reporter who asked is pushed the status and outcome but never the note', async () => {
    const { id, reference, pin } = await namedReport({ notify: true });
    bot.clearCalls();
    await bot.send(events.postback(encodePostback('integrity.status', { id }), { userId: LEGAL }));
    expect(bot.textsTo(LEGAL).at(-1)).toBe(`เบาะแส ${reference} สถานะปัจจุบัน: รับเรื่องแล้ว กรุณาเลือกสถานะใหม่`);
    // Opening the dialog showed the reference and status: logged.
    expect(await IntegrityAccessLogModel.find({ reportId: id, action: 'status_dialog' }).lean()).toEqual([expect.objectContaining({ officerId: legalId, detail: 'received' })]);
    await bot.send(events.postback(flowAnswer(STATUS_FLOW, 'status', 'under_review'), { userId: LEGAL }));
    await bot.send(events.text('เรียกเจ้าหน้าที่ช่อง 2 มาชี้แจงวันที่ 25', { userId: LEGAL }));
    await bot.send(events.text('เทศบาลกำลังตรวจสอบข้อเท็จจริง', { userId: LEGAL }));
    expect(bot.textsTo(LEGAL).at(-1)).toBe(`ปรับสถานะเบาะแส ${reference} เป็น "ตรวจสอบข้อเท็จจริง" แล้ว`);

    const report = await IntegrityReportModel.findById(id).lean();
    expect(report).toMatchObject({ status: 'under_review', publicOutcome: 'เทศบาลกำลังตรวจสอบข้อเท็จจริง' });
    expect(report!.history.at(-1)).toMatchObject({ from: 'received', to: 'under_review', officerId: legalId });
    expect(JSON.stringify(report)).not.toContain('ชี้แจง');

    const pushed = bot.pushesTo(REPORTER);
    expect(pushed).toHaveLength(1);
    const text = (pushed[0] as { text: string }).text;
    expect(text).toContain(`เบาะแสเลขอ้างอิง ${reference} มีความคืบหน้า สถานะปัจจุบัน: ตรวจสอบข้อเท็จจริง`);
    expect(text).toContain('ผลการดำเนินการ: เทศบาลกำลังตรวจสอบข้อเท็จจริง');
    expect(text).not.toContain('ชี้แจง');
    expect(await IntegrityAccessLogModel.countDocuments({ reportId: id, action: 'status_change', officerId: legalId })).toBe(1);

    // Tracking shows the status and public outcome, never the note.
    await bot.send(events.text(`${reference} ${pin}`, { userId: 'U_any_account' }));
    const tracked = JSON.stringify(bot.messagesTo('U_any_account'));
    expect(tracked).toContain('ตรวจสอบข้อเท็จจริง');
    expect(tracked).toContain('เทศบาลกำลังตรวจสอบข้อเท็จจริง');
    expect(tracked).not.toContain('ชี้แจง');

    // The officer's card shows the note, decrypted.
    await bot.send(events.postback(viewData(id), { userId: LEGAL }));
    expect(JSON.stringify(lastFlex(LEGAL))).toContain('บันทึกภายใน: เรียกเจ้าหน้าที่ช่อง 2 มาชี้แจงวันที่ 25');

    // A later status without an outcome text: the earlier status's text is no longer shown.
    await bot.send(events.postback(encodePostback('integrity.status', { id }), { userId: LEGAL }));
    await bot.send(events.postback(flowAnswer(STATUS_FLOW, 'status', 'under_investigation'), { userId: LEGAL }));
    await bot.send(events.text('ตั้งกรรมการสอบข้อเท็จจริง', { userId: LEGAL }));
    await bot.send(events.postback(flowAnswer(STATUS_FLOW, 'outcome', 'skip'), { userId: LEGAL }));
    expect((await IntegrityReportModel.findById(id).lean())!.publicOutcome).toBeUndefined();
    await bot.send(events.text(`${reference} ${pin}`, { userId: 'U_any_account' }));
    const later = JSON.stringify(bot.messagesTo('U_any_account').at(-1));
    expect(later).toContain('สอบสวน');
    expect(later).not.toContain('เทศบาลกำลังตรวจสอบข้อเท็จจริง');
  });

  test('when a department officer presses a status button, then they are refused and nothing changes', async () => {
    const { id } = await namedReport();
    await bot.send(events.postback(encodePostback('integrity.status', { id }), { userId: CLERK }));
    expect(bot.textsTo(CLERK).at(-1)).toBe('ขออภัย เบาะแสการทุจริตเปิดดูได้เฉพาะเจ้าหน้าที่นิติการที่ได้รับมอบหมาย');
    expect((await IntegrityReportModel.findById(id).lean())!.status).toBe('received');
  });

  test('when the reporter did not ask for notifications, then a status change pushes nothing to them', async () => {
    const { id } = await namedReport({ notify: false });
    bot.clearCalls();
    await bot.send(events.postback(encodePostback('integrity.status', { id }), { userId: LEGAL }));
    await bot.send(events.postback(flowAnswer(STATUS_FLOW, 'status', 'referred'), { userId: LEGAL }));
    await bot.send(events.text('ส่งเรื่องให้ สตง.', { userId: LEGAL }));
    await bot.send(events.postback(flowAnswer(STATUS_FLOW, 'outcome', 'skip'), { userId: LEGAL }));
    expect((await IntegrityReportModel.findById(id).lean())!.status).toBe('referred');
    expect(bot.pushesTo(REPORTER)).toEqual([]);
  });
});

describe('evidence', () => {
  test('when the integrity officer opens the signed link, then the photo comes without EXIF and the download is logged', async () => {
    const original = await photoWithExif();
    expect((await sharp(original).metadata()).exif).toBeDefined();
    const { id } = await namedReport({ photos: [original] });
    await bot.send(events.postback(viewData(id), { userId: LEGAL }));
    const json = JSON.stringify(lastFlex(LEGAL));
    const link = new RegExp(`${PUBLIC_BASE.replace(/\./g, '\\.')}(/integrity/evidence/[0-9a-f]{24}\\?[^"]+)`).exec(json)?.[1];
    expect(link).toBeDefined();
    const path = link!.replace(/\\u0026/g, '&');
    const res = await fetch(`${bot.url}${path}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/jpeg');
    expect(res.headers.get('cache-control')).toBe('no-store');
    const served = Buffer.from(await res.arrayBuffer());
    const meta = await sharp(served).metadata();
    expect(meta.format).toBe('jpeg');
    expect(meta.exif).toBeUndefined();
    expect(served.includes(Buffer.from('SecretCam'))).toBe(false);
    expect(await IntegrityAccessLogModel.countDocuments({ reportId: id, action: 'evidence', officerId: legalId })).toBe(1);

    // Tampered, expired, or for an officer who lost the role: refused with a page the officer can read.
    const refusal = async (p: string) => {
      const r = await fetch(`${bot.url}${p}`);
      return { status: r.status, type: r.headers.get('content-type'), text: await r.text() };
    };
    const tampered = path.replace(/sig=([^&]+)/, (_m, s: string) => `sig=${s.slice(0, -2)}xx`);
    expect(await refusal(tampered)).toMatchObject({ status: 403, type: expect.stringContaining('text/html'), text: expect.stringContaining('ลิงก์นี้ไม่ถูกต้อง กรุณาเปิดเบาะแสใน LINE แล้วกดดูหลักฐานอีกครั้ง') });
    const otherOfficer = path.replace(/o=[0-9a-f]{24}/, `o=${clerkId}`);
    expect((await refusal(otherOfficer)).status).toBe(403);
    clock.advance(11 * 60_000);
    expect(await refusal(path)).toMatchObject({ status: 410, text: expect.stringContaining('ลิงก์นี้หมดอายุแล้ว (ใช้ได้ 10 นาที)') });
    clock.reset();
    await OfficerModel.updateOne({ _id: legalId }, { $set: { roles: ['officer'] } });
    expect(await refusal(path)).toMatchObject({ status: 403, text: expect.stringContaining('ขออภัย หลักฐานนี้เปิดดูได้เฉพาะเจ้าหน้าที่นิติการที่ได้รับมอบหมาย') });
    expect(await IntegrityAccessLogModel.countDocuments({ reportId: id, action: 'evidence' })).toBe(1);
  });
});
