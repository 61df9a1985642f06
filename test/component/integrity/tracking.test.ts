import mongoose from 'mongoose';
import sharp from 'sharp';
import { flowAnswer } from '../../../src/conversation/engine';
import { readAnswers } from '../../../src/conversation/session-answers';
import { SessionModel } from '../../../src/conversation/session.model';
import { IntegrityQuotaModel, IntegrityReportModel } from '../../../src/features/integrity/integrity.model';
import { REPORT_FLOW } from '../../../src/features/integrity/report.flow';
import { saveSettings } from '../../../src/features/municipality/settings';
import { OfficerModel } from '../../../src/features/officers/officer.model';
import type { FlexMessage } from '../../../src/line/types';
import { clock } from '../../../src/shared/clock';
import { events } from '../../support/webhook';
import { fileReport, photoWithExif, seedLegalDepartment, trackByDialog, useIntegrityBot } from './helpers';
import { keyedHash } from '../../../src/shared/crypto';
import { bangkokDayKey } from '../../../src/shared/dates';

const bot = useIntegrityBot();

const REPORTER = 'U_tracking_reporter';
const OTHER_ACCOUNT = 'U_borrowed_phone';

beforeEach(async () => {
  await seedLegalDepartment();
  await OfficerModel.create({ lineUserId: 'U_legal', name: 'นิติกร', departmentCode: 'legal', roles: ['integrity'], registeredAt: new Date() });
});

const lastFlex = (userId: string) => bot.messagesTo(userId).filter((m): m is FlexMessage => m.type === 'flex').at(-1);
const WRONG = 'เลขอ้างอิงหรือรหัส PIN ไม่ถูกต้อง กรุณาตรวจสอบแล้วพิมพ์อีกครั้ง หากใส่รหัส PIN ผิดครบ 5 ครั้ง ระบบจะระงับการติดตามเลขอ้างอิงนั้นไว้ 60 นาที';
const wrongPin = (pin: string) => (pin === '000000' ? '111111' : '000000');
const evidenceFiles = () => mongoose.connection.db!.collection('integrity_evidence.files').find().sort({ uploadDate: 1 }).toArray();
const fileEvent = (messageId: string, fileName: string, fileSize: number) => ({ ...events.file({ userId: REPORTER }), message: { type: 'file', id: messageId, fileName, fileSize } });

async function evidenceBytes(id: unknown): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of new mongoose.mongo.GridFSBucket(mongoose.connection.db!, { bucketName: 'integrity_evidence' }).openDownloadStream(id as mongoose.Types.ObjectId)) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** A session's answers as the engine reads them (confidential flows seal them). */
async function sessionAnswers(userId: string): Promise<Record<string, unknown> | undefined> {
  const doc = await SessionModel.findOne({ userId }).lean<{ userId: string; flowId: string; answers?: unknown; sealed?: unknown }>();
  return doc ? readAnswers(doc) : undefined;
}

/** The reporter's dialog up to the evidence question. */
async function openEvidenceStep(): Promise<void> {
  await fileReport(bot, REPORTER, { stopAtEvidence: true });
}

