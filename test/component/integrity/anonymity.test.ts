import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BSON, EJSON } from 'bson';
import mongoose from 'mongoose';
import pino from 'pino';
import sharp from 'sharp';
import { flowAnswer } from '../../../src/conversation/engine';
import { connectDatabase, type DatabaseHandle } from '../../../src/db/connection';
import { IntegrityReportModel } from '../../../src/features/integrity/integrity.model';
import { STATUS_FLOW } from '../../../src/features/integrity/officer-status.flow';
import { REPORT_FLOW } from '../../../src/features/integrity/report.flow';
import { OfficerModel } from '../../../src/features/officers/officer.model';
import { encodePostback } from '../../../src/line/postback';
import { sendDueOutbox } from '../../../src/notifications/send-outbox.job';
import { clock } from '../../../src/shared/clock';
import { logger } from '../../../src/shared/logger';
import { startTestBot, type TestBot } from '../../support/bot';
import { events } from '../../support/webhook';
import { readReceipt, seedLegalDepartment } from './helpers';

/**
 * The anonymity promise, checked everywhere the data can land, with every feature of the OA
 * registered: every document of every collection (GridFS files and chunks included, searched as
 * raw BSON bytes), the embedded store's journal and snapshot on disk (this file runs the store on
 * a data file, as production's embedded mode does), and every log line at debug level, the
 * store's own included. Dumps are taken mid-dialog, while a webhook event is still pending, and
 * while pushes wait in the outbox, with LINE failing replies and pushes along the way.
 */

const REPORTER = 'U_whistleblower_7f3a9c2e';
const TRACKER = 'U_borrowed_phone_5d1e';
const LEGAL = 'U_legal_officer_1';
const DESCRIPTION = 'เจ้าหน้าที่ขอเงิน 500 บาทเพื่อให้ได้บัตรเร็วขึ้น';
const WHEN_WHERE = 'วันที่ 10 พ.ย. ช่วงบ่าย ที่จุดบริการงานทะเบียน';
const SUBJECT = 'เจ้าหน้าที่ช่อง 3 งานทะเบียน';
const OUTCOME = 'เทศบาลได้ตั้งกรรมการตรวจสอบข้อเท็จจริงแล้ว';

let dataDir: string;
let database: DatabaseHandle;
let started: TestBot | undefined;
const bot = new Proxy({} as TestBot, { get: (_, key) => Reflect.get(started!, key) });

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'integrity-anonymity-'));
  database = await connectDatabase({ dataDir, dbName: 'anonymity' });
  started = await startTestBot();
});
afterAll(async () => {
  await started?.close();
  await database?.close();
  rmSync(dataDir, { recursive: true, force: true });
});
beforeEach(async () => {
  const db = mongoose.connection.db!;
  for (const { name } of await db.listCollections({}, { nameOnly: true }).toArray()) await db.collection(name).deleteMany({});
  bot.line.reset();
  await seedLegalDepartment();
  await OfficerModel.create({ lineUserId: LEGAL, name: 'นิติกร สมหญิง', departmentCode: 'legal', roles: ['officer', 'integrity'], registeredAt: new Date() });
});
afterEach(() => clock.reset());

// ---------------------------------------------------------------------------------------------
// Where to look

/** One stored thing: its place (collection or file) and its bytes and text forms. */
interface Record_ {
  where: string;
  bytes: Buffer;
  text: string;
}

const asRecord = (where: string, doc: BSON.Document): Record_ => ({ where, bytes: Buffer.from(BSON.serialize(doc)), text: EJSON.stringify(doc, { relaxed: true }) });

/** Every document of every collection, system ones and GridFS chunks included. */
async function databaseRecords(): Promise<Record_[]> {
  const db = mongoose.connection.db!;
  const out: Record_[] = [];
  for (const { name } of await db.listCollections({}, { nameOnly: true }).toArray()) {
    for (const doc of await db.collection(name).find({}).toArray()) out.push(asRecord(name, doc));
  }
  return out;
}

/** Every record of the embedded store's files: the snapshot and the journal ([len][crc][BSON] frames). */
function fileRecords(): Record_[] {
  const out: Record_[] = [];
  for (const file of ['embedded-db.bson', 'embedded-db.bson.journal']) {
    let buf: Buffer;
    try {
      buf = readFileSync(join(dataDir, file));
    } catch {
      continue;
    }
    for (let p = 0; p + 8 <= buf.length; ) {
      const len = buf.readUInt32LE(p);
      if (len < 5 || p + 8 + len > buf.length) break;
      out.push(asRecord(file, BSON.deserialize(buf.subarray(p + 8, p + 8 + len))));
      p += 8 + len;
    }
  }
  return out;
}

