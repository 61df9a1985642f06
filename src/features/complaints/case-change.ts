import mongoose from 'mongoose';
import { emitDomainEvent } from '../../shared/domain-events';
import { conflict, forbidden, notFound, userInput, type AppError } from '../../shared/errors';
import type { PhotoRef } from '../photos/photos.service';
import { notifyCaseChange } from './complaint-notify';
import { ComplaintModel, type ComplaintDoc, type HistoryEntry, type HistoryKind } from './complaint.model';
import { isOpen, transitionProblem, TRANSITIONS, type TransitionAction } from './complaint-status';

/**
 * What every operation on a case shares: who acts, loading the case, checking typed text and
 * photos, and the one path every change of status takes (changeCase).
 */

/** Who acts on a case. Officers are checked against the officers collection on every action. */
export interface Actor {
  kind: 'citizen' | 'officer' | 'system';
  /** LINE user id. */
  id?: string;
  name?: string;
  departmentCode?: string;
  roles?: string[];
}

export const NOTE_MAX = 1000;
export const REASON_MIN = 5;

/** Nobody holds the case (no holder, or one without an id). */
export const UNHELD = { $or: [{ holder: null }, { 'holder.id': { $exists: false } }] };

/** True when the case is open and nobody holds it: an officer of its department may accept it (or take it over). */
export function isUnheld(doc: Pick<ComplaintDoc, 'status' | 'holder'>): boolean {
  return isOpen(doc.status) && !doc.holder?.id;
}

/** The case, or null when the id is malformed or unknown. */
export async function getCase(caseId: string): Promise<ComplaintDoc | null> {
  if (typeof caseId !== 'string' || !mongoose.isValidObjectId(caseId)) return null;
  return ComplaintModel.findById(caseId).lean<ComplaintDoc>();
}

/** The case, or the user's "not found". */
export async function requireCase(caseId: string): Promise<ComplaintDoc> {
  const doc = await getCase(caseId);
  if (!doc) throw notFound('complaints.errors.notFound');
  return doc;
}

/**
 * Why an update atomic on what the caller saw found the case changed: someone took it meanwhile
 * (when the caller was `taking` it), or its status moved on.
 */
export async function changedMeanwhile(caseId: string, taking: boolean): Promise<AppError> {
  const fresh = await requireCase(caseId);
  if (taking && fresh.holder?.id) return conflict('complaints.errors.alreadyAccepted', { name: fresh.holder.name ?? '' });
  return conflict('complaints.errors.notAllowedNow', { status: fresh.status });
}

/** Typed text, trimmed, of min..max characters; otherwise the user's error `key`. */
export function validText(value: unknown, min: number, max: number, key: string): string {
  const text = typeof value === 'string' ? value.trim() : '';
  if (text.length < min || text.length > max) throw userInput(key, { min, max });
  return text;
}

/** Photo references as stored (GridFS ids only), at most `max`. */
export function validPhotos(photos: PhotoRef[] | undefined, max: number): PhotoRef[] {
  const list = (photos ?? []).map((p) => ({ fileId: String(p.fileId), contentType: String(p.contentType), bytes: Number(p.bytes) }));
  if (list.some((p) => !/^[0-9a-f]{24}$/.test(p.fileId))) throw userInput('complaints.errors.badPhoto');
  if (list.length > max) throw userInput('complaints.errors.tooManyPhotos', { max });
  return list;
}

export interface ChangeSpec {
  action: TransitionAction;
  actor: Actor;
  note?: string;
  photos?: PhotoRef[];
  kind?: HistoryKind;
  /** Extra conditions for the atomic update (e.g. "nobody holds it"). */
  filter?: Record<string, unknown>;
  set?: Record<string, unknown>;
  unset?: string[];
  inc?: Record<string, number>;
  push?: Record<string, unknown>;
  /** Whose LINE id not to push to (the citizen who acted sees the reply instead). */
  skipNotify?: string;
}

/**
 * Every change of status goes through here: the status table decides whether the actor may
 * make it from the current status, the update is atomic on that status (so a button pressed
 * twice acts once), the history records who, when, from, to and the note, the citizen and the
 * followers are told, and the domain events go out.
 */
export async function changeCase(doc: ComplaintDoc, spec: ChangeSpec, now: Date): Promise<ComplaintDoc> {
  const problem = transitionProblem(spec.action, doc.status, spec.actor.kind);
  if (problem === 'actor') throw forbidden('complaints.errors.notAllowed');
  if (problem === 'status') throw conflict('complaints.errors.notAllowedNow', { status: doc.status });
  const to = TRANSITIONS[spec.action].to;
  const entry: HistoryEntry = {
    at: now,
    actor: { kind: spec.actor.kind, id: spec.actor.id, name: spec.actor.kind === 'officer' ? spec.actor.name : undefined },
    from: doc.status,
    to,
    kind: spec.kind ?? 'status',
    note: spec.note,
    photos: spec.photos ?? [],
  };
  const update: Record<string, unknown> = {
    $set: { status: to, lastActivityAt: now, ...spec.set },
    $push: { history: entry, ...spec.push },
  };
  if (spec.unset?.length) update.$unset = Object.fromEntries(spec.unset.map((k) => [k, '']));
  if (spec.inc) update.$inc = spec.inc;
  // The status and department the caller was authorised against: a case forwarded meanwhile
  // (still `received`) is not changed by the old department.
  const updated = await ComplaintModel.findOneAndUpdate({ _id: doc._id, status: doc.status, departmentCode: doc.departmentCode, ...spec.filter }, update, { returnDocument: 'after' }).lean<ComplaintDoc>();
  if (!updated) throw await changedMeanwhile(doc._id.toHexString(), spec.action === 'accept');
  await notifyCaseChange(updated, entry, updated.history.length - 1, { skip: spec.skipNotify });
  if (spec.action !== 'forward') {
    const base = { caseId: updated._id.toHexString(), caseNumber: updated.number, citizenId: updated.citizenId, departmentCode: updated.departmentCode, categoryCode: updated.categoryCode, at: now };
    const officerLineUserId = spec.actor.kind === 'officer' ? spec.actor.id : (updated.holder?.id ?? undefined);
    await emitDomainEvent('complaint.statusChanged', { ...base, from: doc.status, to, officerLineUserId });
    if (to === 'closed') await emitDomainEvent('complaint.closed', { ...base, officerLineUserId });
  }
  return updated;
}

