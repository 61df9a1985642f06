import mongoose from 'mongoose';
import { notFound } from '../../shared/errors';
import { clock } from '../../shared/clock';
import { releaseHolder } from '../complaints/complaints.service';
import { notifyReturned } from './case-notify';
import { casesReturnedFrom } from './case-queries';
import { OfficerModel } from './officer.model';

/**
 * Deactivates an officer by LINE user id or officer id, and returns the officer's open cases
 * to their departments (nobody holds them; each department is told, with buttons to take them
 * over). Safe to run again after a crash at any point: cases still held are released, and the
 * cases that came back from this officer and that nobody took over since are announced again
 * from the cases themselves, under keys the outbox already knows for a department told before.
 * Returns the LINE user id, for unlinking the menu, and how many cases are back and unheld.
 */
export async function revokeOfficer(lineUserIdOrOfficerId: string, now: Date = clock.now()): Promise<{ officerId: string; lineUserId: string; casesReturned: number }> {
  const key = String(lineUserIdOrOfficerId);
  const query = mongoose.isValidObjectId(key) && /^[0-9a-f]{24}$/i.test(key) ? { $or: [{ _id: key }, { lineUserId: key }] } : { lineUserId: key };
  const officer = await OfficerModel.findOneAndUpdate(query, { $set: { active: false, revokedAt: now }, $unset: { counter: 1 } }, { returnDocument: 'after' }).lean();
  if (!officer) throw notFound('officers.errors.officerNotFound');
  await releaseHolder(officer.lineUserId, now);
  const returned = await casesReturnedFrom(officer.lineUserId);
  if (returned.length > 0) await notifyReturned(returned, officer.name, now);
  return { officerId: String(officer._id), lineUserId: officer.lineUserId, casesReturned: returned.length };
}
