import { conflict, userInput } from '../../shared/errors';
import { getSettings } from '../municipality/settings';
import { getCase, requireCase } from './case-change';
import { canSee } from './citizen-cases';
import { statusesIn } from './complaint-status';
import { ComplaintModel, type ComplaintDoc, type HistoryEntry } from './complaint.model';
import { distanceMeters } from './due-dates';

/**
 * An open case of the same category within the duplicate radius, filed in the last days (the
 * "me too" hint); the nearest one. Cases the citizen filed or follows are left out.
 */
export async function findNearbyOpenCase(categoryCode: string, location: { latitude: number; longitude: number }, citizenId: string, now: Date): Promise<{ doc: ComplaintDoc; meters: number } | null> {
  const { duplicateRadiusMeters: radius, duplicateWindowDays: windowDays } = (await getSettings()).complaints;
  if (radius <= 0 || windowDays <= 0) return null;
  const dLat = radius / 111_000 + 1e-6;
  const dLng = radius / (111_000 * Math.max(0.01, Math.cos((location.latitude * Math.PI) / 180))) + 1e-6;
  const candidates = await ComplaintModel.find({
    categoryCode: String(categoryCode),
    status: { $in: statusesIn('open') },
    filedAt: { $gte: new Date(now.getTime() - windowDays * 86_400_000) },
    'location.latitude': { $gte: location.latitude - dLat, $lte: location.latitude + dLat },
    'location.longitude': { $gte: location.longitude - dLng, $lte: location.longitude + dLng },
  })
    .limit(50)
    .lean<ComplaintDoc[]>();
  let best: { doc: ComplaintDoc; meters: number } | null = null;
  for (const doc of candidates) {
    if (!doc.location || canSee(doc, citizenId)) continue;
    const meters = distanceMeters(location, doc.location);
    if (meters <= radius && (!best || meters < best.meters)) best = { doc, meters };
  }
  return best;
}

/** What the citizen is about to file: the duplicate hint is worked out from it. */
export interface DuplicateDraft {
  categoryCode: string;
  location?: { latitude: number; longitude: number };
}

/**
 * "Me too": the citizen follows an open case instead of filing a new one; they get its updates
 * and are counted on it. Only the case the duplicate hint offers for this draft now may be
 * followed: any other id (a forged or outdated button) is refused and changes nothing. A case
 * the citizen already sees is answered as followed: a retried confirm (the first run followed,
 * then failed before answering) must not be refused because the hint no longer offers it.
 */
export async function followCase(caseId: string, citizenId: string, draft: DuplicateDraft, now: Date): Promise<ComplaintDoc> {
  const current = await getCase(caseId);
  if (current && canSee(current, citizenId)) return current;
  const offered = draft.location && citizenId ? await findNearbyOpenCase(draft.categoryCode, draft.location, citizenId, now) : null;
  if (!offered || offered.doc._id.toHexString() !== caseId) throw userInput('common.errors.staleButton');
  const doc = offered.doc;
  const entry: HistoryEntry = { at: now, actor: { kind: 'citizen', id: citizenId }, from: doc.status, to: doc.status, kind: 'meToo', photos: [] };
  const updated = await ComplaintModel.findOneAndUpdate(
    { _id: doc._id, status: { $in: statusesIn('open') }, citizenId: { $ne: citizenId }, followers: { $ne: citizenId } },
    { $push: { followers: citizenId, history: entry }, $inc: { meTooCount: 1 }, $set: { lastActivityAt: now } },
    { returnDocument: 'after' },
  ).lean<ComplaintDoc>();
  if (updated) return updated;
  const fresh = await requireCase(caseId);
  if (canSee(fresh, citizenId)) return fresh;
  throw conflict('complaints.errors.caseNoLongerOpen');
}