/** What pino really writes, at debug level, from the app and the store (same logger). */
function captureLogs(): { lines: string[]; restore(): void } {
  const stream = (logger as unknown as Record<symbol, { write(chunk: string): boolean }>)[pino.symbols.streamSym];
  const lines: string[] = [];
  const original = stream.write.bind(stream);
  const previousLevel = logger.level;
  logger.level = 'debug';
  stream.write = (chunk: string) => {
    lines.push(String(chunk));
    return true;
  };
  return {
    lines,
    restore() {
      stream.write = original;
      logger.level = previousLevel;
    },
  };
}

// ---------------------------------------------------------------------------------------------
// What must hold

/** What identifies a report: never in the same record as the account that sent or followed it. */
interface ReportMarks {
  reference?: string;
  reportId?: string;
  pin?: string;
}

/** A PIN typed in plain is a 6-digit token; inside base64 ciphertext it is not (letters or +/ around it). */
const pinPattern = (pin: string) => new RegExp(`(?<![A-Za-z0-9+/])${pin}(?![A-Za-z0-9+/=])`);

function marksIn(record: Record_, marks: ReportMarks): string[] {
  const found: string[] = [];
  if (marks.reference && record.bytes.includes(Buffer.from(marks.reference))) found.push('reference');
  if (marks.reportId && (record.bytes.includes(Buffer.from(marks.reportId)) || record.bytes.includes(Buffer.from(marks.reportId, 'hex')))) found.push('report id');
  if (marks.pin && pinPattern(marks.pin).test(record.text)) found.push('PIN');
  return found;
}

/** Places an account's LINE id may sit: its user record, its pending events, its own conversation. */
const ACCOUNT_PLACES = ['line_users', 'webhook_events', 'conversation_sessions'];

/**
 * The checks, on every record given: the report's texts appear nowhere in plain; the account's
 * LINE id appears only in its own places, and never in a record that also identifies the report.
 */
function expectNoLink(records: Record_[], account: string, marks: ReportMarks, when: string): void {
  const problems: string[] = [];
  for (const record of records) {
    for (const secret of [DESCRIPTION, WHEN_WHERE, SUBJECT]) if (record.bytes.includes(Buffer.from(secret))) problems.push(`${record.where}: plain report text "${secret.slice(0, 12)}…"`);
    if (marks.pin && pinPattern(marks.pin).test(record.text)) problems.push(`${record.where}: plain PIN`);
    if (!record.bytes.includes(Buffer.from(account))) continue;
    const place = ACCOUNT_PLACES.some((p) => record.where.endsWith(p)) || record.where.startsWith('embedded-db');
    if (!place) problems.push(`${record.where}: holds the LINE id`);
    const together = marksIn(record, marks);
    if (together.length > 0) problems.push(`${record.where}: LINE id beside the ${together.join(', ')}: ${record.text.slice(0, 300)}`);
  }
  expect({ when, problems }).toEqual({ when, problems: [] });
}

/**
 * Everything stored now; with `files`, the store's journal and snapshot too. The journal keeps
 * every version of every document ever written, so one look at it covers every moment before.
 */
async function expectNothingLinksNow(account: string, marks: ReportMarks, when: string, files = false): Promise<void> {
  expectNoLink([...(await databaseRecords()), ...(files ? fileRecords() : [])], account, marks, when);
}

function expectLogsClean(lines: string[], account: string, marks: ReportMarks): void {
  expect(lines.length).toBeGreaterThan(0);
  const bad = lines.filter((l) => l.includes(account) || [DESCRIPTION, WHEN_WHERE, SUBJECT].some((s) => l.includes(s)) || (marks.pin !== undefined && pinPattern(marks.pin).test(l)));
  expect(bad).toEqual([]);
}

// ---------------------------------------------------------------------------------------------
// Driving the bot one event at a time

/**
 * One event, checked at each stage: stored but not handled, handled with its pushes still in the
 * outbox, and after the outbox ran (a failed push stays, sealed, for a retry).
 */
async function step(userId: string, event: unknown, marks: () => ReportMarks, label: string): Promise<void> {
  const res = await bot.post([event]);
  expect(res.status).toBe(200);
  await expectNothingLinksNow(userId, marks(), `${label}: event pending`);
  await bot.runtime.processor.drain();
  await expectNothingLinksNow(userId, marks(), `${label}: handled, pushes pending`);
  await sendDueOutbox();
  await expectNothingLinksNow(userId, marks(), `${label}: outbox ran`);
}

