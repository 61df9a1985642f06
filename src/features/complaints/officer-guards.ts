import { conflict, forbidden } from '../../shared/errors';
import { isComplaintCentre } from '../departments/departments.service';
import { findActiveOfficer } from '../officers/officer.model';
import type { ComplaintDoc } from './complaint.model';
import { isUnheld, requireCase, type Actor } from './case-change';

/** Who among officers may act on a case: checked on every officer action, against our records. */

export type OfficerRecord = NonNullable<Awaited<ReturnType<typeof findActiveOfficer>>>;

/** The active officer behind the actor, with the name from our records (never the caller's word). */
export async function requireOfficer(actor: Actor): Promise<{ officer: OfficerRecord; actor: Actor }> {
  if (actor.kind !== 'officer' || !actor.id) throw forbidden('complaints.errors.officersOnly');
  const officer = await findActiveOfficer(actor.id);
  if (!officer) throw forbidden('complaints.errors.officersOnly');
  return { officer, actor: { kind: 'officer', id: officer.lineUserId, name: officer.name, departmentCode: officer.departmentCode, roles: officer.roles } };
}

/**
 * The officer and the case they mean to take (accept, or take over): a case of their own
 * department that nobody holds yet; the one who was quicker is named otherwise.
 */
export async function caseToTake(caseId: string, officerActor: Actor): Promise<{ officer: OfficerRecord; actor: Actor; doc: ComplaintDoc }> {
  const { officer, actor } = await requireOfficer(officerActor);
  const doc = await requireCase(caseId);
  if (officer.departmentCode !== doc.departmentCode) throw forbidden('complaints.errors.notYourDepartment');
  if (doc.holder?.id) throw conflict('complaints.errors.alreadyAccepted', { name: doc.holder.name ?? '' });
  return { officer, actor, doc };
}

const isHeadOf = (officer: OfficerRecord, departmentCode: string) => officer.departmentCode === departmentCode && officer.roles.includes('head');
const holds = (officer: OfficerRecord, doc: ComplaintDoc) => Boolean(doc.holder?.id) && doc.holder?.id === officer.lineUserId;

/** The holder, or a head of the case's department; for triage (a received case) any officer of it. */
export function requireHandler(officer: OfficerRecord, doc: ComplaintDoc, allowTriage = false): void {
  if (holds(officer, doc) || isHeadOf(officer, doc.departmentCode)) return;
  if (allowTriage && doc.status === 'received' && officer.departmentCode === doc.departmentCode) return;
  if (doc.holder?.id && officer.departmentCode === doc.departmentCode) throw forbidden('complaints.errors.heldByOther', { name: doc.holder.name ?? '' });
  throw forbidden('complaints.errors.notYourCase');
}

/**
 * The complaint centre passes complaints on to the responsible division (OBLIGATIONS.md): its
 * officers may forward any open case nobody holds, whichever department it sits with (one that
 * has nobody to take it, typically).
 */
export async function forwardsForCentre(officer: OfficerRecord, doc: ComplaintDoc): Promise<boolean> {
  return isUnheld(doc) && (await isComplaintCentre(officer.departmentCode));
}

/** Extra fields when an officer writes after the due date: the note explains the delay. */
export function delaySet(doc: ComplaintDoc, note: string, now: Date): Record<string, unknown> {
  return now.getTime() > new Date(doc.dueAt).getTime() ? { delayReason: note } : {};
}
