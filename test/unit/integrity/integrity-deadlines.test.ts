import { randomBytes } from 'node:crypto';
import { DepartmentModel } from '../../../src/features/departments/department.model';
import { runIntegrityDeadlines } from '../../../src/features/integrity/integrity-deadlines.job';
import { IntegrityAccessLogModel } from '../../../src/features/integrity/integrity.model';
import { changeReportStatus, newReferenceAndPin, submitReport, type SubmitReportInput } from '../../../src/features/integrity/integrity.service';
import { OfficerModel } from '../../../src/features/officers/officer.model';
import { OutboxModel } from '../../../src/notifications/outbox.model';
import { openDelivery } from '../../../src/notifications/outbox.service';
import { clock } from '../../../src/shared/clock';
import { setEncryptionKeys } from '../../../src/shared/crypto';
import { useTestDatabase } from '../../support/db';

const db = useTestDatabase();
const LEGAL = 'U_legal_deadlines';
const HEAD = 'U_legal_head_deadlines';
const REPORTER = 'U_reporter_deadlines';

beforeEach(async () => {
  await db.clear();
  setEncryptionKeys({ current: { version: 'v1', key: randomBytes(32) }, previous: [] });
  await DepartmentModel.create({ code: 'legal', name: { th: 'งานนิติการ' }, isLegalAffairs: true });
  await OfficerModel.create({ lineUserId: LEGAL, name: 'นิติกร สมหญิง', departmentCode: 'legal', roles: ['integrity'], registeredAt: new Date() });
  await OfficerModel.create({ lineUserId: HEAD, name: 'หัวหน้านิติการ', departmentCode: 'legal', roles: ['integrity', 'head'], registeredAt: new Date() });
});
afterEach(() => clock.reset());

/** An anonymous report filed now (due 30 days later), its reporter asking for notifications. */
async function file(overrides: Partial<SubmitReportInput> = {}) {
  const submitted: SubmitReportInput = { reporterLineId: REPORTER, anonymous: true, kind: 'extra_fee', details: { description: 'เก็บค่าธรรมเนียมเกินอัตรา 200 บาท' }, evidence: [], notify: true, ...newReferenceAndPin(), now: clock.now(), ...overrides };
  return { ...(await submitReport(submitted)), reference: submitted.reference };
}

/** What the officers were pushed by the watch: recipient and text (flex altText), in order. */
async function officerAlerts(topic: 'integrity.reminder' | 'integrity.escalation') {
  const entries = await OutboxModel.find({ topic }).sort({ _id: 1 }).lean();
  return entries.map((e) => ({ to: e.to, text: (e.messages as { altText: string }[])[0].altText }));
}

const run = async (at: string) => {
  clock.freeze(at);
  return runIntegrityDeadlines(clock.now());
};

describe('reminders before the due date', () => {
  test('when a report nears its due date, then every integrity officer is reminded once at 08.00 Bangkok, and on the due day it reads "due today"', async () => {
    clock.freeze('2027-01-01T02:00:00Z');
    const { reference } = await file(); // due 31 Jan 2027, 09.00 Bangkok
    await changeReportStatus({ lineUserId: LEGAL, reportId: (await file()).reportId, to: 'unsubstantiated', note: 'ไม่พบมูล', eventKey: 'e-concluded', now: clock.now() });

    await run('2027-01-28T00:30:00Z'); // 07.30 Bangkok, 3 days before
    expect(await officerAlerts('integrity.reminder')).toEqual([]);
    await run('2027-01-28T01:00:00Z'); // 08.00
    await run('2027-01-28T01:05:00Z');
    const text = `เบาะแสเลขอ้างอิง ${reference} จะครบกำหนดวันที่ 31 ม.ค. 2570 (อีก 3 วัน)`;
    expect(await officerAlerts('integrity.reminder')).toEqual([
      { to: [LEGAL], text },
      { to: [HEAD], text },
    ]);

    await run('2027-01-31T01:00:00Z'); // the due day, 08.00
    const dueToday = (await officerAlerts('integrity.reminder')).slice(2);
    expect(dueToday.map((a) => a.text)).toEqual([`เบาะแสเลขอ้างอิง ${reference} ครบกำหนดวันนี้ (31 ม.ค. 2570)`, `เบาะแสเลขอ้างอิง ${reference} ครบกำหนดวันนี้ (31 ม.ค. 2570)`]);
    expect(JSON.stringify(await OutboxModel.find({ topic: 'integrity.reminder' }).lean())).not.toMatch(/อีก 0 วัน|200 บาท/);
  });

  test('when several reports near their due dates, then each officer gets one message listing them, and the access log names each report', async () => {
    clock.freeze('2027-01-01T02:00:00Z');
    const filed = [await file(), await file(), await file()];
    await run('2027-01-28T01:00:00Z');
    const alerts = await officerAlerts('integrity.reminder');
    expect(alerts).toEqual([
      { to: [LEGAL], text: 'เบาะแสใกล้ครบกำหนด 3 เรื่อง' },
      { to: [HEAD], text: 'เบาะแสใกล้ครบกำหนด 3 เรื่อง' },
    ]);
    const json = JSON.stringify((await OutboxModel.findOne({ topic: 'integrity.reminder' }).lean())!.messages);
    for (const { reference } of filed) expect(json).toContain(`• ${reference} ครบกำหนด 31 ม.ค. 2570 (อีก 3 วัน)`);
    expect(json).toContain('"data":"v=1&a=integrity.list"');
    const logged = await IntegrityAccessLogModel.find({ action: 'reminder', detail: 'reminder' }).lean();
    expect(logged).toHaveLength(2);
    expect([...logged[0].reportIds!].sort()).toEqual(filed.map((f) => f.reportId).sort());
  });
});

