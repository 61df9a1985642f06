import { useTestDatabase } from '../../support/db';
import { clock } from '../../../src/shared/clock';
import { AppError } from '../../../src/shared/errors';
import { ComplaintModel } from '../../../src/features/complaints/complaint.model';
import { loadDemoData } from '../../../src/features/complaints/demo-data';
import { fileComplaint, referCase, type Actor } from '../../../src/features/complaints/complaints.service';
import { addOfficer } from './helpers';

const db = useTestDatabase();
const A: Actor = { kind: 'officer', id: 'U_race_a' };

beforeEach(async () => {
  await db.clear();
  await loadDemoData();
  await addOfficer(A.id!, 'อนุชา', 'public-works');
  clock.freeze('2026-11-21T03:00:00Z');
});
afterEach(() => {
  clock.reset();
  jest.restoreAllMocks();
});

/**
 * Runs `forwardElsewhere` just before the service's own write, as if another officer's forward
 * landed between the service reading the case and writing it.
 */
function forwardJustBeforeTheWrite(caseId: string, toDepartmentCode: string): void {
  const real = ComplaintModel.findOneAndUpdate.bind(ComplaintModel);
  jest.spyOn(ComplaintModel, 'findOneAndUpdate').mockImplementationOnce(((filter: never, update: never, options: never) => ({
    lean: async () => {
      await ComplaintModel.updateOne({ _id: caseId }, { $set: { departmentCode: toDepartmentCode } });
      return real(filter, update, options).lean();
    },
  })) as never);
}

describe('a case forwarded while an officer of the old department acts on it', () => {
  it('when the forward lands first, then the old department cannot refer the case, and it stays with the new one', async () => {
    const doc = await fileComplaint({ citizenId: 'U_c', channel: 'line', categoryCode: 'street-light', description: 'ไฟถนนดับทั้งซอย มืดมาก', photos: [], location: { latitude: 18.79, longitude: 98.98 } }, clock.now());
    expect(doc.departmentCode).toBe('public-works');
    const id = doc._id.toHexString();
    forwardJustBeforeTheWrite(id, 'health-env');

    const attempt = referCase(id, A, { note: 'เป็นเรื่องของการไฟฟ้าส่วนภูมิภาค' }, clock.now());
    await expect(attempt).rejects.toBeInstanceOf(AppError);
    await expect(attempt).rejects.toMatchObject({ messageKey: 'complaints.errors.notAllowedNow' });
    const stored = await ComplaintModel.findById(id).lean();
    expect(stored).toMatchObject({ status: 'received', departmentCode: 'health-env' });
    expect(stored!.history.some((h) => h.to === 'referred')).toBe(false);
  });
});