/** A photo whose EXIF names the reporter by their LINE id. */
const exifPhoto = () =>
  sharp({ create: { width: 64, height: 48, channels: 3, background: { r: 200, g: 30, b: 30 } } })
    .jpeg()
    .withExif({ IFD0: { Make: 'SecretCam', Artist: REPORTER } })
    .toBuffer();

describe('an anonymous report, searched everywhere', () => {
  test('when an anonymous report with evidence and notifications is filed, its status changed and followed, with LINE failing on the way, then no record, file or log line ties the reporter to it', async () => {
    const logs = captureLogs();
    const marks: ReportMarks = {};
    try {
      const post = (data: string) => events.postback(data, { userId: REPORTER });
      const say = (text: string) => events.text(text, { userId: REPORTER });
      const photo = bot.line.addContent(await exifPhoto(), 'image/jpeg');
      const photoAsFile = bot.line.addContent(await exifPhoto(), 'application/octet-stream');
      const reporterSteps: [string, unknown][] = [
        ['command', say('แจ้งทุจริต')],
        ['intro', post(flowAnswer(REPORT_FLOW, 'intro', 'go'))],
        ['mode', post(flowAnswer(REPORT_FLOW, 'mode', 'anonymous'))],
        ['kind', post(flowAnswer(REPORT_FLOW, 'kind', 'money_or_gifts'))],
        ['subject', say(SUBJECT)],
        ['when and where', say(WHEN_WHERE)],
        ['description', say(DESCRIPTION)],
        ['photo', events.image(photo, { userId: REPORTER })],
        ['photo as a file', { ...events.file({ userId: REPORTER }), message: { type: 'file', id: photoAsFile, fileName: 'IMG_0042.JPG', fileSize: 2000 } }],
        ['evidence done', post(flowAnswer(REPORT_FLOW, 'evidence', 'done'))],
        ['notify yes', post(flowAnswer(REPORT_FLOW, 'notify', 'yes'))],
      ];
      for (const [label, event] of reporterSteps) await step(REPORTER, event, () => marks, label);

      // The receipt's reply fails: it goes as a push, which fails once too and waits for a retry.
      bot.line.failNext('reply', 500);
      bot.line.failNext('push', 500);
      await step(REPORTER, post(flowAnswer(REPORT_FLOW, 'confirm', 'yes')), () => marks, 'confirm');
      const report = await IntegrityReportModel.findOne().lean();
      Object.assign(marks, { reference: report!.reference, reportId: String(report!._id) });
      clock.advance(10 * 60_000);
      await sendDueOutbox();
      Object.assign(marks, { pin: readReceipt(bot.pushesTo(REPORTER)).pin });
      await expectNothingLinksNow(REPORTER, marks, 'receipt pushed after the retry', true);
      expect(report).toMatchObject({ anonymous: true, evidence: [expect.objectContaining({ kind: 'photo' }), expect.objectContaining({ kind: 'photo' })] });
      expect(report!.identity).toBeUndefined();
      expect(report!.notifyTo).toMatchObject({ v: 'v1', data: expect.any(String) });

      // The integrity officer changes the status with an outcome: the reporter's push waits sealed, then fails once.
      const officer = (data: string) => events.postback(data, { userId: LEGAL });
      await step(REPORTER, officer(encodePostback('integrity.status', { id: marks.reportId! })), () => marks, 'status dialog');
      await step(REPORTER, officer(flowAnswer(STATUS_FLOW, 'status', 'under_review')), () => marks, 'status chosen');
      await step(REPORTER, events.text('เรียกเจ้าหน้าที่ช่อง 3 มาชี้แจง', { userId: LEGAL }), () => marks, 'note');
      bot.line.failNext('push', 500);
      await step(REPORTER, events.text(OUTCOME, { userId: LEGAL }), () => marks, 'outcome');
      clock.advance(10 * 60_000);
      await sendDueOutbox();
      expect(bot.pushesTo(REPORTER).map((m) => (m as { text?: string }).text ?? '').join()).toContain(OUTCOME);
      await expectNothingLinksNow(REPORTER, marks, 'status push delivered');

      // The reporter follows it from a borrowed phone: a wrong PIN first, in the dialog.
      const wrong = marks.pin === '000000' ? '111111' : '000000';
      for (const [label, text] of [['track', 'ติดตามเบาะแส'], ['reference', marks.reference!], ['wrong PIN', wrong], ['PIN', marks.pin!]] as const) {
        await step(TRACKER, events.text(text, { userId: TRACKER }), () => marks, `tracking: ${label}`);
      }
      expect(bot.textsTo(TRACKER).at(-1)).toBe(`เบาะแส ${marks.reference}: ตรวจสอบข้อเท็จจริง`);
      // The journal really holds the whole story (else the file checks would prove nothing).
      const journal = fileRecords();
      expect(journal.filter((r) => r.bytes.includes(Buffer.from(marks.reference!))).length).toBeGreaterThan(0);
      expect(journal.filter((r) => r.bytes.includes(Buffer.from(REPORTER))).length).toBeGreaterThan(0);
      await expectNothingLinksNow(REPORTER, marks, 'at the end, for the reporter', true);
      await expectNothingLinksNow(TRACKER, marks, 'at the end, for the borrowed phone', true);
    } finally {
      logs.restore();
    }
    expect(logs.lines.some((l) => l.includes('integrity report received'))).toBe(true);
    expectLogsClean(logs.lines, REPORTER, marks);
    expectLogsClean(logs.lines, TRACKER, marks);
  }, 120_000);

  test('when the checks are given a record that does tie the reporter to the report, then they find it', () => {
    // The checks above must be able to fail: a plain outbox entry to the reporter naming the reference.
    const planted = asRecord('outbox', { to: [REPORTER], messages: [{ type: 'text', text: 'เบาะแสเลขอ้างอิง R-ABCDEFGHJK รหัส 123456' }] });
    expect(() => expectNoLink([planted], REPORTER, { reference: 'R-ABCDEFGHJK', pin: '123456' }, 'planted')).toThrow();
    const ciphertext = asRecord('outbox', { sealed: { data: 'q9+123456Zx/' } });
    expect(() => expectNoLink([ciphertext], REPORTER, { pin: '123456' }, 'ciphertext')).not.toThrow();
  });
});

