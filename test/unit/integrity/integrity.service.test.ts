import { randomBytes } from 'node:crypto';
import { runIntegrityDeadlines } from '../../../src/features/integrity/integrity-deadlines.job';
import { IntegrityAccessLogModel, IntegrityReportModel } from '../../../src/features/integrity/integrity.model';
import { changeReportStatus, MAX_PIN_FAILURES, newReferenceAndPin, normalizeReference, reencryptIntegrityReports, submitReport, trackReport, viewReport, type SubmitReportInput } from '../../../src/features/integrity/integrity.service';
import { DepartmentModel } from '../../../src/features/departments/department.model';
import { assertIntegrityRoleAllowed } from '../../../src/features/integrity/integrity-role';
import { OfficerModel } from '../../../src/features/officers/officer.model';
import { storeFile } from '../../../src/features/integrity/evidence.store';
import mongoose from 'mongoose';
import { OutboxModel } from '../../../src/notifications/outbox.model';
import { clock } from '../../../src/shared/clock';
import * as crypto from '../../../src/shared/crypto';
import { setEncryptionKeys } from '../../../src/shared/crypto';
import { useTestDatabase } from '../../support/db';

const db = useTestDatabase();
const LEGAL = 'U_legal_unit';
const v1 = { version: 'v1', key: randomBytes(32) };

beforeEach(async () => {
  await db.clear();
  setEncryptionKeys({ current: v1, previous: [] });
  await DepartmentModel.create({ code: 'legal', name: { th: 'งานนิติการ' }, isLegalAffairs: true });
  await DepartmentModel.create({ code: 'registration', name: { th: 'งานทะเบียนราษฎร' } });
  await OfficerModel.create({ lineUserId: LEGAL, name: 'นิติกร', departmentCode: 'legal', roles: ['integrity'], registeredAt: new Date() });
});
afterEach(() => clock.reset());

function input(overrides: Partial<SubmitReportInput> = {}): SubmitReportInput {
  return {
    reporterLineId: 'U_reporter_unit',
    anonymous: false,
    name: 'สมชาย ใจกล้า',
    phone: '0812345678',
    kind: 'extra_fee',
    details: { description: 'เก็บค่าธรรมเนียมเกินอัตรา 200 บาท', whenWhere: 'จุดบริการชั้น 1' },
    evidence: [],
    notify: true,
    ...newReferenceAndPin(),
    now: clock.now(),
    ...overrides,
  };
}

describe('submitReport', () => {
  test('when the same submission is retried, then one report and one officer alert exist', async () => {
    const first = input();
    const a = await submitReport(first);
    const b = await submitReport(first);
    expect(a.created).toBe(true);
    expect(b).toMatchObject({ created: false, reportId: a.reportId });
    expect(await IntegrityReportModel.countDocuments()).toBe(1);
    expect(await OutboxModel.countDocuments({ topic: 'integrity.new' })).toBe(1);
  });

  test('when a named report lacks a phone, then it is refused', async () => {
    await expect(submitReport(input({ phone: ' ' }))).rejects.toMatchObject({ messageKey: 'integrity.errors.identity' });
  });

  test('when received, then the due date is the configured number of days later and the time is kept to the minute', async () => {
    clock.freeze('2027-01-05T03:04:59.123Z');
    const r = await submitReport(input({ now: clock.now() }));
    expect(r.receivedAt).toEqual(new Date('2027-01-05T03:04:00Z'));
    expect(r.dueAt).toEqual(new Date('2027-02-04T03:04:00Z'));
  });
});

describe('references', () => {
  test.each([
    ['r-abcdefghjk', 'R-ABCDEFGHJK'],
    [' R-ABCD EFGHJK ', 'R-ABCDEFGHJK'],
    ['RABCDEFGHJK', 'R-ABCDEFGHJK'],
    ['R-ABCDEFGHJ0', undefined],
    ['R-ABC', undefined],
    ['{"$gt":""}', undefined],
  ])('when %j is typed, then it reads as %j', (typed, expected) => {
    expect(normalizeReference(typed)).toBe(expected);
  });
});

