import { translator } from '../../i18n';
import { isOpen, statusesIn } from '../complaints/complaint-status';
import { ComplaintModel, type ComplaintDoc, type HistoryEntry } from '../complaints/complaint.model';
import type { ActiveOfficer } from './case-access';

/**
 * Who holds a case, apart from its status: a revoked officer's open cases go back to their
 * department (nobody holds them, the status stays, so a question the citizen is answering
 * stays valid), and an officer of the department takes one over with "รับเรื่อง".
 *
 * These write the complaint record directly because the complaints service has no operation
 * for a change of holder without a change of status; they belong there (see the officers
 * report). Neither changes the status, so the status table is not bypassed.
 */

/** A history line every reader may see (the citizen included): it names nobody. */
function holderNote(key: 'holderLeft' | 'takenOver', actor: HistoryEntry['actor'], status: ComplaintDoc['status'], now: Date): HistoryEntry {
  return { at: now, actor, from: status, to: status, kind: 'note', note: translator('th')(`officers.history.${key}`), photos: [] };
}

/**
 * Clears the holder of every open case the officer holds, with a history note; returns the
 * cases as they are now. Safe to run again (a second revoke finds nothing to clear).
 */
export async function releaseCasesOf(lineUserId: string, now: Date): Promise<ComplaintDoc[]> {
  const held = await ComplaintModel.find({ 'holder.id': String(lineUserId), status: { $in: statusesIn('open') } }).lean<ComplaintDoc[]>();
  const released: ComplaintDoc[] = [];
  for (const doc of held) {
    const updated = await ComplaintModel.findOneAndUpdate(
      { _id: doc._id, 'holder.id': String(lineUserId), status: doc.status },
      { $set: { holder: null }, $push: { history: holderNote('holderLeft', { kind: 'system' }, doc.status, now) } },
      { returnDocument: 'after' },
    ).lean<ComplaintDoc>();
    if (updated) released.push(updated);
  }
  return released;
}

/** True when the case is open and nobody holds it: an officer of its department may accept it (or take it over). */
export function isUnheld(doc: Pick<ComplaintDoc, 'status' | 'holder'>): boolean {
  return isOpen(doc.status) && !doc.holder?.id;
}

/**
 * The officer takes over an unheld case that was already being worked on (its holder was
 * revoked); a case waiting to be accepted goes through acceptCase instead. Atomic on "nobody
 * holds it, same status and department": of two officers pressing at once, one wins; returns
 * null for the other.
 */
export async function takeOverCase(doc: ComplaintDoc, officer: ActiveOfficer, now: Date): Promise<ComplaintDoc | null> {
  return ComplaintModel.findOneAndUpdate(
    { _id: doc._id, status: doc.status, departmentCode: officer.departmentCode, $or: [{ holder: null }, { 'holder.id': { $exists: false } }] },
    {
      $set: { holder: { id: officer.lineUserId, name: officer.name }, lastActivityAt: now },
      $push: { history: holderNote('takenOver', { kind: 'officer', id: officer.lineUserId, name: officer.name }, doc.status, now) },
    },
    { returnDocument: 'after' },
  ).lean<ComplaintDoc>();
}
