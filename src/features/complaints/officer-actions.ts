import { forbidden, userInput } from '../../shared/errors';
import { findActiveDepartment } from '../departments/departments.service';
import { getSettings } from '../municipality/settings';
import type { PhotoRef } from '../photos/photos.service';
import { changeCase, NOTE_MAX, REASON_MIN, requireCase, UNHELD, validPhotos, validText, type Actor } from './case-change';
import type { ComplaintDoc } from './complaint.model';
import { caseToTake, delaySet, forwardsForCentre, requireHandler, requireOfficer } from './officer-guards';

/** What officers do to a case: accept, add progress, ask the citizen, forward, resolve, refer. */

const PING_PONG_MS = 24 * 3_600_000;

/** An officer of the case's department takes it (atomic: the second officer is told who has it). */
export async function acceptCase(caseId: string, officerActor: Actor, now: Date): Promise<ComplaintDoc> {
  const { officer, actor, doc } = await caseToTake(caseId, officerActor);
  return changeCase(
    doc,
    { action: 'accept', actor, filter: { departmentCode: officer.departmentCode, ...UNHELD }, set: { holder: { id: officer.lineUserId, name: officer.name }, acceptedAt: now } },
    now,
  );
}

/** A progress note (and photos) from the holder; the citizen is told. */
export async function addProgress(caseId: string, officerActor: Actor, input: { note: string; photos?: PhotoRef[] }, now: Date): Promise<ComplaintDoc> {
  const { officer, actor } = await requireOfficer(officerActor);
  const doc = await requireCase(caseId);
  requireHandler(officer, doc);
  const note = validText(input.note, 2, NOTE_MAX, 'complaints.errors.noteRequired');
  const photos = validPhotos(input.photos, (await getSettings()).complaints.maxPhotos);
  return changeCase(doc, { action: 'progress', actor, note, photos, kind: doc.status === 'in_progress' ? 'note' : 'status', set: delaySet(doc, note, now) }, now);
}

/** The holder asks the citizen for more; the question goes to the citizen with a button to answer. */
export async function askCitizen(caseId: string, officerActor: Actor, input: { question: string }, now: Date): Promise<ComplaintDoc> {
  const { officer, actor } = await requireOfficer(officerActor);
  const doc = await requireCase(caseId);
  requireHandler(officer, doc);
  if (!doc.citizenId) throw userInput('complaints.errors.noCitizenToAsk');
  const question = validText(input.question, 2, NOTE_MAX, 'complaints.errors.questionRequired');
  return changeCase(doc, { action: 'ask', actor, note: question, kind: 'question', set: delaySet(doc, question, now) }, now);
}

/**
 * Sends the case to another department (an event on the case, not a status): the department
 * changes, nobody holds it and it is `received` again. Sending it straight back within 24 hours
 * (ping-pong) needs a head. The complaint centre may forward any case nobody holds, as long as
 * nobody takes it meanwhile.
 */
export async function forwardCase(caseId: string, officerActor: Actor, input: { toDepartmentCode: string; reason: string }, now: Date): Promise<ComplaintDoc> {
  const { officer, actor } = await requireOfficer(officerActor);
  const doc = await requireCase(caseId);
  const byCentre = await forwardsForCentre(officer, doc);
  if (!byCentre) requireHandler(officer, doc, true);
  const reason = validText(input.reason, REASON_MIN, NOTE_MAX, 'complaints.errors.reasonRequired');
  const target = await findActiveDepartment(input.toDepartmentCode);
  if (!target) throw userInput('complaints.errors.unknownDepartment');
  if (target.code === doc.departmentCode) throw userInput('complaints.errors.sameDepartment');
  const last = doc.forwards[doc.forwards.length - 1];
  const pingPong = last && last.fromDepartmentCode === target.code && last.toDepartmentCode === doc.departmentCode && now.getTime() - new Date(last.at).getTime() < PING_PONG_MS;
  if (pingPong && !officer.roles.includes('head')) throw forbidden('complaints.errors.pingPong');
  return changeCase(
    doc,
    {
      action: 'forward',
      actor,
      note: reason,
      kind: 'forward',
      filter: { departmentCode: doc.departmentCode, ...(byCentre ? UNHELD : {}) },
      set: { departmentCode: target.code, holder: null },
      push: { forwards: { at: now, fromDepartmentCode: doc.departmentCode, toDepartmentCode: target.code, reason, by: { id: officer.lineUserId, name: officer.name } } },
    },
    now,
  );
}

/** The holder finishes the work: a note and at least one after-photo. The reopen window starts. */
export async function resolveCase(caseId: string, officerActor: Actor, input: { note: string; photos: PhotoRef[] }, now: Date): Promise<ComplaintDoc> {
  const { officer, actor } = await requireOfficer(officerActor);
  const doc = await requireCase(caseId);
  requireHandler(officer, doc);
  const photos = validPhotos(input.photos, (await getSettings()).complaints.maxPhotos);
  const note = typeof input.note === 'string' ? input.note.trim() : '';
  if (photos.length === 0 || note.length < 2) throw userInput('complaints.errors.afterPhotoRequired');
  if (note.length > NOTE_MAX) throw userInput('complaints.errors.noteTooLong', { max: NOTE_MAX });
  return changeCase(doc, { action: 'resolve', actor, note, photos, set: { resolvedAt: now } }, now);
}

/** Outside the municipality's powers: closed as `referred`, the note telling the citizen where to go. */
export async function referCase(caseId: string, officerActor: Actor, input: { note: string }, now: Date): Promise<ComplaintDoc> {
  const { officer, actor } = await requireOfficer(officerActor);
  const doc = await requireCase(caseId);
  requireHandler(officer, doc, true);
  const note = validText(input.note, REASON_MIN, NOTE_MAX, 'complaints.errors.referNoteRequired');
  return changeCase(doc, { action: 'refer', actor, note, set: { closedAt: now } }, now);
}
