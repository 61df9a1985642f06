import { statusesIn } from '../complaints/complaint-status';
import { ComplaintModel, type ComplaintDoc } from '../complaints/complaint.model';

/** Read-only queries over complaints that the officers' lists and deadline job need. */

const DAY_MS = 86_400_000;
const LIST_LIMIT = 200;

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

/**
 * A department's cases that need a head's eye: open and past due, or still not accepted
 * `acceptWithinDays` after filing. Past-due first, each group earliest due first.
 */
export async function departmentBacklog(departmentCode: string, now: Date, acceptWithinDays: number): Promise<BacklogItem[]> {
  const acceptBy = new Date(now.getTime() - acceptWithinDays * DAY_MS);
  const docs = await ComplaintModel.find({
    departmentCode: String(departmentCode),
    status: { $in: statusesIn('open') },
    $or: [{ dueAt: { $lt: now } }, { status: 'received', filedAt: { $lt: acceptBy } }],
  })
    .sort({ dueAt: 1 })
    .limit(LIST_LIMIT)
    .lean<ComplaintDoc[]>();
  const items = docs.map((doc): BacklogItem => ({ doc, flag: doc.dueAt.getTime() < now.getTime() ? 'overdue' : 'unaccepted' }));
  return [...items.filter((i) => i.flag === 'overdue'), ...items.filter((i) => i.flag === 'unaccepted')];
}

/**
 * Open cases the deadline job must look at now: those within `horizonDays` of their due date
 * (or past it), and those still waiting to be accepted. Everything else has no point due yet.
 */
export async function casesWithDeadlinePoints(now: Date, horizonDays: number): Promise<ComplaintDoc[]> {
  return ComplaintModel.find({
    status: { $in: statusesIn('open') },
    $or: [{ dueAt: { $lt: new Date(now.getTime() + (horizonDays + 1) * DAY_MS) } }, { status: 'received' }],
  })
    .sort({ dueAt: 1 })
    .lean<ComplaintDoc[]>();
}