describe('tracking with reference and PIN', () => {
  test('when another LINE account types the reference and PIN in one message, then it sees the status', async () => {
    const { reference, pin } = await fileReport(bot, REPORTER);
    await bot.send(events.text(`${reference.toLowerCase()} ${pin}`, { userId: OTHER_ACCOUNT }));
    expect(lastFlex(OTHER_ACCOUNT)?.altText).toBe(`เบาะแส ${reference}: รับเรื่องแล้ว`);
  });

  test('when the reporter follows the dialog (reference, then PIN), then it sees the status and the session is gone', async () => {
    const { reference, pin } = await fileReport(bot, REPORTER);
    await trackByDialog(bot, OTHER_ACCOUNT, reference, pin);
    const texts = bot.textsTo(OTHER_ACCOUNT);
    expect(texts.slice(0, 2)).toEqual(['กรุณาพิมพ์เลขอ้างอิงของเบาะแส เช่น R-ABCD234567', 'กรุณาพิมพ์รหัส PIN 6 หลัก']);
    expect(texts.at(-1)).toBe(`เบาะแส ${reference}: รับเรื่องแล้ว`);
    expect(await SessionModel.countDocuments({ userId: OTHER_ACCOUNT })).toBe(0);
  });

  test('when a wrong PIN is typed, then the rule is told (no count that would confirm the reference) and the PIN can be typed again', async () => {
    const { reference, pin } = await fileReport(bot, REPORTER);
    await trackByDialog(bot, OTHER_ACCOUNT, reference, wrongPin(pin));
    expect(bot.textsTo(OTHER_ACCOUNT).at(-1)).toBe(WRONG);
    // Waiting for the next try, the session holds the reference, sealed, and no PIN at all.
    const raw = JSON.stringify(await SessionModel.findOne({ userId: OTHER_ACCOUNT }).lean());
    expect(raw).not.toContain(reference);
    expect(raw).not.toContain(wrongPin(pin));
    expect(await sessionAnswers(OTHER_ACCOUNT)).toEqual({ reference });
    await bot.send(events.text(pin, { userId: OTHER_ACCOUNT }));
    expect(bot.textsTo(OTHER_ACCOUNT).at(-1)).toBe(`เบาะแส ${reference}: รับเรื่องแล้ว`);
    expect((await IntegrityReportModel.findOne({ reference }).lean())!.pinFailures).toBe(0);
  });

  test('when five wrong PINs are typed, then the reference is locked for an hour, even with the right PIN, and opens again after', async () => {
    clock.freeze('2026-11-21T03:00:00Z');
    const { reference, pin } = await fileReport(bot, REPORTER);
    for (let i = 0; i < 5; i += 1) await bot.send(events.text(`${reference} ${wrongPin(pin)}`, { userId: OTHER_ACCOUNT }));
    expect(bot.textsTo(OTHER_ACCOUNT).at(-1)).toBe('ใส่รหัส PIN ผิดเกินจำนวนครั้งที่กำหนด เลขอ้างอิงนี้ถูกระงับการติดตามชั่วคราว กรุณาลองใหม่หลังเวลา 11.00 น.');
    await bot.send(events.text(`${reference} ${pin}`, { userId: REPORTER }));
    expect(bot.textsTo(REPORTER).at(-1)).toContain('ถูกระงับการติดตามชั่วคราว');
    clock.advance(59 * 60_000);
    await bot.send(events.text(`${reference} ${pin}`, { userId: REPORTER }));
    expect(bot.textsTo(REPORTER).at(-1)).toContain('ถูกระงับการติดตามชั่วคราว');
    clock.advance(2 * 60_000);
    await bot.send(events.text(`${reference} ${pin}`, { userId: REPORTER }));
    expect(bot.textsTo(REPORTER).at(-1)).toBe(`เบาะแส ${reference}: รับเรื่องแล้ว`);
  });

  test('when an unknown reference is typed, then the answer is the same as for a wrong PIN', async () => {
    const { reference, pin } = await fileReport(bot, REPORTER);
    await bot.send(events.text(`${reference} ${wrongPin(pin)}`, { userId: OTHER_ACCOUNT }));
    await bot.send(events.text(`R-ABCDEFGHJK ${wrongPin(pin)}`, { userId: 'U_stranger' }));
    expect(bot.textsTo(OTHER_ACCOUNT)).toEqual([WRONG]);
    expect(bot.textsTo('U_stranger')).toEqual([WRONG]);
  });
});

