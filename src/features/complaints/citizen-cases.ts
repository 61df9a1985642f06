import { statusesPendingForCitizen } from './complaint-status';
import { ComplaintModel, type ComplaintDoc } from './complaint.model';
import { getCase } from './case-change';
import { normalizeCaseNumber } from './case-numbers';

/** The cases a citizen may see: those they filed and those they follow ("me too"). */

/** True when the citizen filed or follows the case. */
export const canSee = (doc: ComplaintDoc, citizenId: string) => Boolean(citizenId) && (doc.citizenId === citizenId || doc.followers.includes(citizenId));

/** The case with this number if the citizen filed or follows it; null otherwise (same as unknown). */
export async function findCaseForCitizen(caseNumber: string, citizenId: string): Promise<ComplaintDoc | null> {
  const number = normalizeCaseNumber(caseNumber);
  if (!number || !citizenId) return null;
  const doc = await ComplaintModel.findOne({ number }).lean<ComplaintDoc>();
  return doc && canSee(doc, citizenId) ? doc : null;
}

/** The case by id if the citizen filed or follows it; null otherwise. */
export async function getCaseForCitizen(caseId: string, citizenId: string): Promise<ComplaintDoc | null> {
  const doc = await getCase(caseId);
  return doc && canSee(doc, citizenId) ? doc : null;
}

/**
 * The citizen's cases (filed or followed), at most `limit`: first those that still concern them
 * (open, or resolved and waiting for their confirmation), then the latest of the others.
 */
export async function listCasesForCitizen(citizenId: string, limit = 10): Promise<ComplaintDoc[]> {
  if (!citizenId) return [];
  const mine = { $or: [{ citizenId }, { followers: citizenId }] };
  const pending = statusesPendingForCitizen();
  const first = await ComplaintModel.find({ ...mine, status: { $in: pending } })
    .sort({ lastActivityAt: -1 })
    .limit(limit)
    .lean<ComplaintDoc[]>();
  if (first.length >= limit) return first;
  const rest = await ComplaintModel.find({ ...mine, status: { $nin: pending } })
    .sort({ lastActivityAt: -1 })
    .limit(limit - first.length)
    .lean<ComplaintDoc[]>();
  return [...first, ...rest];
}