describe('what the officers and the reporter are sent', () => {
  const fileQuickly = async (description: string) => {
    const post = (data: string) => bot.send(events.postback(data, { userId: REPORTER }));
    await bot.send(events.text('แจ้งทุจริต', { userId: REPORTER }));
    await post(flowAnswer(REPORT_FLOW, 'intro', 'go'));
    await post(flowAnswer(REPORT_FLOW, 'mode', 'anonymous'));
    await post(flowAnswer(REPORT_FLOW, 'kind', 'money_or_gifts'));
    await post(flowAnswer(REPORT_FLOW, 'subject', 'skip'));
    await bot.send(events.text(WHEN_WHERE, { userId: REPORTER }));
    await bot.send(events.text(description, { userId: REPORTER }));
    await post(flowAnswer(REPORT_FLOW, 'evidence', 'done'));
    await post(flowAnswer(REPORT_FLOW, 'notify', 'no'));
    await post(flowAnswer(REPORT_FLOW, 'confirm', 'yes'));
    return readReceipt(bot.messagesTo(REPORTER));
  };

  test('when a report is filed, then the integrity officer is pushed an alert with the reference and no content', async () => {
    const { reference } = await fileQuickly('เจ้าหน้าที่เรียกเงินค่าดำเนินการพิเศษ 300 บาท');
    const pushes = bot.pushesTo(LEGAL);
    expect(pushes).toHaveLength(1);
    expect(pushes[0]).toMatchObject({ type: 'flex', altText: `มีเบาะแสการทุจริตเรื่องใหม่ เลขอ้างอิง ${reference}` });
    expect(JSON.stringify(pushes[0])).not.toContain('300 บาท');
  });

  test('when the receipt is shown, then it carries the reference, the 6-digit PIN and how to follow the report', async () => {
    clock.freeze('2026-11-21T06:30:15Z');
    const { reference, pin } = await fileQuickly(DESCRIPTION);
    expect(reference).toMatch(/^R-[ABCDEFGHJKLMNPQRSTUVWXYZ23456789]{10}$/);
    expect(pin).toMatch(/^\d{6}$/);
    const receipt = bot.messagesTo(REPORTER).at(-1)!;
    expect(receipt).toMatchObject({ type: 'flex', altText: `ได้รับเบาะแสแล้ว เลขอ้างอิง ${reference}` });
    const json = JSON.stringify(receipt);
    expect(json).toContain('21 พ.ย. 2569 13.30 น.');
    expect(json).toContain('ติดตามเบาะแส');
    expect(json).toContain('ภายใน 30 วัน');
  });
});
