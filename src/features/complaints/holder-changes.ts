import { conflict } from '../../shared/errors';
import { canAct, isOpen, statusesIn } from './complaint-status';
import { ComplaintModel, type ComplaintDoc, type HistoryEntry } from './complaint.model';
import { changedMeanwhile, UNHELD, type Actor } from './case-change';
import { caseToTake } from './officer-guards';

/**
 * Who holds a case, apart from its status: a revoked officer's open cases go back to their
 * department (nobody holds them and the status stays, so a question the citizen is answering
 * stays valid), and an officer of the department takes one over. Neither changes the status, so
 * neither goes through the status table; both keep the guards of every change: the officer is
 * checked against our records, the update is atomic on what the caller saw, and the history
 * records it under its own kind.
 */

/**
 * Clears the holder of every open case this officer (by LINE user id) holds; returns the cases as
 * they are now. Safe to run again: a second run finds nothing to clear.
 */
export async function releaseHolder(lineUserId: string, now: Date): Promise<ComplaintDoc[]> {
  const id = String(lineUserId);
  const held = await ComplaintModel.find({ 'holder.id': id, status: { $in: statusesIn('open') } }).lean<ComplaintDoc[]>();
  const released: ComplaintDoc[] = [];
  for (const doc of held) {
    const entry: HistoryEntry = { at: now, actor: { kind: 'system' }, from: doc.status, to: doc.status, kind: 'holderLeft', photos: [], holder: { id, name: doc.holder?.name } };
    const updated = await ComplaintModel.findOneAndUpdate({ _id: doc._id, 'holder.id': id, status: doc.status }, { $set: { holder: null }, $push: { history: entry } }, { returnDocument: 'after' }).lean<ComplaintDoc>();
    if (updated) released.push(updated);
  }
  return released;
}

/**
 * An officer of the case's department takes over a case that was under way when its holder left;
 * a case waiting to be accepted goes through acceptCase instead. Atomic on "nobody holds it, same
 * status and department": of two officers pressing at once, one wins and the other is told who.
 */
export async function takeOver(caseId: string, officerActor: Actor, now: Date): Promise<ComplaintDoc> {
  const { officer, actor, doc } = await caseToTake(caseId, officerActor);
  if (!isOpen(doc.status) || canAct('accept', doc.status, 'officer')) throw conflict('complaints.errors.notAllowedNow', { status: doc.status });
  const entry: HistoryEntry = { at: now, actor: { kind: 'officer', id: actor.id, name: actor.name }, from: doc.status, to: doc.status, kind: 'takenOver', photos: [] };
  const updated = await ComplaintModel.findOneAndUpdate(
    { _id: doc._id, status: doc.status, departmentCode: doc.departmentCode, ...UNHELD },
    { $set: { holder: { id: officer.lineUserId, name: officer.name }, lastActivityAt: now }, $push: { history: entry } },
    { returnDocument: 'after' },
  ).lean<ComplaintDoc>();
  if (updated) return updated;
  throw await changedMeanwhile(caseId, true);
}