describe('key rotation', () => {
  test('when the key is rotated and reports re-encrypted, then they read with the new key alone', async () => {
    const { reportId } = await submitReport(input());
    await changeReportStatus({ lineUserId: LEGAL, reportId, to: 'under_review', note: 'บันทึกภายใน', eventKey: 'evt-1', now: clock.now() });
    const v2 = { version: 'v2', key: randomBytes(32) };
    setEncryptionKeys({ current: v2, previous: [v1] });
    expect(await reencryptIntegrityReports()).toBe(1);
    expect(await reencryptIntegrityReports()).toBe(0);
    setEncryptionKeys({ current: v2, previous: [] });
    const { report } = await viewReport(LEGAL, reportId, clock.now());
    expect(report.identity).toEqual({ name: 'สมชาย ใจกล้า', phone: '0812345678', lineUserId: 'U_reporter_unit' });
    expect(report.history.at(-1)?.note).toBe('บันทึกภายใน');
    const raw = await IntegrityReportModel.findById(reportId).lean();
    expect([raw!.details.v, raw!.identity!.v, raw!.notifyTo!.v]).toEqual(['v2', 'v2', 'v2']);
  });

  test('when a status changes while a report is being re-encrypted, then the change stays in the history and every note reads with the new key', async () => {
    const { reportId } = await submitReport(input());
    await changeReportStatus({ lineUserId: LEGAL, reportId, to: 'under_review', note: 'บันทึกแรก', eventKey: 'evt-1', now: clock.now() });
    const v2 = { version: 'v2', key: randomBytes(32) };
    setEncryptionKeys({ current: v2, previous: [v1] });
    // The officer's change lands between the re-encryption's read and its write.
    const realUpdate = IntegrityReportModel.updateOne.bind(IntegrityReportModel);
    let interleaved = false;
    jest.spyOn(IntegrityReportModel, 'updateOne').mockImplementation(((...args: Parameters<typeof realUpdate>) => {
      if (interleaved) return realUpdate(...args);
      interleaved = true;
      return changeReportStatus({ lineUserId: LEGAL, reportId, to: 'under_investigation', note: 'บันทึกที่สอง', eventKey: 'evt-2', now: clock.now() }).then(() => realUpdate(...args));
    }) as unknown as typeof realUpdate);
    try {
      expect(await reencryptIntegrityReports()).toBe(1);
    } finally {
      jest.restoreAllMocks();
    }
    expect(interleaved).toBe(true);
    setEncryptionKeys({ current: v2, previous: [] });
    const { report } = await viewReport(LEGAL, reportId, clock.now());
    expect(report.status).toBe('under_investigation');
    expect(report.history.map((h) => [h.to, h.note])).toEqual([
      ['received', undefined],
      ['under_review', 'บันทึกแรก'],
      ['under_investigation', 'บันทึกที่สอง'],
    ]);
  });
});

describe('changeReportStatus', () => {
  test('when the officer event is retried, then the status changes once and the reporter is pushed once', async () => {
    const { reportId } = await submitReport(input());
    const change = { lineUserId: LEGAL, reportId, to: 'under_investigation' as const, note: 'ตั้งกรรมการสอบ', publicText: 'อยู่ระหว่างสอบสวน', eventKey: 'evt-9', now: clock.now() };
    expect((await changeReportStatus(change)).changed).toBe(true);
    expect((await changeReportStatus(change)).changed).toBe(false);
    const report = await IntegrityReportModel.findById(reportId).lean();
    expect(report!.history.map((h) => h.to)).toEqual(['received', 'under_investigation']);
    expect(await OutboxModel.countDocuments({ topic: 'integrity.statusChanged' })).toBe(1);
  });

  test('when the reporter asked for notifications, then the queued status push is sealed: neither their LINE id nor the reference is readable in the outbox', async () => {
    const submitted = input({ anonymous: true, name: undefined, phone: undefined, notify: true });
    const { reportId } = await submitReport(submitted);
    await changeReportStatus({ lineUserId: LEGAL, reportId, to: 'under_review', note: 'ตรวจสอบ', publicText: 'กำลังตรวจสอบ', eventKey: 'evt-n', now: clock.now() });
    const entry = await OutboxModel.findOne({ topic: 'integrity.statusChanged' }).lean();
    expect(entry).toMatchObject({ sealed: expect.any(Object) });
    const raw = JSON.stringify(entry);
    expect(raw).not.toContain('U_reporter_unit');
    expect(raw).not.toContain(submitted.reference);
    expect(raw).not.toContain('กำลังตรวจสอบ');
  });

  test('when the move is not in the table, then it is refused', async () => {
    const { reportId } = await submitReport(input());
    await expect(changeReportStatus({ lineUserId: LEGAL, reportId, to: 'closed', note: 'x y', eventKey: 'e', now: clock.now() })).rejects.toMatchObject({ messageKey: 'integrity.errors.badTransition' });
  });
});

describe('evidence of abandoned dialogs', () => {
  test('when a day has passed, then uploads never attached to a report are removed and attached ones stay', async () => {
    const orphan = await storeFile(Buffer.from('%PDF-1.4 orphan'), 'a.pdf', 'file');
    const kept = await storeFile(Buffer.from('%PDF-1.4 kept'), 'b.pdf', 'file');
    await submitReport(input({ evidence: [kept] }));
    const files = () => mongoose.connection.db!.collection('integrity_evidence.files').find().toArray();
    await runIntegrityDeadlines(new Date());
    expect(await files()).toHaveLength(2);
    await runIntegrityDeadlines(new Date(Date.now() + 25 * 3_600_000));
    const left = await files();
    expect(left.map((f) => String(f._id))).toEqual([kept.fileId]);
    expect(await mongoose.connection.db!.collection('integrity_evidence.chunks').countDocuments({ files_id: new mongoose.Types.ObjectId(orphan.fileId) })).toBe(0);
  });
});

