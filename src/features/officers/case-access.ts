import { z } from 'zod';
import type { CaseAction } from '../../../flex-messages/officers/views';
import { translator } from '../../i18n';
import type { Translate } from '../../i18n/languages';
import type { BotContext } from '../../line/context';
import { conflict, forbidden, userInput, type AppError } from '../../shared/errors';
import { canAct, isOpen, statusLabelKey, type TransitionAction } from '../complaints/complaint-status';
import type { ComplaintDoc } from '../complaints/complaint.model';
import { getCase, isUnheld, type Actor } from '../complaints/complaints.service';
import { isComplaintCentre } from '../departments/departments.service';
import { findActiveOfficer } from './officer.model';

/** An active officer as the case buttons see them: `atComplaintCentre` when their department is the triage hub. */
export type ActiveOfficer = NonNullable<Awaited<ReturnType<typeof findActiveOfficer>>> & { atComplaintCentre: boolean };

/** The active officer bound to this LINE user, with what their department may do; null when there is none. */
export async function findOfficer(lineUserId: string): Promise<ActiveOfficer | null> {
  const officer = await findActiveOfficer(lineUserId);
  return officer ? { ...officer, atComplaintCentre: await isComplaintCentre(officer.departmentCode) } : null;
}

/** Postback fields of every case button: the case id, nothing a user could turn into a query. */
export const caseFields = z.object({ c: z.string().regex(/^[0-9a-f]{24}$/i) });

/** The officer behind this event, or a polite refusal: every officer action checks this first. */
export async function requireOfficer(ctx: BotContext): Promise<ActiveOfficer> {
  const officer = await findOfficer(ctx.userId);
  if (!officer) throw forbidden('officers.errors.notOfficer');
  return officer;
}

/** The Actor the complaints service records and authorises (its id is the LINE user id, as in `holder.id`). */
export function actorOf(officer: ActiveOfficer): Actor {
  return { kind: 'officer', id: officer.lineUserId, name: officer.name, departmentCode: officer.departmentCode, roles: [...officer.roles] };
}

/** The case behind a button, or a polite "not found" (a forged or very old id). */
export async function loadCase(caseId: string): Promise<ComplaintDoc> {
  const doc = (await getCase(caseId).catch(() => null)) as ComplaintDoc | null;
  if (!doc) throw userInput('officers.errors.caseNotFound');
  return doc;
}

const isHolder = (officer: ActiveOfficer, doc: ComplaintDoc) => Boolean(doc.holder?.id) && doc.holder?.id === officer.lineUserId;
const inDepartment = (officer: ActiveOfficer, doc: ComplaintDoc) => officer.departmentCode === doc.departmentCode;
/** A head of the case's department acts on its cases as the holder would (complaints.service requireHandler). */
const isHeadOf = (officer: ActiveOfficer, doc: ComplaintDoc) => inDepartment(officer, doc) && officer.roles.includes('head');
/** The complaint centre passes on any case nobody holds (complaints.service forwardCase). */
const centrePassesOn = (officer: ActiveOfficer, doc: ComplaintDoc) => officer.atComplaintCentre && isUnheld(doc);

const TRANSITION_OF: Record<CaseAction, TransitionAction | undefined> = {
  accept: 'accept',
  update: 'progress',
  ask: 'ask',
  forward: 'forward',
  resolve: 'resolve',
  refer: 'refer',
  delayReason: undefined,
};

/**
 * Why this officer may not take this action on the case now, as the error to answer with; or
 * undefined. Accept: an officer of the case's department, while nobody holds it. The rest: the
 * holder or a head of the case's department; forward and refer also any officer of the department
 * while the case waits to be accepted (triage); forward also the complaint centre's officers while
 * nobody holds it. Then the status must allow it (one table, complaint-status.ts). The complaints
 * service checks the same again when the action runs.
 */
export function accessProblem(officer: ActiveOfficer, doc: ComplaintDoc, action: CaseAction, t: Translate = translator('th')): AppError | undefined {
  if (action === 'accept') {
    if (!inDepartment(officer, doc)) return forbidden('officers.errors.wrongDepartment');
    // Nobody holds it: waiting to be accepted, or back from a revoked holder (taken over).
    if (isUnheld(doc)) return undefined;
  } else if (!isHolder(officer, doc) && !isHeadOf(officer, doc) && !(action === 'forward' && centrePassesOn(officer, doc))) {
    const mayTriage = (action === 'forward' || action === 'refer') && doc.status === 'received' && inDepartment(officer, doc);
    if (!mayTriage) return forbidden(inDepartment(officer, doc) ? 'officers.errors.notHolder' : 'officers.errors.wrongDepartment');
  }
  // A walk-in or phone case has nobody in LINE to ask.
  if (action === 'ask' && !doc.citizenId) return userInput('officers.errors.noCitizen');
  const transition = TRANSITION_OF[action];
  const allowed = transition ? canAct(transition, doc.status, 'officer') : isOpen(doc.status);
  if (!allowed) return conflict('officers.errors.wrongState', { status: t(statusLabelKey(doc.status)) });
  return undefined;
}

/** Throws the access problem, if any; the status name is translated in the user's language. */
export function assertAccess(ctx: BotContext, officer: ActiveOfficer, doc: ComplaintDoc, action: CaseAction): void {
  const problem = accessProblem(officer, doc, action, ctx.t);
  if (problem) throw problem;
}

/** The buttons this officer may use on the case now (detail card). */
export function availableActions(officer: ActiveOfficer, doc: ComplaintDoc): CaseAction[] {
  const all: CaseAction[] = ['accept', 'update', 'ask', 'resolve', 'forward', 'refer', 'delayReason'];
  return all.filter((a) => !accessProblem(officer, doc, a) && !(a === 'accept' && doc.holder?.id));
}

/**
 * Who may see a case's details: its department, its holder, the departments it passed through,
 * and the complaint centre while it may pass the case on.
 */
export function mayView(officer: ActiveOfficer, doc: ComplaintDoc): boolean {
  return inDepartment(officer, doc) || isHolder(officer, doc) || doc.forwards.some((f) => f.fromDepartmentCode === officer.departmentCode) || centrePassesOn(officer, doc);
}

export { isHolder, isHeadOf };