describe('the daily limit', () => {
  test('when a LINE user has filed three reports today, then a fourth is refused, without storing who, and tomorrow is allowed', async () => {
    // A day long past: the count is kept on the real clock for the 15 hours left of that day.
    clock.freeze('2026-03-10T02:00:00Z');
    const realStart = Date.now();
    for (let i = 0; i < 3; i += 1) await fileReport(bot, REPORTER);
    expect(await IntegrityReportModel.countDocuments()).toBe(3);
    const quota = await IntegrityQuotaModel.find().lean();
    expect(quota).toHaveLength(1);
    expect(quota[0].count).toBe(3);
    expect(quota[0].expiresAt.getTime()).toBeGreaterThanOrEqual(realStart + 15 * 3_600_000);
    expect(quota[0].expiresAt.getTime()).toBeLessThanOrEqual(Date.now() + 15 * 3_600_000);
    expect(JSON.stringify(quota)).not.toContain(REPORTER);

    await bot.send(events.text('แจ้งทุจริต', { userId: REPORTER }));
    expect(bot.textsTo(REPORTER).at(-1)).toBe('ขออภัย ท่านแจ้งเบาะแสครบ 3 เรื่องในวันนี้แล้ว ท่านแจ้งเพิ่มได้อีกในวันพรุ่งนี้ หากเร่งด่วน โทรศูนย์ดำรงธรรม 1567');
    expect(await SessionModel.countDocuments({ userId: REPORTER })).toBe(0);

    // Another account is not affected.
    await fileReport(bot, 'U_neighbour');
    expect(await IntegrityReportModel.countDocuments()).toBe(4);

    clock.freeze('2026-03-10T17:00:01Z'); // 00:00:01 in Bangkok, the next day
    await fileReport(bot, REPORTER);
    expect(await IntegrityReportModel.countDocuments()).toBe(5);
  }, 90_000);

  test('when the limit is reached while a dialog is open, then confirming is refused with the configured hotline, the dialog ends and its evidence is deleted', async () => {
    // A fixed hour, so the day cannot change between the quota below and the confirmation.
    clock.freeze('2026-11-21T03:00:00Z');
    await saveSettings({ integrity: { dailyReportLimit: 1, hotlines: { damrongdham: '045-611-567' } } });
    await fileReport(bot, REPORTER, { stopBeforeConfirm: true, photos: [await photoWithExif()] });
    // Meanwhile the day's one report is used (e.g. from a dialog finished on another device).
    await IntegrityQuotaModel.create({ _id: keyedHash('integrity.daily-limit', `${REPORTER}|${bangkokDayKey(clock.now())}`), count: 1, expiresAt: new Date(Date.now() + 86_400_000) });
    await bot.send(events.postback(flowAnswer(REPORT_FLOW, 'confirm', 'yes'), { userId: REPORTER }));
    expect(bot.textsTo(REPORTER).at(-1)).toBe('ขออภัย ท่านแจ้งเบาะแสครบ 1 เรื่องในวันนี้แล้ว ท่านแจ้งเพิ่มได้อีกในวันพรุ่งนี้ หากเร่งด่วน โทรศูนย์ดำรงธรรม 045-611-567');
    expect(await IntegrityReportModel.countDocuments()).toBe(0);
    expect(await SessionModel.countDocuments({ userId: REPORTER })).toBe(0);
    expect(await mongoose.connection.db!.collection('integrity_evidence.files').countDocuments()).toBe(0);
  });
});

