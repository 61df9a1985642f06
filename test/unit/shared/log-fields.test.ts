import { randomBytes } from 'node:crypto';
import { DepartmentModel } from '../../../src/features/departments/department.model';
import { changeReportStatus, newReferenceAndPin, submitReport } from '../../../src/features/integrity/integrity.service';
import { OfficerModel } from '../../../src/features/officers/officer.model';
import { clock } from '../../../src/shared/clock';
import { setEncryptionKeys } from '../../../src/shared/crypto';
import { logger } from '../../../src/shared/logger';
import { useTestDatabase } from '../../support/db';
import { capturingLogger } from './capturing-logger';

/**
 * The logger redacts fields named like personal data (`to`, `name`, `address` ...) wherever they
 * are. A log line about something else must not use those names, or its facts are blanked.
 */
const db = useTestDatabase();
const LEGAL = 'U_legal_log';

beforeEach(async () => {
  await db.clear();
  setEncryptionKeys({ current: { version: 'v1', key: randomBytes(32) }, previous: [] });
  await DepartmentModel.create({ code: 'legal', name: { th: 'งานนิติการ' }, isLegalAffairs: true });
  await OfficerModel.create({ lineUserId: LEGAL, name: 'นิติกร', departmentCode: 'legal', roles: ['integrity'], registeredAt: new Date() });
});
afterEach(() => jest.restoreAllMocks());

/** What the app's logger would write for these fields, redaction applied. */
function written(fields: object): Record<string, unknown> {
  const { logger: writer, lines } = capturingLogger();
  writer.info(fields, 'x');
  return lines()[0];
}

describe('log lines keep their non-personal facts', () => {
  it("when an integrity report's status changes, then the log line names both statuses in full and no one's data", async () => {
    const info = jest.spyOn(logger, 'info');
    const now = clock.now();
    const { reportId } = await submitReport({
      reporterLineId: 'U_reporter_log',
      anonymous: false,
      name: 'สมชาย ใจกล้า',
      phone: '0812345678',
      kind: 'extra_fee',
      details: { description: 'เก็บค่าธรรมเนียมเกินอัตรา', whenWhere: 'ชั้น 1' },
      evidence: [],
      notify: false,
      ...newReferenceAndPin(),
      now,
    });
    await changeReportStatus({ lineUserId: LEGAL, reportId, to: 'under_review', note: 'รับไว้พิจารณา', eventKey: 'evt-log', now });

    const call = info.mock.calls.find(([, message]) => message === 'integrity report status changed');
    const line = written(call![0] as object);
    expect(line).toMatchObject({ reportId, fromStatus: 'received', toStatus: 'under_review' });
    expect(JSON.stringify(line)).not.toMatch(/U_reporter_log|U_legal_log|0812345678|สมชาย/);
  });
});