describe('escalations and the reporter', () => {
  test('when a report passes its due date, then the integrity head is told once, the reporter gets a sealed delay notice, and nothing is sent again even after the outbox forgets', async () => {
    clock.freeze('2027-01-01T02:00:00Z');
    const { reportId, reference } = await file();
    await changeReportStatus({ lineUserId: LEGAL, reportId, to: 'under_review', note: 'เริ่มตรวจสอบ', eventKey: 'e-review', now: clock.now() });
    await run('2027-02-01T02:00:00Z');
    await run('2027-02-01T02:10:00Z');
    expect(await officerAlerts('integrity.escalation')).toEqual([{ to: [HEAD], text: `เบาะแสเลขอ้างอิง ${reference} เลยกำหนดวันที่ 31 ม.ค. 2570 แล้ว และยังไม่ได้สรุปผล` }]);

    const delays = await OutboxModel.find({ topic: 'integrity.delayNotice' }).lean();
    expect(delays).toHaveLength(1);
    expect(delays[0].to).toBeUndefined();
    expect(JSON.stringify(delays[0])).not.toContain(REPORTER);
    const delivery = openDelivery(delays[0])!;
    expect(delivery.to).toEqual([REPORTER]);
    expect((delivery.messages[0] as { text: string }).text).toContain(`เบาะแสเลขอ้างอิง ${reference} ยังตรวจสอบไม่แล้วเสร็จภายในกำหนด 30 วัน เนื่องจากต้องตรวจสอบข้อเท็จจริงให้รอบคอบ คาดว่าจะแจ้งผลได้ภายในวันที่ 8 ก.พ. 2570`);

    // Sent pushes are dropped from the outbox after 30 days: the report itself remembers.
    await OutboxModel.deleteMany({});
    await run('2027-03-10T02:00:00Z');
    expect(await OutboxModel.countDocuments()).toBe(0);
  });

  test('when a report is still not taken up after the acceptance days, then the head is told; one taken up in time is not', async () => {
    clock.freeze('2027-01-01T02:00:00Z');
    const waiting = await file();
    const takenUp = await file();
    await changeReportStatus({ lineUserId: LEGAL, reportId: takenUp.reportId, to: 'under_review', note: 'เริ่มตรวจสอบ', eventKey: 'e-up', now: clock.now() });
    await run('2027-01-01T23:00:00Z');
    expect(await officerAlerts('integrity.escalation')).toEqual([]);
    await run('2027-01-02T02:00:00Z');
    expect(await officerAlerts('integrity.escalation')).toEqual([{ to: [HEAD], text: `เบาะแสเลขอ้างอิง ${waiting.reference} รับเรื่องเกิน 1 วันแล้ว แต่ยังไม่เริ่มตรวจสอบข้อเท็จจริง` }]);
    expect(await OutboxModel.countDocuments({ topic: 'integrity.delayNotice' })).toBe(0);
  });

  test('when no integrity officer is head, then every integrity officer gets the escalation', async () => {
    await OfficerModel.updateOne({ lineUserId: HEAD }, { $set: { roles: ['integrity'] } });
    clock.freeze('2027-01-01T02:00:00Z');
    await file({ notify: false });
    await run('2027-01-02T02:00:00Z');
    expect((await officerAlerts('integrity.escalation')).map((a) => a.to)).toEqual([[LEGAL], [HEAD]]);
  });

  test('when a report is concluded, then nothing is sent however late it is', async () => {
    clock.freeze('2027-01-01T02:00:00Z');
    const { reportId } = await file();
    await changeReportStatus({ lineUserId: LEGAL, reportId, to: 'unsubstantiated', note: 'ไม่พบมูล', eventKey: 'e1', now: clock.now() });
    await run('2027-02-05T02:00:00Z');
    expect(await OutboxModel.countDocuments({ topic: { $in: ['integrity.reminder', 'integrity.escalation', 'integrity.delayNotice'] } })).toBe(0);
  });
});