describe('the dialog', () => {
  test('when the command is typed, then the explanation names who reads it, anonymity and the configured hotlines', async () => {
    await saveSettings({ integrity: { hotlines: { damrongdham: '1567', nacc: '1205', pacc: '1206' } } });
    await bot.send(events.text('report corruption', { userId: REPORTER }));
    const intro = lastFlex(REPORTER)!;
    expect(intro.altText).toBe('แจ้งเบาะแสการทุจริตและประพฤติมิชอบ (ช่องทางลับ)');
    const json = JSON.stringify(intro);
    expect(json).toContain('เจ้าหน้าที่งานนิติการ');
    expect(json).toContain('แจ้งโดยไม่ระบุชื่อได้');
    expect(json).toContain('ศูนย์ดำรงธรรม โทร 1567');
    expect(json).toContain('tel:1205');
    expect(json).toContain('tel:1206');
  });

  test('when the rich menu button is pressed, then the same dialog starts', async () => {
    await bot.send(events.postback('v=1&a=integrity.start', { userId: REPORTER }));
    expect(lastFlex(REPORTER)?.altText).toBe('แจ้งเบาะแสการทุจริตและประพฤติมิชอบ (ช่องทางลับ)');
    expect(await SessionModel.findOne({ userId: REPORTER }).lean()).toMatchObject({ flowId: REPORT_FLOW, stepId: 'intro' });
  });

  test('when the reporter cancels after sending a photo, then the photo is deleted and nothing is stored', async () => {
    await bot.send(events.text('แจ้งเบาะแส', { userId: REPORTER }));
    await bot.send(events.postback(flowAnswer(REPORT_FLOW, 'intro', 'go'), { userId: REPORTER }));
    const photo = bot.line.addContent(await photoWithExif(), 'image/jpeg');
    await bot.send(events.image(photo, { userId: REPORTER }));
    expect(bot.textsTo(REPORTER)).toContain('ได้รับหลักฐานแล้ว รวม 1 รายการ');
    const files = () => mongoose.connection.db!.collection('integrity_evidence.files').countDocuments();
    expect(await files()).toBe(1);
    await bot.send(events.text('ยกเลิก', { userId: REPORTER }));
    expect(await files()).toBe(0);
    expect(await IntegrityReportModel.countDocuments()).toBe(0);
  });

  test('when the reporter reaches the kind and evidence steps, then each kind fits its button whole and the evidence question is short, with one line on file details', async () => {
    await openEvidenceStep();
    const kindQuestion = bot.messagesTo(REPORTER).find((m) => JSON.stringify(m).includes(flowAnswer(REPORT_FLOW, 'kind', 'misuse_of_property')));
    const labels = (kindQuestion?.quickReply?.items ?? []).map((item) => (item.action as { label: string }).label);
    expect(labels).toEqual(['เรียกรับเงิน/สิ่งของ', 'เก็บเงินเกินอัตรา', 'ลัดคิว', 'ผลประโยชน์ทับซ้อน', 'จัดซื้อจัดจ้าง', 'ใช้ทรัพย์สินโดยมิชอบ', 'อื่น ๆ', 'ยกเลิก']);
    expect(bot.textsTo(REPORTER).at(-1)).toBe('มีหลักฐานหรือไม่ ส่งรูปภาพหรือไฟล์ได้เลย หากไม่มี กด ไม่มีหลักฐาน\nรูปภาพจะถูกลบข้อมูลตำแหน่งออก แต่ไฟล์อื่นอาจมีชื่อผู้จัดทำติดอยู่');
  });

  test('when a PDF is sent as evidence, then it is stored as it is and the reporter is told so; one over 10 MB is refused', async () => {
    const pdf = Buffer.from('%PDF-1.4\n% receipt of an unofficial fee\n%%EOF');
    await bot.send(events.text('แจ้งทุจริต', { userId: REPORTER }));
    await bot.send(fileEvent(bot.line.addContent(pdf, 'application/pdf'), 'ใบเสร็จ.pdf', pdf.length));
    expect(bot.textsTo(REPORTER)).toContain('ได้รับไฟล์แล้ว รวม 1 รายการ\nไฟล์นี้อาจมีชื่อผู้จัดทำติดอยู่ หากไม่ต้องการ กด ลบรายการล่าสุด');
    await bot.send(fileEvent(bot.line.addContent(Buffer.alloc(16), 'application/pdf'), 'ใหญ่.pdf', 11 * 1024 * 1024));
    expect(bot.textsTo(REPORTER)).toContain('ไฟล์มีขนาดใหญ่เกิน 10 MB กรุณาส่งไฟล์ที่เล็กลง');
    const files = await evidenceFiles();
    expect(files).toHaveLength(1);
    expect(files[0]).toMatchObject({ filename: 'evidence.pdf', length: pdf.length, metadata: { kind: 'file', contentType: 'application/pdf' } });
  });

  test('when a JPEG with EXIF is sent as a LINE file under any name, then it is stored cleaned as a photo', async () => {
    const original = await photoWithExif();
    await openEvidenceStep();
    await bot.send(fileEvent(bot.line.addContent(original, 'application/octet-stream'), 'scan.pdf', original.length));
    expect(bot.textsTo(REPORTER)).toContain('ได้รับหลักฐานแล้ว รวม 1 รายการ');
    const [file] = await evidenceFiles();
    expect(file).toMatchObject({ filename: 'evidence.jpg', metadata: { kind: 'photo', contentType: 'image/jpeg' } });
    const stored = await evidenceBytes(file._id);
    expect((await sharp(stored).metadata()).exif).toBeUndefined();
    expect(stored.includes(Buffer.from('SecretCam'))).toBe(false);
    expect(stored.includes(Buffer.from('Somchai Reporter'))).toBe(false);
  });

  test('when a picture that cannot be cleaned (TIFF) is sent as a file, then it is refused and nothing is kept', async () => {
    const tiff = await sharp({ create: { width: 8, height: 8, channels: 3, background: '#ffffff' } }).tiff().withExif({ IFD0: { Artist: 'Somchai Reporter' } }).toBuffer();
    await openEvidenceStep();
    await bot.send(fileEvent(bot.line.addContent(tiff, 'image/tiff'), 'photo.tif', tiff.length));
    expect(bot.textsTo(REPORTER)).toContain('รูปภาพชนิดนี้ลบข้อมูลตำแหน่งและข้อมูลกล้องออกไม่ได้ กรุณาส่งเป็นรูปภาพทั่วไป (JPEG หรือ PNG) หรือภาพถ่ายหน้าจอแทน');
    expect(await evidenceFiles()).toEqual([]);
  });

  test('when the reporter removes the last item, then that file is deleted and the count goes down', async () => {
    const pdf = Buffer.from('%PDF-1.4\n/Author (Somchai Reporter)\n%%EOF');
    await openEvidenceStep();
    await bot.send(events.image(bot.line.addContent(await photoWithExif(), 'image/jpeg'), { userId: REPORTER }));
    await bot.send(fileEvent(bot.line.addContent(pdf, 'application/pdf'), 'memo.pdf', pdf.length));
    const prompt = bot.messagesTo(REPORTER).at(-1)!;
    expect(JSON.stringify(prompt)).toContain(flowAnswer(REPORT_FLOW, 'evidence', 'removeLast'));
    await bot.send(events.postback(flowAnswer(REPORT_FLOW, 'evidence', 'removeLast'), { userId: REPORTER }));
    expect(bot.textsTo(REPORTER)).toContain('ลบหลักฐานรายการล่าสุดแล้ว เหลือ 1 รายการ');
    const files = await evidenceFiles();
    expect(files.map((f) => f.metadata?.kind)).toEqual(['photo']);
    expect(await sessionAnswers(REPORTER)).toMatchObject({ evidence: [{ kind: 'photo' }] });
  });

  test('when anonymous reports are switched off before an anonymous reporter confirms, then they are offered to give a name and keep what they wrote and sent', async () => {
    await fileReport(bot, REPORTER, { stopBeforeConfirm: true, photos: [await photoWithExif()] });
    await saveSettings({ integrity: { allowAnonymous: false } });
    await bot.send(events.postback(flowAnswer(REPORT_FLOW, 'confirm', 'yes'), { userId: REPORTER }));
    expect(bot.textsTo(REPORTER).at(-1)).toBe('ขณะนี้เทศบาลรับเฉพาะเบาะแสที่ระบุชื่อ สิ่งที่ท่านส่งไว้ยังอยู่ครบ\nหากยินดีระบุชื่อ กรุณาพิมพ์ชื่อ-นามสกุล (เก็บเป็นความลับ) หรือกด ยกเลิก');
    expect(await IntegrityReportModel.countDocuments()).toBe(0);
    expect(await evidenceFiles()).toHaveLength(1);

    await bot.send(events.text('สมชาย ใจกล้า', { userId: REPORTER }));
    await bot.send(events.text('0812345678', { userId: REPORTER }));
    const summary = lastFlex(REPORTER)!;
    expect(summary.altText).toBe('สรุปเบาะแสก่อนส่ง');
    expect(JSON.stringify(summary)).toContain('สมชาย ใจกล้า');
    await bot.send(events.postback(flowAnswer(REPORT_FLOW, 'confirm', 'yes'), { userId: REPORTER }));
    const report = await IntegrityReportModel.findOne().lean();
    expect(report).toMatchObject({ anonymous: false, evidence: [expect.objectContaining({ kind: 'photo' })] });
    expect(report!.identity).toBeDefined();
    expect(lastFlex(REPORTER)?.altText).toMatch(/^ได้รับเบาะแสแล้ว เลขอ้างอิง R-/);
  });

  test('when a step gets the wrong kind of answer, then the reason and the question are repeated', async () => {
    await bot.send(events.text('แจ้งทุจริต', { userId: REPORTER }));
    await bot.send(events.postback(flowAnswer(REPORT_FLOW, 'intro', 'go'), { userId: REPORTER }));
    await bot.send(events.postback(flowAnswer(REPORT_FLOW, 'mode', 'named'), { userId: REPORTER }));
    await bot.send(events.text('สมชาย ใจกล้า', { userId: REPORTER }));
    await bot.send(events.text('12345', { userId: REPORTER }));
    expect(bot.textsTo(REPORTER).slice(-2)).toEqual(['เบอร์โทรศัพท์ไม่ถูกต้อง กรุณาพิมพ์ตัวเลข 9-10 หลัก ขึ้นต้นด้วย 0', 'กรุณาพิมพ์เบอร์โทรศัพท์ที่ติดต่อได้ เช่น 0812345678']);
    await bot.send(events.text('081-234-5678', { userId: REPORTER }));
    await bot.send(events.text('3', { userId: REPORTER }));
    expect(await sessionAnswers(REPORTER)).toMatchObject({ phone: '0812345678', kind: 'queue_jumping' });
  });
});

