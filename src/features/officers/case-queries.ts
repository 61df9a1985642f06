import { statusesIn, TRANSITIONS, type ComplaintStatus } from '../complaints/complaint-status';
import { ComplaintModel, type ComplaintDoc } from '../complaints/complaint.model';

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

/** When the acceptance clock started: filing, or the last forward (a forwarded case starts over). */
export function receivedSince(doc: Pick<ComplaintDoc, 'forwards' | 'filedAt'>): Date {
  const last = doc.forwards[doc.forwards.length - 1];
  return last ? new Date(last.at) : doc.filedAt;
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
    return receivedSince(doc).getTime() < acceptBy.getTime() ? 'unaccepted' : undefined;
  };
  const items = docs.flatMap((doc): BacklogItem[] => {
    const flag = flagOf(doc);
    return flag ? [{ doc, flag }] : [];
  });
  return [...items.filter((i) => i.flag === 'overdue'), ...items.filter((i) => i.flag === 'unaccepted')];
}

/**
 * Open cases the deadline job must look at now: those within `horizonDays` of their due date
 * (or past it), and those still waiting to be accepted. Everything else has no point due yet.
 */
export async function casesWithDeadlinePoints(now: Date, horizonDays: number): Promise<ComplaintDoc[]> {
  return ComplaintModel.find({
    status: { $in: statusesIn('open') },
    $or: [{ dueAt: { $lt: new Date(now.getTime() + (horizonDays + 1) * DAY_MS) } }, { status: { $in: AWAITING_ACCEPTANCE } }],
  })
    .sort({ dueAt: 1 })
    .lean<ComplaintDoc[]>();
}
