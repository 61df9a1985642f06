import mongoose from 'mongoose';
import { buddhistYear } from '../../shared/dates';
import { emitDomainEvent } from '../../shared/domain-events';
import { AppError, conflict, forbidden, isDuplicateKeyError, notFound, userInput } from '../../shared/errors';
import { findActiveDepartment, complaintCentre } from '../departments/departments.service';
import { getSettings } from '../municipality/settings';
import { findActiveOfficer } from '../officers/officer.model';
import type { PhotoRef } from '../photos/photos.service';
import { findActiveCategory } from './category.model';
import { notifyCaseChange } from './complaint-notify';
import { ComplaintModel, type Channel, type ComplaintDoc, type HistoryEntry, type HistoryKind } from './complaint.model';
import { statusesIn, statusesPendingForCitizen, transitionProblem, TRANSITIONS, type TransitionAction } from './complaint-status';
import { nextSequence } from './counter.model';
import { distanceMeters, dueDateAfter } from './due-dates';
import { normalizeThaiPhone } from './phone';

export type { Channel, ComplaintDoc } from './complaint.model';
export type { PhotoRef } from '../photos/photos.service';

/** Who acts on a case. Officers are checked against the officers collection on every action. */
export interface Actor {
  kind: 'citizen' | 'officer' | 'system';
  /** LINE user id. */
  id?: string;
  name?: string;
  departmentCode?: string;
  roles?: string[];
}

export interface FileComplaintInput {
  citizenId?: string;
  channel: Channel;
  categoryCode: string;
  description: string;
  photos: PhotoRef[];
  location?: { latitude: number; longitude: number; address?: string };
  phone?: string;
  filedBy?: Actor;
  sourceEventId?: string;
}

export const DESCRIPTION_MIN = 10;
export const DESCRIPTION_MAX = 1000;
const NOTE_MAX = 1000;
const REASON_MIN = 5;
const PING_PONG_MS = 24 * 3_600_000;

/** "C2569-00042". */
export function formatCaseNumber(year: number, seq: number): string {
  return `C${year}-${String(seq).padStart(5, '0')}`;
}

/** A case number as citizens type it ("c2569-42", "C 2569-00042") in its canonical form, or undefined. */
export function normalizeCaseNumber(text: string): string | undefined {
  const match = /^c\s*-?\s*(\d{4})\s*-\s*(\d{1,5})$/i.exec(text.trim());
  if (!match) return undefined;
  const seq = Number(match[2]);
  return seq > 0 ? formatCaseNumber(Number(match[1]), seq) : undefined;
}

/** The case, or null when the id is malformed or unknown. */
export async function getCase(caseId: string): Promise<ComplaintDoc | null> {
  if (typeof caseId !== 'string' || !mongoose.isValidObjectId(caseId)) return null;
  return ComplaintModel.findById(caseId).lean<ComplaintDoc>();
}

async function requireCase(caseId: string): Promise<ComplaintDoc> {
  const doc = await getCase(caseId);
  if (!doc) throw notFound('complaints.errors.notFound');
  return doc;
}

const canSee = (doc: ComplaintDoc, citizenId: string) => Boolean(citizenId) && (doc.citizenId === citizenId || doc.followers.includes(citizenId));

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

function validText(value: unknown, min: number, max: number, key: string): string {
  const text = typeof value === 'string' ? value.trim() : '';
  if (text.length < min || text.length > max) throw userInput(key, { min, max });
  return text;
}

function validPhotos(photos: PhotoRef[] | undefined, max: number): PhotoRef[] {
  const list = (photos ?? []).map((p) => ({ fileId: String(p.fileId), contentType: String(p.contentType), bytes: Number(p.bytes) }));
  if (list.some((p) => !/^[0-9a-f]{24}$/.test(p.fileId))) throw userInput('complaints.errors.badPhoto');
  if (list.length > max) throw userInput('complaints.errors.tooManyPhotos', { max });
  return list;
}

/**
 * Files a complaint from any channel: numbers it (C2569-00042, sequential per Buddhist-era
 * year), routes it to the category's department (the complaint centre when that department is
 * gone), sets the due date and emits `complaint.filed`. A retried event (same sourceEventId)
 * returns the case it filed the first time and announces it again: a crash or a failed
 * listener between the insert and the officers' notice heals on the retry (listeners dedupe).
 */