describe('group and room chats', () => {
  const PRIVATE_ONLY = 'ขออภัย รายการนี้ทำได้ในแชทส่วนตัวกับบัญชีของเทศบาลเท่านั้น';
  const inGroup = <E extends { source: object }>(event: E, type: 'group' | 'room' = 'group'): E => ({ ...event, source: { type, ...(type === 'group' ? { groupId: 'C_department_group' } : { roomId: 'R_some_room' }), userId: REPORTER } });

  test.each(['group', 'room'] as const)('when a report or tracking is started by a button in a %s, then it is refused with a pointer to the one-to-one chat and no dialog starts', async (type) => {
    await bot.send(inGroup(events.postback('v=1&a=integrity.start', { userId: REPORTER }), type));
    await bot.send(inGroup(events.postback('v=1&a=integrity.track', { userId: REPORTER }), type));
    expect(bot.textsTo(REPORTER)).toEqual([PRIVATE_ONLY, PRIVATE_ONLY]);
    expect(await SessionModel.countDocuments()).toBe(0);
  });

  test('when the command, or a reference and PIN, is typed in a group, then the bot says nothing there and shows no status', async () => {
    const { reference, pin } = await fileReport(bot, REPORTER);
    bot.clearCalls();
    await bot.send(inGroup(events.text('แจ้งทุจริต', { userId: REPORTER })));
    await bot.send(inGroup(events.text(`${reference} ${pin}`, { userId: REPORTER })));
    await bot.send(inGroup(events.text(reference, { userId: REPORTER })));
    expect(bot.line.calls.filter((c) => c.kind === 'reply' || c.kind === 'push')).toEqual([]);
    expect(await SessionModel.countDocuments()).toBe(0);
  });
});
