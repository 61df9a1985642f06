import { AppError, notFound, userInput } from '../../shared/errors';
import { getSettings } from '../municipality/settings';
import type { PhotoRef } from '../photos/photos.service';
import { changeCase, getCase, NOTE_MAX, REASON_MIN, validPhotos, validText } from './case-change';
import { ComplaintModel, type ComplaintDoc } from './complaint.model';
import { TRANSITIONS } from './complaint-status';
import { assertReopenable } from './reopen-window';

/** What the citizen who filed a case does to it (answer, cancel, confirm, reopen), and the close after the reopen window. */

/** The case if this citizen filed it; otherwise the same "not found" as an unknown case. */
async function requireOwnCase(caseId: string, citizenId: string): Promise<ComplaintDoc> {
  const doc = await getCase(caseId);
  if (!doc || !citizenId || doc.citizenId !== citizenId) throw notFound('complaints.errors.notFound');
  return doc;
}

/** The citizen answers the officer's question (text and/or photos); the case goes back to work. */
export async function answerQuestion(caseId: string, citizenId: string, input: { text?: string; photos?: PhotoRef[] }, now: Date): Promise<ComplaintDoc> {
  const doc = await requireOwnCase(caseId, citizenId);
  const text = input.text?.trim() ?? '';
  const photos = validPhotos(input.photos, (await getSettings()).complaints.maxPhotos);
  if (!text && photos.length === 0) throw userInput('complaints.errors.answerRequired');
  if (text.length > NOTE_MAX) throw userInput('complaints.errors.answerTooLong', { max: NOTE_MAX });
  return changeCase(doc, { action: 'answer', actor: { kind: 'citizen', id: citizenId }, note: text || undefined, photos, kind: 'answer', skipNotify: citizenId }, now);
}

/** The citizen withdraws an open case, with a reason. */
export async function cancelByCitizen(caseId: string, citizenId: string, input: { reason: string }, now: Date): Promise<ComplaintDoc> {
  const doc = await requireOwnCase(caseId, citizenId);
  const reason = validText(input.reason, REASON_MIN, NOTE_MAX, 'complaints.errors.reasonRequired');
  return changeCase(doc, { action: 'cancel', actor: { kind: 'citizen', id: citizenId }, note: reason, set: { closedAt: now }, skipNotify: citizenId }, now);
}

/** The citizen confirms the resolution: closed, and `complaint.closed` goes out. */
export async function confirmResolved(caseId: string, citizenId: string, now: Date): Promise<ComplaintDoc> {
  const doc = await requireOwnCase(caseId, citizenId);
  return changeCase(doc, { action: 'confirm', actor: { kind: 'citizen', id: citizenId }, set: { closedAt: now }, skipNotify: citizenId }, now);
}

/** The citizen is not satisfied: back to work within the reopen window, with a reason. */
export async function reopenCase(caseId: string, citizenId: string, input: { reason: string }, now: Date): Promise<ComplaintDoc> {
  const doc = await requireOwnCase(caseId, citizenId);
  // resolvedAt is set while the case waits for the citizen's word; reopening clears it.
  await assertReopenable(doc, now);
  const reason = validText(input.reason, REASON_MIN, NOTE_MAX, 'complaints.errors.reasonRequired');
  return changeCase(doc, { action: 'reopen', actor: { kind: 'citizen', id: citizenId }, note: reason, unset: ['resolvedAt'], inc: { reopenCount: 1 }, skipNotify: citizenId }, now);
}

/** Job: resolved cases whose reopen window has passed close by themselves. Returns how many closed. */
export async function closeExpiredResolved(now: Date): Promise<number> {
  const days = (await getSettings()).complaints.reopenWindowDays;
  const cutoff = new Date(now.getTime() - days * 86_400_000);
  const due = await ComplaintModel.find({ status: { $in: TRANSITIONS.autoClose.from }, resolvedAt: { $lte: cutoff } })
    .sort({ resolvedAt: 1 })
    .limit(500)
    .lean<ComplaintDoc[]>();
  let closed = 0;
  for (const doc of due) {
    try {
      await changeCase(doc, { action: 'autoClose', actor: { kind: 'system' }, set: { closedAt: now } }, now);
      closed += 1;
    } catch (err) {
      // Another instance closed it, or the citizen acted meanwhile: nothing to do.
      if (!(err instanceof AppError)) throw err;
    }
  }
  return closed;
}