export async function fileComplaint(input: FileComplaintInput, now: Date): Promise<ComplaintDoc> {
  const replayed = await filedBy(input.sourceEventId);
  if (replayed) return announceFiled(replayed);
  const settings = (await getSettings()).complaints;
  const category = await findActiveCategory(input.categoryCode);
  if (!category) throw userInput('complaints.errors.unknownCategory');
  if (category.hotline) throw userInput('complaints.errors.urgentCategory', { hotline: category.hotline });
  const description = validText(input.description, DESCRIPTION_MIN, DESCRIPTION_MAX, 'complaints.errors.descriptionLength');
  const photos = validPhotos(input.photos, settings.maxPhotos);
  if (category.photo === 'required' && photos.length === 0) throw userInput('complaints.errors.photoRequired');
  const location = input.location;
  if (location && (!Number.isFinite(location.latitude) || !Number.isFinite(location.longitude) || Math.abs(location.latitude) > 90 || Math.abs(location.longitude) > 180)) {
    throw userInput('complaints.errors.badLocation');
  }
  if (category.location === 'required' && !location) throw userInput('complaints.errors.locationRequired');
  let phone: string | undefined;
  if (input.phone) {
    phone = normalizeThaiPhone(input.phone);
    if (!phone) throw userInput('complaints.errors.phoneInvalid');
  }
  if (input.channel === 'line' && !input.citizenId) throw userInput('complaints.errors.citizenRequired');

  const department = (await findActiveDepartment(category.departmentCode)) ?? (await complaintCentre());
  const departmentCode = department?.code ?? category.departmentCode;
  const year = buddhistYear(now);
  const seq = await nextSequence(`complaint:${year}`);
  const actor = input.filedBy ?? { kind: 'citizen' as const, id: input.citizenId };
  const entry: HistoryEntry = { at: now, actor: { kind: actor.kind, id: actor.id, name: actor.kind === 'officer' ? actor.name : undefined }, from: null, to: 'received', kind: 'status', photos: [] };
  let doc: ComplaintDoc;
  try {
    const created = await ComplaintModel.create({
      number: formatCaseNumber(year, seq),
      year,
      seq,
      citizenId: input.citizenId,
      followers: [],
      meTooCount: 0,
      channel: input.channel,
      categoryCode: category.code,
      departmentCode,
      description,
      photos,
      location: location ? { latitude: location.latitude, longitude: location.longitude, address: location.address?.slice(0, 300) } : undefined,
      phone,
      status: 'received',
      dueAt: dueDateAfter(now, category.dueDays || settings.defaultDueDays, settings.dayCounting),
      filedAt: now,
      history: [entry],
      forwards: [],
      reopenCount: 0,
      lastActivityAt: now,
      filedBy: input.filedBy ? { kind: input.filedBy.kind, id: input.filedBy.id, name: input.filedBy.name } : undefined,
      sourceEventId: input.sourceEventId,
    });
    doc = created.toObject() as ComplaintDoc;
  } catch (err) {
    const raced = isDuplicateKeyError(err) ? await filedBy(input.sourceEventId) : null;
    if (raced) return announceFiled(raced);
    throw err;
  }
  return announceFiled(doc);
}

/** The case an event filed already, if it did. */
async function filedBy(sourceEventId: string | undefined): Promise<ComplaintDoc | null> {
  if (!sourceEventId) return null;
  return ComplaintModel.findOne({ sourceEventId: String(sourceEventId) }).lean<ComplaintDoc>();
}

/** Emits `complaint.filed`; required, so a failed listener makes the filing event retry. */
async function announceFiled(doc: ComplaintDoc): Promise<ComplaintDoc> {
  const payload = { caseId: doc._id.toHexString(), caseNumber: doc.number, departmentCode: doc.departmentCode, categoryCode: doc.categoryCode, citizenId: doc.citizenId, channel: doc.channel };
  await emitDomainEvent('complaint.filed', payload, { required: true });
  return doc;
}