describe('trackReport against an attacker', () => {
  test('when many wrong PINs arrive at once (several LINE accounts), then at most five are judged before the reference locks', async () => {
    const submitted = input();
    await submitReport(submitted);
    const wrong = submitted.pin === '000000' ? '111111' : '000000';
    const results = await Promise.all(Array.from({ length: 12 }, () => trackReport(submitted.reference, wrong, clock.now())));
    // Four "wrong" answers, then the fifth locks; every other guess is refused unjudged.
    expect(results.filter((r) => !r.ok && r.reason === 'wrong')).toHaveLength(MAX_PIN_FAILURES - 1);
    expect(results.filter((r) => !r.ok && r.reason === 'locked')).toHaveLength(12 - (MAX_PIN_FAILURES - 1));
    const stored = await IntegrityReportModel.findOne({ reference: submitted.reference }).lean();
    expect(stored!.lockedUntil!.getTime()).toBeGreaterThan(clock.now().getTime());
    // The right PIN is refused too while locked.
    expect(await trackReport(submitted.reference, submitted.pin, clock.now())).toMatchObject({ ok: false, reason: 'locked' });
  });

  test('when an unknown reference is tried, then the answer has the same shape as for a wrong PIN and a PIN hash is checked just the same', async () => {
    const submitted = input();
    await submitReport(submitted);
    const wrong = submitted.pin === '000000' ? '111111' : '000000';
    const known = await trackReport(submitted.reference, wrong, clock.now());
    const unknown = await trackReport('R-ABCDEFGHJK', wrong, clock.now());
    expect(unknown).toEqual(known);
    // The same scrypt work either way (counted, not timed): one check against a real-looking hash.
    const checks = jest.spyOn(crypto, 'verifyPin');
    try {
      await trackReport(submitted.reference, wrong, clock.now());
      await trackReport('R-ABCDEFGHJM', wrong, clock.now());
      expect(checks.mock.calls.map(([pin, hash]) => [pin, hash.startsWith('scrypt$')])).toEqual([
        [wrong, true],
        [wrong, true],
      ]);
    } finally {
      checks.mockRestore();
    }
  });
});

describe('what the report stores about time', () => {
  test('when a report is stored, then even its _id tells the time only to the minute', async () => {
    clock.freeze('2027-01-05T03:04:59.123Z');
    const r = await submitReport(input({ now: clock.now() }));
    const stored = await IntegrityReportModel.findById(r.reportId).lean();
    expect(stored!._id.getTimestamp()).toEqual(new Date('2027-01-05T03:04:00Z'));
    // Two reports in the same minute still get different ids.
    const other = await submitReport(input({ now: clock.now() }));
    expect(other.reportId).not.toBe(r.reportId);
  });
});

describe('who may hold the integrity role', () => {
  test('when the integrity role is given in a department that is not legal affairs, then it is refused; in legal affairs, or for other roles, it is allowed', async () => {
    await expect(assertIntegrityRoleAllowed('registration', ['integrity'])).rejects.toMatchObject({ kind: 'user_input', messageKey: 'integrity.errors.roleOutsideLegalAffairs', params: { code: 'registration' } });
    await expect(assertIntegrityRoleAllowed('no-such-department', ['integrity'])).rejects.toMatchObject({ messageKey: 'integrity.errors.roleOutsideLegalAffairs' });
    await expect(assertIntegrityRoleAllowed('legal', ['integrity'])).resolves.toBeUndefined();
    await expect(assertIntegrityRoleAllowed('registration', ['officer', 'head'])).resolves.toBeUndefined();
  });

  test('when an officer holds the integrity role outside legal affairs, then opening a report is refused and logged, and the new-report alert skips them', async () => {
    await OfficerModel.create({ lineUserId: 'U_registration_integrity', name: 'เจ้าหน้าที่ทะเบียน', departmentCode: 'registration', roles: ['integrity'], registeredAt: new Date() });
    const { reportId } = await submitReport(input());
    await expect(viewReport('U_registration_integrity', reportId, clock.now())).rejects.toMatchObject({ kind: 'forbidden', messageKey: 'integrity.errors.onlyIntegrity' });
    expect(await IntegrityAccessLogModel.countDocuments({ reportId, action: 'view_denied' })).toBe(1);
    const alerts = await OutboxModel.find({ topic: 'integrity.new' }).lean();
    expect(alerts.map((a) => a.to)).toEqual([[LEGAL]]);
  });
});
