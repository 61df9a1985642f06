import { canAct, statusesIn, TRANSITIONS, type ComplaintStatus } from '../complaints/complaint-status';
import { ComplaintModel, type ComplaintDoc, type HistoryEntry } from '../complaints/complaint.model';

/** Read-only queries over complaints that the officers' lists and deadline job need. */

const DAY_MS = 86_400_000;
const LIST_LIMIT = 200;
/** Statuses in which a case waits for its department to accept it (the status table's word). */
const AWAITING_ACCEPTANCE: ComplaintStatus[] = [...TRANSITIONS.accept.from];
/** Open statuses past acceptance: a case there with nobody holding it came back from a revoked officer. */
const UNDER_WAY = statusesIn('open').filter((s) => !AWAITING_ACCEPTANCE.includes(s));

/** The open cases an officer holds (by LINE user id, as `holder.id` stores it), earliest due first. */
export async function openCasesHeldBy(lineUserId: string): Promise<ComplaintDoc[]> {
  return ComplaintModel.find({ 'holder.id': String(lineUserId), status: { $in: statusesIn('open') } })
    .sort({ dueAt: 1, filedAt: 1 })
    .limit(LIST_LIMIT)
    .lean<ComplaintDoc[]>();
}

export interface BacklogItem {
  doc: ComplaintDoc;
  flag: 'overdue' | 'unaccepted';
}

/** What the rules below read of a case: a confidential report is shaped into it too, without holder or history. */
export type WaitingSubject = Pick<ComplaintDoc, 'status' | 'forwards' | 'filedAt'> & Partial<Pick<ComplaintDoc, 'holder' | 'history'>>;

const lastHolderChange = (doc: WaitingSubject): HistoryEntry | undefined => [...(doc.history ?? [])].reverse().find((h) => h.kind === 'holderLeft' || h.kind === 'takenOver');

/** Under way, and back from a revoked holder with nobody having taken it over. */
export function isReturned(doc: WaitingSubject): boolean {
  return UNDER_WAY.includes(doc.status) && !doc.holder?.id && lastHolderChange(doc)?.kind === 'holderLeft';
}

/** True while the case waits for someone of its department to take it: not yet accepted, or returned. */
export function awaitsHolder(doc: WaitingSubject): boolean {
  return canAct('accept', doc.status, 'officer') || isReturned(doc);
}

/**
 * When the wait for someone to take the case started: filing, the last forward (a forwarded case
 * starts over) or, for a returned case, when it came back: whichever is latest.
 */
export function awaitingSince(doc: WaitingSubject): Date {
  const forward = doc.forwards[doc.forwards.length - 1];
  const left = [...(doc.history ?? [])].reverse().find((h) => h.kind === 'holderLeft');
  return new Date(Math.max(new Date(doc.filedAt).getTime(), forward ? new Date(forward.at).getTime() : 0, left ? new Date(left.at).getTime() : 0));
}

/**
 * The cases that came back from this officer (by LINE user id) and that nobody has taken over
 * since: what a revocation announces, found again from the cases themselves when it runs again.
 */
export async function casesReturnedFrom(lineUserId: string): Promise<ComplaintDoc[]> {
  const docs = await ComplaintModel.find({ 'history.holder.id': String(lineUserId), status: { $in: UNDER_WAY }, holder: null }).sort({ dueAt: 1 }).lean<ComplaintDoc[]>();
  return docs.filter((doc) => isReturned(doc) && lastHolderChange(doc)?.holder?.id === lineUserId);
}

/**
 * A department's cases that need a head's eye: open and past due; still not accepted
 * `acceptWithinDays` after they reached the department (filing or the last forward, as the
 * deadline job counts); or back from a revoked officer with nobody taking them over. Past-due
 * first, each group earliest due first.
 */
export async function departmentBacklog(departmentCode: string, now: Date, acceptWithinDays: number): Promise<BacklogItem[]> {
  const acceptBy = new Date(now.getTime() - acceptWithinDays * DAY_MS);
  // Filed before acceptBy is necessary (a forward comes after filing), not sufficient: the
  // last forward is checked below.
  const docs = await ComplaintModel.find({
    departmentCode: String(departmentCode),
    status: { $in: statusesIn('open') },
    $or: [{ dueAt: { $lt: now } }, { status: { $in: AWAITING_ACCEPTANCE }, filedAt: { $lt: acceptBy } }, { status: { $in: UNDER_WAY }, holder: null }],
  })
    .sort({ dueAt: 1 })
    .limit(LIST_LIMIT)
    .lean<ComplaintDoc[]>();
  const flagOf = (doc: ComplaintDoc): BacklogItem['flag'] | undefined => {
    if (doc.dueAt.getTime() < now.getTime()) return 'overdue';
    if (!doc.holder?.id && UNDER_WAY.includes(doc.status)) return 'unaccepted';
    return awaitingSince(doc).getTime() < acceptBy.getTime() ? 'unaccepted' : undefined;
  };
  const items = docs.flatMap((doc): BacklogItem[] => {
    const flag = flagOf(doc);
    return flag ? [{ doc, flag }] : [];
  });
  return [...items.filter((i) => i.flag === 'overdue'), ...items.filter((i) => i.flag === 'unaccepted')];
}

/**
 * Open cases the deadline job must look at now: those within `horizonDays` of their due date
 * (or past it), those still waiting to be accepted, and those under way that nobody holds (back
 * from a revoked holder). Everything else has no point due yet.
 */
export async function casesWithDeadlinePoints(now: Date, horizonDays: number): Promise<ComplaintDoc[]> {
  return ComplaintModel.find({
    status: { $in: statusesIn('open') },
    $or: [{ dueAt: { $lt: new Date(now.getTime() + (horizonDays + 1) * DAY_MS) } }, { status: { $in: AWAITING_ACCEPTANCE } }, { status: { $in: UNDER_WAY }, holder: null }],
  })
    .sort({ dueAt: 1 })
    .lean<ComplaintDoc[]>();
}