interface ChangeSpec {
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
async function change(doc: ComplaintDoc, spec: ChangeSpec, now: Date): Promise<ComplaintDoc> {
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
  if (!updated) {
    const fresh = await requireCase(doc._id.toHexString());
    if (spec.action === 'accept' && fresh.holder?.id) throw conflict('complaints.errors.alreadyAccepted', { name: fresh.holder.name ?? '' });
    throw conflict('complaints.errors.notAllowedNow', { status: fresh.status });
  }
  await notifyCaseChange(updated, entry, updated.history.length - 1, { skip: spec.skipNotify });
  if (spec.action !== 'forward') {
    const base = { caseId: updated._id.toHexString(), caseNumber: updated.number, citizenId: updated.citizenId, departmentCode: updated.departmentCode, categoryCode: updated.categoryCode, at: now };
    const officerLineUserId = spec.actor.kind === 'officer' ? spec.actor.id : (updated.holder?.id ?? undefined);
    await emitDomainEvent('complaint.statusChanged', { ...base, from: doc.status, to, officerLineUserId });
    if (to === 'closed') await emitDomainEvent('complaint.closed', { ...base, officerLineUserId });
  }
  return updated;
}

type OfficerRecord = NonNullable<Awaited<ReturnType<typeof findActiveOfficer>>>;

/** The active officer behind the actor, with the name from our records (never the caller's word). */
async function requireOfficer(actor: Actor): Promise<{ officer: OfficerRecord; actor: Actor }> {
  if (actor.kind !== 'officer' || !actor.id) throw forbidden('complaints.errors.officersOnly');
  const officer = await findActiveOfficer(actor.id);
  if (!officer) throw forbidden('complaints.errors.officersOnly');
  return { officer, actor: { kind: 'officer', id: officer.lineUserId, name: officer.name, departmentCode: officer.departmentCode, roles: officer.roles } };
}

const isHeadOf = (officer: OfficerRecord, departmentCode: string) => officer.departmentCode === departmentCode && officer.roles.includes('head');
const holds = (officer: OfficerRecord, doc: ComplaintDoc) => Boolean(doc.holder?.id) && doc.holder?.id === officer.lineUserId;

/** The holder, or a head of the case's department; for triage (a received case) any officer of it. */
function requireHandler(officer: OfficerRecord, doc: ComplaintDoc, allowTriage = false): void {
  if (holds(officer, doc) || isHeadOf(officer, doc.departmentCode)) return;
  if (allowTriage && doc.status === 'received' && officer.departmentCode === doc.departmentCode) return;
  if (doc.holder?.id && officer.departmentCode === doc.departmentCode) throw forbidden('complaints.errors.heldByOther', { name: doc.holder.name ?? '' });
  throw forbidden('complaints.errors.notYourCase');
}

/** Extra fields when an officer writes after the due date: the note explains the delay. */
function delaySet(doc: ComplaintDoc, note: string, now: Date): Record<string, unknown> {
  return now.getTime() > new Date(doc.dueAt).getTime() ? { delayReason: note } : {};
}

/** An officer of the case's department takes it (atomic: the second officer is told who has it). */
export async function acceptCase(caseId: string, officerActor: Actor, now: Date): Promise<ComplaintDoc> {
  const { officer, actor } = await requireOfficer(officerActor);
  const doc = await requireCase(caseId);
  if (officer.departmentCode !== doc.departmentCode) throw forbidden('complaints.errors.notYourDepartment');
  if (doc.holder?.id) throw conflict('complaints.errors.alreadyAccepted', { name: doc.holder.name ?? '' });
  return change(
    doc,
    { action: 'accept', actor, filter: { departmentCode: officer.departmentCode, $or: [{ holder: null }, { 'holder.id': { $exists: false } }] }, set: { holder: { id: officer.lineUserId, name: officer.name }, acceptedAt: now } },
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
  return change(doc, { action: 'progress', actor, note, photos, kind: doc.status === 'in_progress' ? 'note' : 'status', set: delaySet(doc, note, now) }, now);
}

/** The holder asks the citizen for more; the question goes to the citizen with a button to answer. */
export async function askCitizen(caseId: string, officerActor: Actor, input: { question: string }, now: Date): Promise<ComplaintDoc> {
  const { officer, actor } = await requireOfficer(officerActor);
  const doc = await requireCase(caseId);
  requireHandler(officer, doc);
  if (!doc.citizenId) throw userInput('complaints.errors.noCitizenToAsk');
  const question = validText(input.question, 2, NOTE_MAX, 'complaints.errors.questionRequired');
  return change(doc, { action: 'ask', actor, note: question, kind: 'question', set: delaySet(doc, question, now) }, now);
}

/** The citizen answers the officer's question (text and/or photos); the case goes back to work. */
export async function answerQuestion(caseId: string, citizenId: string, input: { text?: string; photos?: PhotoRef[] }, now: Date): Promise<ComplaintDoc> {
  const doc = await requireOwnCase(caseId, citizenId);
  const text = input.text?.trim() ?? '';
  const photos = validPhotos(input.photos, (await getSettings()).complaints.maxPhotos);
  if (!text && photos.length === 0) throw userInput('complaints.errors.answerRequired');
  if (text.length > NOTE_MAX) throw userInput('complaints.errors.answerTooLong', { max: NOTE_MAX });
  return change(doc, { action: 'answer', actor: { kind: 'citizen', id: citizenId }, note: text || undefined, photos, kind: 'answer', skipNotify: citizenId }, now);
}

/**
 * Sends the case to another department (an event on the case, not a status): the department
 * changes, nobody holds it and it is `received` again. Sending it straight back within 24 hours
 * (ping-pong) needs a head.
 */
export async function forwardCase(caseId: string, officerActor: Actor, input: { toDepartmentCode: string; reason: string }, now: Date): Promise<ComplaintDoc> {
  const { officer, actor } = await requireOfficer(officerActor);
  const doc = await requireCase(caseId);
  requireHandler(officer, doc, true);
  const reason = validText(input.reason, REASON_MIN, NOTE_MAX, 'complaints.errors.reasonRequired');
  const target = await findActiveDepartment(input.toDepartmentCode);
  if (!target) throw userInput('complaints.errors.unknownDepartment');
  if (target.code === doc.departmentCode) throw userInput('complaints.errors.sameDepartment');
  const last = doc.forwards[doc.forwards.length - 1];
  const pingPong = last && last.fromDepartmentCode === target.code && last.toDepartmentCode === doc.departmentCode && now.getTime() - new Date(last.at).getTime() < PING_PONG_MS;
  if (pingPong && !officer.roles.includes('head')) throw forbidden('complaints.errors.pingPong');
  return change(
    doc,
    {
      action: 'forward',
      actor,
      note: reason,
      kind: 'forward',
      filter: { departmentCode: doc.departmentCode },
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
  return change(doc, { action: 'resolve', actor, note, photos, set: { resolvedAt: now } }, now);
}

/** Outside the municipality's powers: closed as `referred`, the note telling the citizen where to go. */
export async function referCase(caseId: string, officerActor: Actor, input: { note: string }, now: Date): Promise<ComplaintDoc> {
  const { officer, actor } = await requireOfficer(officerActor);
  const doc = await requireCase(caseId);
  requireHandler(officer, doc, true);
  const note = validText(input.note, REASON_MIN, NOTE_MAX, 'complaints.errors.referNoteRequired');
  return change(doc, { action: 'refer', actor, note, set: { closedAt: now } }, now);
}

/** The case if this citizen filed it; otherwise the same "not found" as an unknown case. */
async function requireOwnCase(caseId: string, citizenId: string): Promise<ComplaintDoc> {
  const doc = await getCase(caseId);
  if (!doc || !citizenId || doc.citizenId !== citizenId) throw notFound('complaints.errors.notFound');
  return doc;
}

/** The citizen withdraws an open case, with a reason. */
export async function cancelByCitizen(caseId: string, citizenId: string, input: { reason: string }, now: Date): Promise<ComplaintDoc> {
  const doc = await requireOwnCase(caseId, citizenId);
  const reason = validText(input.reason, REASON_MIN, NOTE_MAX, 'complaints.errors.reasonRequired');
  return change(doc, { action: 'cancel', actor: { kind: 'citizen', id: citizenId }, note: reason, set: { closedAt: now }, skipNotify: citizenId }, now);
}

/** The citizen confirms the resolution: closed, and `complaint.closed` goes out. */
export async function confirmResolved(caseId: string, citizenId: string, now: Date): Promise<ComplaintDoc> {
  const doc = await requireOwnCase(caseId, citizenId);
  return change(doc, { action: 'confirm', actor: { kind: 'citizen', id: citizenId }, set: { closedAt: now }, skipNotify: citizenId }, now);
}

/** The last moment a resolved case may be reopened. */
export async function reopenDeadline(doc: Pick<ComplaintDoc, 'resolvedAt'>): Promise<Date | undefined> {
  if (!doc.resolvedAt) return undefined;
  const days = (await getSettings()).complaints.reopenWindowDays;
  return new Date(new Date(doc.resolvedAt).getTime() + days * 86_400_000);
}

/** The citizen is not satisfied: back to work within the reopen window, with a reason. */
export async function reopenCase(caseId: string, citizenId: string, input: { reason: string }, now: Date): Promise<ComplaintDoc> {
  const doc = await requireOwnCase(caseId, citizenId);
  // resolvedAt is set while the case waits for the citizen's word; reopening clears it.
  const deadline = await reopenDeadline(doc);
  if (deadline && now.getTime() > deadline.getTime()) throw conflict('complaints.errors.reopenWindowPassed', { days: (await getSettings()).complaints.reopenWindowDays });
  const reason = validText(input.reason, REASON_MIN, NOTE_MAX, 'complaints.errors.reasonRequired');
  return change(doc, { action: 'reopen', actor: { kind: 'citizen', id: citizenId }, note: reason, unset: ['resolvedAt'], inc: { reopenCount: 1 }, skipNotify: citizenId }, now);
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
      await change(doc, { action: 'autoClose', actor: { kind: 'system' }, set: { closedAt: now } }, now);
      closed += 1;
    } catch (err) {
      // Another instance closed it, or the citizen acted meanwhile: nothing to do.
      if (!(err instanceof AppError)) throw err;
    }
  }
  return closed;
}

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
