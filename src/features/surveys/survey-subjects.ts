import { subjectHashes } from './survey-hashes';

/**
 * The uniqueness keys of responses (and of invitations, which share them). One response per
 * case, per ticket, and per citizen, department and service per Bangkok day.
 */

export type ServedKind = 'case' | 'ticket';

/**
 * The keys a case or ticket may be stored under: its keyed hash under the current key (the one to
 * write), under each old key, and last the plain `case:<id>` of rows written before ids were
 * hashed and not yet upgraded. Looking a subject up by all of them keeps one response per subject
 * across key rotations and the upgrade.
 */
export function servedSubjectKeys(kind: ServedKind, id: string): string[] {
  return [...subjectHashes(kind, id).map((hash) => `${kind}:${hash}`), `${kind}:${id}`];
}

/** What a counter, QR or menu rating is limited on: the department, and the service when there is one. */
export interface DailyScope {
  departmentCode: string;
  serviceCode?: string;
}

/**
 * The key of a counter, QR or menu rating: once per citizen per department and service per
 * Bangkok day, whichever counter or code named it (counters of one service share it).
 */
export function pointSubjectKey(day: string, scope: DailyScope, userHash: string): string {
  return `point:${day}:${scope.departmentCode}:${scope.serviceCode ?? '-'}:${userHash}`;
}

/** True for the key of a counter, QR or menu rating (old and new forms). */
export function isPointKey(key: string): boolean {
  return key.startsWith('point:');
}
