import mongoose from 'mongoose';
import pino from 'pino';
import { IntegrityReportModel } from '../../../src/features/integrity/integrity.model';
import { OfficerModel } from '../../../src/features/officers/officer.model';
import { clock } from '../../../src/shared/clock';
import { logger } from '../../../src/shared/logger';
import { fileReport, photoWithExif, seedLegalDepartment, useIntegrityBot } from './helpers';

const bot = useIntegrityBot();

const REPORTER = 'U_whistleblower_7f3a9c2e';
const INTEGRITY_OFFICER = 'U_legal_officer_1';

/** Every document of every collection, as JSON, by collection name. */
async function dumpDatabase(): Promise<Map<string, string[]>> {
  const database = mongoose.connection.db!;
  const out = new Map<string, string[]>();
  for (const { name } of await database.listCollections({}, { nameOnly: true }).toArray()) {
    const docs = await database.collection(name).find({}).toArray();
    out.set(
      name,
      docs.map((d) => JSON.stringify(d)),
    );
  }
  return out;
}

/** Captures what pino really writes: its destination stream, whatever the level was. */
function captureLogs(): { lines: string[]; restore(): void } {
  const stream = (logger as unknown as Record<symbol, { write(chunk: string): boolean }>)[pino.symbols.streamSym];
  const lines: string[] = [];
  const original = stream.write.bind(stream);
  const previousLevel = logger.level;
  logger.level = 'info';
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

beforeEach(async () => {
  await seedLegalDepartment();
  await OfficerModel.create({ lineUserId: INTEGRITY_OFFICER, name: 'นิติกร สมหญิง', departmentCode: 'legal', roles: ['officer', 'integrity'], registeredAt: new Date() });
});

describe('an anonymous report', () => {
  test('when an anonymous report with a photo is filed, then no collection and no log line holds the reporter\'s LINE id beside the report', async () => {
    const logs = captureLogs();
    let receipt: { reference: string; pin: string };
    try {
      receipt = await fileReport(bot, REPORTER, { photos: [await photoWithExif()] });
    } finally {
      logs.restore();
    }

    // The report exists, with a hashed PIN and nothing readable about the reporter.
    const report = await IntegrityReportModel.findOne({ reference: receipt.reference }).lean();
    expect(report).toMatchObject({ anonymous: true, status: 'received', kind: 'money_or_gifts' });
    expect(report!.pinHash).toMatch(/^scrypt\$/);
    expect(report!.identity).toBeUndefined();
    expect(report!.notifyTo).toBeUndefined();
    expect(report!.receivedAt.getUTCSeconds()).toBe(0);

    const dump = await dumpDatabase();
    expect(dump.has('integrity_reports')).toBe(true);
    expect(dump.has('integrity_evidence.files')).toBe(true);
    const holders = [...dump].filter(([, docs]) => docs.some((d) => d.includes(REPORTER))).map(([name]) => name);
    // line_users holds every user's id (language, blocked flag) and nothing about any report.
    expect(holders).toEqual(['line_users']);
    const userDocs = dump.get('line_users')!.filter((d) => d.includes(REPORTER));
    expect(userDocs).toHaveLength(1);
    expect(userDocs[0]).not.toMatch(/R-|integrity|report/i);
    // Nothing else names the reference except the report itself and the officers' alert entry.
    for (const [name, docs] of dump) {
      if (docs.some((d) => d.includes(receipt.reference))) expect(['integrity_reports', 'outbox']).toContain(name);
    }
    expect(dump.get('conversation_sessions') ?? []).toEqual([]);
    // The description is not stored in the clear either.
    expect([...dump.values()].flat().some((d) => d.includes('500 บาท'))).toBe(false);

    expect(logs.lines.length).toBeGreaterThan(0);
    expect(logs.lines.some((l) => l.includes('integrity report received'))).toBe(true);
    expect(logs.lines.filter((l) => l.includes(REPORTER))).toEqual([]);
    expect(logs.lines.filter((l) => l.includes(receipt.pin) || l.includes('500 บาท'))).toEqual([]);
  });

  test('when a report is filed, then the integrity officer is pushed an alert with the reference and no content', async () => {
    const { reference } = await fileReport(bot, REPORTER, { description: 'เจ้าหน้าที่เรียกเงินค่าดำเนินการพิเศษ 300 บาท' });
    const pushes = bot.pushesTo(INTEGRITY_OFFICER);
    expect(pushes).toHaveLength(1);
    expect(pushes[0]).toMatchObject({ type: 'flex', altText: `มีเบาะแสการทุจริตเรื่องใหม่ เลขอ้างอิง ${reference}` });
    expect(JSON.stringify(pushes[0])).not.toContain('300 บาท');
  });

  test('when the reporter asks for notifications, then only an encrypted copy of their LINE id is kept', async () => {
    const { reference } = await fileReport(bot, REPORTER, { notify: true });
    const report = await IntegrityReportModel.findOne({ reference }).lean();
    expect(report!.notifyTo).toMatchObject({ v: 'v1', iv: expect.any(String), tag: expect.any(String), data: expect.any(String) });
    const dump = await dumpDatabase();
    const holders = [...dump].filter(([, docs]) => docs.some((d) => d.includes(REPORTER))).map(([name]) => name);
    expect(holders).toEqual(['line_users']);
  });

  test('when the receipt is shown, then it carries the reference, the 6-digit PIN and how to follow the report', async () => {
    clock.freeze('2026-11-21T06:30:15Z');
    const { reference, pin } = await fileReport(bot, REPORTER);
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
