import { randomBytes } from 'node:crypto';
import mongoose from 'mongoose';
import { decrypt, decryptJson, encrypt, encryptJson, hashPin, keyedHash, randomDigits, randomToken, verifyPin, needsReencryption, reencrypt, type EncryptedValue } from '../../shared/crypto';
import { addDays, bangkokDayKey, startOfBangkokDay } from '../../shared/dates';
import { AppError, forbidden, isDuplicateKeyError, notFound, userInput } from '../../shared/errors';
import { clock } from '../../shared/clock';
import { logger } from '../../shared/logger';
import { findActiveOfficer, OfficerModel } from '../officers/officer.model';
import { getSettings } from '../municipality/settings';
import { canMove, INTEGRITY_STATUSES, OPEN_STATUSES, statusGroup, type IntegrityStatus } from './integrity-status';
import { IntegrityQuotaModel, IntegrityReportModel, INTEGRITY_KINDS, type IntegrityKind, type IntegrityReportDoc } from './integrity.model';
import { logAccess } from './access-log';
import { actsAsIntegrityOfficer } from './integrity-role';
import { attachEvidence, type StoredEvidence } from './evidence.store';
import { notifyIntegrityOfficersOfNewReport, notifyReporterOfStatus } from './integrity.notify';

/**
 * The confidential channel's use cases, in plain inputs and results (no LINE here). The LINE id
 * of a reporter is only ever used to count the daily limit (as a keyed hash) and, when the
 * reporter asks for notifications or gives their name, stored encrypted.
 */

export const REFERENCE_PATTERN = /^R-[ABCDEFGHJKLMNPQRSTUVWXYZ23456789]{10}$/;
export const PIN_PATTERN = /^\d{6}$/;
export const MAX_PIN_FAILURES = 5;
export const PIN_LOCK_MS = 60 * 60_000;

/** A new unguessable reference ("R-" + 10 characters, 50 bits) and a 6-digit PIN. */
export function newReferenceAndPin(): { reference: string; pin: string } {
  return { reference: `R-${randomToken(10)}`, pin: randomDigits(6) };
}

/** The reference as typed ("r-abcd…", spaces) in its canonical form, or undefined. */
export function normalizeReference(input: string): string | undefined {
  const cleaned = input.trim().toUpperCase().replace(/\s+/g, '');
  const withDash = /^R[A-Z0-9]{10}$/.test(cleaned) ? `R-${cleaned.slice(1)}` : cleaned;
  return REFERENCE_PATTERN.test(withDash) ? withDash : undefined;
}

export interface ReportDetails {
  subject?: string;
  whenWhere?: string;
  description: string;
}

export interface ReporterIdentity {
  name: string;
  phone: string;
  lineUserId: string;
}

export interface SubmitReportInput {
  /** The LINE user sending it: counted for the daily limit (keyed hash), stored only encrypted. */
  reporterLineId: string;
  anonymous: boolean;
  name?: string;
  phone?: string;
  kind: IntegrityKind;
  details: ReportDetails;
  evidence: StoredEvidence[];
  notify: boolean;
  /** Made beforehand (newReferenceAndPin) so that a retried submission finds its report. */
  reference: string;
  pin: string;
  now: Date;
}

export interface SubmitReportResult {
  reportId: string;
  reference: string;
  receivedAt: Date;
  dueAt: Date;
  /** False when this submission had already been stored (a retried event). */
  created: boolean;
}

const quotaId = (lineUserId: string, now: Date) => keyedHash('integrity.daily-limit', `${lineUserId}|${bangkokDayKey(now)}`);

/** How many reports this LINE user has left today (Bangkok day). */
export async function reportsLeftToday(lineUserId: string, now: Date): Promise<number> {
  const { integrity } = await getSettings();
  const quota = await IntegrityQuotaModel.findById(quotaId(lineUserId, now)).lean();
  return Math.max(0, integrity.dailyReportLimit - (quota?.count ?? 0));
}

/** Counts one report against today's limit; refuses when the limit is reached. */
async function consumeDailyQuota(lineUserId: string, now: Date): Promise<void> {
  const { integrity } = await getSettings();
  const _id = quotaId(lineUserId, now);
  try {
    // The upsert only matches below the limit; at the limit it tries an insert and hits the key.
    await IntegrityQuotaModel.updateOne(
      { _id, count: { $lt: integrity.dailyReportLimit } },
      { $inc: { count: 1 }, $setOnInsert: { expiresAt: clock.ttlAt(startOfBangkokDay(addDays(now, 1))) } },
      { upsert: true },
    );
  } catch (err) {
    if (isDuplicateKeyError(err)) throw userInput('integrity.errors.dailyLimit', { limit: integrity.dailyReportLimit, damrongdham: integrity.hotlines.damrongdham });
    throw err;
  }
}

/** The time to the minute: enough for deadlines, too coarse to line up with other records. */
const toMinute = (d: Date) => new Date(Math.floor(d.getTime() / 60_000) * 60_000);

/**
 * A report id whose embedded time is only the minute (a default ObjectId carries the second and
 * a per-process counter shared with every other document, which could line it up with them).
 */
function minuteObjectId(minute: Date): mongoose.Types.ObjectId {
  const bytes = randomBytes(12);
  bytes.writeUInt32BE(Math.floor(minute.getTime() / 1000), 0);
  return new mongoose.Types.ObjectId(bytes);
}

/** Stores a confidential report, counts it against the daily limit and tells integrity officers. */
export async function submitReport(input: SubmitReportInput): Promise<SubmitReportResult> {
  if (!REFERENCE_PATTERN.test(input.reference) || !PIN_PATTERN.test(input.pin)) throw new AppError('bug', 'common.errors.generic');
  if (!INTEGRITY_KINDS.includes(input.kind)) throw userInput('integrity.errors.kind');
  const description = input.details.description.trim();
  if (description.length === 0) throw userInput('integrity.errors.description');
  const existing = await IntegrityReportModel.findOne({ reference: input.reference }).lean<IntegrityReportDoc>();
  if (existing) {
    // The same submission retried: the PIN proves it is ours and not a (50-bit) collision.
    if (!(await verifyPin(input.pin, existing.pinHash))) throw new AppError('bug', 'common.errors.generic', { reason: 'reference collision' });
    await finishSubmission(existing, input.evidence);
    return { reportId: String(existing._id), reference: existing.reference, receivedAt: existing.receivedAt, dueAt: existing.dueAt, created: false };
  }
  const settings = await getSettings();
  if (input.anonymous && !settings.integrity.allowAnonymous) throw userInput('integrity.errors.anonymousNotAllowed');
  if (!input.anonymous && (!input.name?.trim() || !input.phone?.trim())) throw userInput('integrity.errors.identity');
  await consumeDailyQuota(input.reporterLineId, input.now);

  const receivedAt = toMinute(input.now);
  const dueAt = addDays(receivedAt, settings.integrity.dueDays);
  const reference = input.reference;
  const identity: ReporterIdentity | undefined = input.anonymous ? undefined : { name: input.name!.trim(), phone: input.phone!.trim(), lineUserId: input.reporterLineId };
  const doc = {
    _id: minuteObjectId(receivedAt),
    reference,
    pinHash: await hashPin(input.pin),
    anonymous: input.anonymous,
    kind: input.kind,
    details: encryptJson({ subject: input.details.subject?.trim() || undefined, whenWhere: input.details.whenWhere?.trim() || undefined, description }, reference),
    identity: identity ? encryptJson(identity, reference) : undefined,
    notifyTo: input.notify ? encrypt(input.reporterLineId, reference) : undefined,
    evidence: input.evidence.map((e) => ({ fileId: new mongoose.Types.ObjectId(e.fileId), kind: e.kind, contentType: e.contentType, size: e.size })),
    status: 'received' as IntegrityStatus,
    history: [{ at: receivedAt, to: 'received' }],
    receivedAt,
    dueAt,
    updatedAt: receivedAt,
  };
  const created = (await IntegrityReportModel.create(doc)).toObject() as IntegrityReportDoc;
  logger.info({ reportId: String(created._id), kind: created.kind, anonymous: created.anonymous }, 'integrity report received');
  await finishSubmission(created, input.evidence);
  return { reportId: String(created._id), reference, receivedAt, dueAt, created: true };
}

async function finishSubmission(report: IntegrityReportDoc, evidence: StoredEvidence[]): Promise<void> {
  await attachEvidence(evidence.map((e) => e.fileId), String(report._id));
  await notifyIntegrityOfficersOfNewReport({ reportId: String(report._id), reference: report.reference });
}

export interface TrackedReport {
  reference: string;
  status: IntegrityStatus;
  kind: IntegrityKind;
  receivedAt: Date;
  updatedAt: Date;
  publicOutcome?: string;
}

export type TrackResult = { ok: true; report: TrackedReport } | { ok: false; reason: 'wrong' } | { ok: false; reason: 'locked'; until: Date };

/** A scrypt hash of a PIN nobody holds: an unknown reference costs the same work as a known one. */
let decoyHash: Promise<string> | undefined;
const decoyPinHash = () => (decoyHash ??= hashPin(randomDigits(6)));

const notLocked = (now: Date) => ({ lockedUntil: { $not: { $gt: now } } });

/** Locks a reference for PIN_LOCK_MS and starts its failure count again. */
async function lockReference(reportId: unknown, now: Date): Promise<Date> {
  const until = new Date(now.getTime() + PIN_LOCK_MS);
  await IntegrityReportModel.updateOne({ _id: reportId }, { $set: { lockedUntil: until, pinFailures: 0 } });
  logger.warn({ reportId: String(reportId) }, 'integrity report locked after wrong PINs');
  return until;
}

/**
 * Reference plus PIN, from any LINE account. Five wrong PINs lock the reference for an hour.
 * An unknown reference gets the same answer as a wrong PIN, after the same scrypt work, and the
 * answer never says how many attempts are left (that would tell a real reference from a made-up
 * one). Each attempt is claimed atomically before the PIN is checked, so guesses sent at the same
 * moment from many accounts cannot get past the limit.
 */
export async function trackReport(referenceInput: string, pin: string, now: Date): Promise<TrackResult> {
  const reference = normalizeReference(referenceInput);
  if (!reference || !PIN_PATTERN.test(pin)) return { ok: false, reason: 'wrong' };
  const report = await IntegrityReportModel.findOne({ reference }, { _id: 1, lockedUntil: 1 }).lean();
  if (!report) {
    await verifyPin(pin, await decoyPinHash());
    return { ok: false, reason: 'wrong' };
  }
  if (report.lockedUntil && report.lockedUntil.getTime() > now.getTime()) return { ok: false, reason: 'locked', until: report.lockedUntil };
  const claimed = await IntegrityReportModel.findOneAndUpdate(
    { _id: report._id, pinFailures: { $lt: MAX_PIN_FAILURES }, ...notLocked(now) },
    { $inc: { pinFailures: 1 } },
    { returnDocument: 'after' },
  ).lean<IntegrityReportDoc>();
  if (!claimed) {
    // The attempts are used up by guesses still being checked, or a lock was just set.
    const current = await IntegrityReportModel.findById(report._id, { lockedUntil: 1 }).lean();
    if (current?.lockedUntil && current.lockedUntil.getTime() > now.getTime()) return { ok: false, reason: 'locked', until: current.lockedUntil };
    return { ok: false, reason: 'locked', until: await lockReference(report._id, now) };
  }
  if (await verifyPin(pin, claimed.pinHash)) {
    await IntegrityReportModel.updateOne({ _id: claimed._id }, { $set: { pinFailures: 0 } });
    return { ok: true, report: { reference, status: claimed.status, kind: claimed.kind as IntegrityKind, receivedAt: claimed.receivedAt, updatedAt: claimed.updatedAt, publicOutcome: claimed.publicOutcome ?? undefined } };
  }
  if ((claimed.pinFailures ?? 0) >= MAX_PIN_FAILURES) return { ok: false, reason: 'locked', until: await lockReference(claimed._id, now) };
  return { ok: false, reason: 'wrong' };
}

// ---------------------------------------------------------------------------------------------
// Officers

export { logAccess };

export type ActiveOfficer = NonNullable<Awaited<ReturnType<typeof findActiveOfficer>>>;

/** The active integrity officer (in legal affairs) behind a LINE user, or a refusal (logged when it names a report). */
export async function requireIntegrityOfficer(lineUserId: string, now: Date, reportId?: string): Promise<ActiveOfficer> {
  const officer = await findActiveOfficer(lineUserId);
  if (officer && (await actsAsIntegrityOfficer(officer))) return officer;
  if (reportId) await logAccess({ officerId: officer ? String(officer._id) : undefined, action: 'view_denied', reportId, at: now });
  throw forbidden('integrity.errors.onlyIntegrity');
}

function isObjectIdString(id: string): boolean {
  return /^[0-9a-f]{24}$/i.test(id);
}

async function loadReport(reportId: string): Promise<IntegrityReportDoc> {
  const report = isObjectIdString(reportId) ? await IntegrityReportModel.findById(reportId).lean<IntegrityReportDoc>() : null;
  if (!report) throw notFound('integrity.errors.notFound');
  return report;
}

export interface ReportHistoryEntry {
  at: Date;
  from?: IntegrityStatus;
  to: IntegrityStatus;
  officerId?: string;
  officerName?: string;
  note?: string;
  publicText?: string;
}

/** A report as an integrity officer sees it: decrypted details and, for a named report, the identity. */
export interface IntegrityReportView {
  id: string;
  reference: string;
  status: IntegrityStatus;
  kind: IntegrityKind;
  anonymous: boolean;
  identity?: { name: string; phone: string; lineUserId: string };
  notify: boolean;
  details: ReportDetails;
  evidence: { fileId: string; kind: 'photo' | 'file'; contentType: string; size: number }[];
  history: ReportHistoryEntry[];
  publicOutcome?: string;
  receivedAt: Date;
  dueAt: Date;
  updatedAt: Date;
}

async function toView(report: IntegrityReportDoc): Promise<IntegrityReportView> {
  const reference = report.reference;
  const officerIds = [...new Set(report.history.map((h) => h.officerId).filter((id): id is string => Boolean(id)))];
  const officers = officerIds.length > 0 ? await OfficerModel.find({ _id: { $in: officerIds } }, { name: 1 }).lean() : [];
  const names = new Map(officers.map((o) => [String(o._id), o.name]));
  return {
    id: String(report._id),
    reference,
    status: report.status,
    kind: report.kind as IntegrityKind,
    anonymous: report.anonymous,
    identity: report.identity ? decryptJson<ReporterIdentity>(report.identity, reference) : undefined,
    notify: Boolean(report.notifyTo),
    details: decryptJson<ReportDetails>(report.details, reference),
    evidence: report.evidence.map((e) => ({ fileId: String(e.fileId), kind: e.kind as 'photo' | 'file', contentType: e.contentType, size: e.size })),
    history: report.history.map((h) => ({
      at: h.at,
      from: (h.from ?? undefined) as IntegrityStatus | undefined,
      to: h.to as IntegrityStatus,
      officerId: h.officerId ?? undefined,
      officerName: h.officerId ? names.get(h.officerId) : undefined,
      note: h.note ? decrypt(h.note as EncryptedValue, reference) : undefined,
      publicText: h.publicText ?? undefined,
    })),
    publicOutcome: report.publicOutcome ?? undefined,
    receivedAt: report.receivedAt,
    dueAt: report.dueAt,
    updatedAt: report.updatedAt,
  };
}

/** Opens a report for an integrity officer; the view is written to the access log. */
export async function viewReport(lineUserId: string, reportId: string, now: Date): Promise<{ officer: ActiveOfficer; report: IntegrityReportView }> {
  const officer = await requireIntegrityOfficer(lineUserId, now, reportId);
  const report = await loadReport(reportId);
  await logAccess({ officerId: String(officer._id), action: 'view', reportId, at: now });
  return { officer, report: await toView(report) };
}

/** A report's reference and status, for an integrity officer opening the status dialog (logged: it shows both). */
export async function reportStatusFor(lineUserId: string, reportId: string, now: Date): Promise<{ reference: string; status: IntegrityStatus }> {
  const officer = await requireIntegrityOfficer(lineUserId, now, reportId);
  const report = await loadReport(reportId);
  await logAccess({ officerId: String(officer._id), action: 'status_dialog', reportId, detail: report.status, at: now });
  return { reference: report.reference, status: report.status };
}

export interface ChangeStatusInput {
  lineUserId: string;
  reportId: string;
  to: IntegrityStatus;
  /** Internal note: integrity officers only. */
  note: string;
  /** Outcome text the reporter may read (optional). */
  publicText?: string;
  /** The officer's webhook event: a retried event does not change the report twice. */
  eventKey: string;
  now: Date;
}

/** Moves a report through the status table, records who and why, and tells the reporter if they asked. */
export async function changeReportStatus(input: ChangeStatusInput): Promise<{ reference: string; status: IntegrityStatus; changed: boolean }> {
  const officer = await requireIntegrityOfficer(input.lineUserId, input.now, input.reportId);
  const report = await loadReport(input.reportId);
  const officerId = String(officer._id);
  const already = report.history.findIndex((h) => h.eventKey === input.eventKey);
  if (already >= 0) {
    await notifyReporterOfStatus(report, already);
    return { reference: report.reference, status: report.status, changed: false };
  }
  if (!INTEGRITY_STATUSES.includes(input.to) || !canMove(report.status, input.to)) throw userInput('integrity.errors.badTransition');
  const note = input.note.trim();
  if (!note) throw userInput('integrity.errors.noteRequired');
  const publicText = input.publicText?.trim() || undefined;
  const entry = { at: input.now, from: report.status, to: input.to, officerId, note: encrypt(note, report.reference), publicText, eventKey: input.eventKey };
  const set: Record<string, unknown> = { status: input.to, updatedAt: input.now };
  if (statusGroup(input.to) === 'closed') set.closedAt = input.now;
  // The outcome the reporter sees belongs to this status: one written for an earlier status goes.
  const outcome = publicText ? { $set: { ...set, publicOutcome: publicText } } : { $set: set, $unset: { publicOutcome: 1 } };
  const updated = await IntegrityReportModel.findOneAndUpdate({ _id: report._id, status: report.status }, { ...outcome, $push: { history: entry } }, { returnDocument: 'after' }).lean<IntegrityReportDoc>();
  if (!updated) throw userInput('integrity.errors.changedMeanwhile');
  await logAccess({ officerId, action: 'status_change', reportId: input.reportId, detail: `${report.status}->${input.to}`, at: input.now });
  logger.info({ reportId: input.reportId, fromStatus: report.status, toStatus: input.to }, 'integrity report status changed');
  await notifyReporterOfStatus(updated, updated.history.length - 1);
  return { reference: updated.reference, status: updated.status, changed: true };
}

export interface OpenReportSummary {
  id: string;
  reference: string;
  status: IntegrityStatus;
  kind: IntegrityKind;
  receivedAt: Date;
  dueAt: Date;
}

/** Open and concluded (not yet closed) reports for an integrity officer, the nearest deadline first. */
export async function listOpenReports(lineUserId: string, now: Date): Promise<{ total: number; reports: OpenReportSummary[] }> {
  const officer = await requireIntegrityOfficer(lineUserId, now);
  const filter = { status: { $ne: 'closed' as IntegrityStatus } };
  const [total, docs] = await Promise.all([
    IntegrityReportModel.countDocuments(filter),
    IntegrityReportModel.find(filter, { reference: 1, status: 1, kind: 1, receivedAt: 1, dueAt: 1 }).sort({ dueAt: 1 }).limit(12).lean(),
  ]);
  await logAccess({ officerId: String(officer._id), action: 'list', at: now, reportIds: docs.map((d) => String(d._id)), detail: `${docs.length} of ${total} shown` });
  return { total, reports: docs.map((d) => ({ id: String(d._id), reference: d.reference, status: d.status as IntegrityStatus, kind: d.kind as IntegrityKind, receivedAt: d.receivedAt, dueAt: d.dueAt })) };
}

export interface IntegrityCounts {
  total: number;
  byStatus: Record<IntegrityStatus, number>;
  byKind: Record<IntegrityKind, number>;
}

/** Counts by status and kind: the only thing officers without the integrity role may see. */
export async function integrityCounts(): Promise<IntegrityCounts> {
  const docs = await IntegrityReportModel.find({}, { status: 1, kind: 1, _id: 0 }).lean();
  const byStatus = Object.fromEntries(INTEGRITY_STATUSES.map((s) => [s, 0])) as Record<IntegrityStatus, number>;
  const byKind = Object.fromEntries(INTEGRITY_KINDS.map((k) => [k, 0])) as Record<IntegrityKind, number>;
  for (const d of docs) {
    byStatus[d.status as IntegrityStatus] += 1;
    byKind[d.kind as IntegrityKind] += 1;
  }
  return { total: docs.length, byStatus, byKind };
}

/** Counts for any active officer (refused to citizens). */
export async function integrityCountsFor(lineUserId: string, now: Date): Promise<IntegrityCounts> {
  const officer = await findActiveOfficer(lineUserId);
  if (!officer) throw forbidden('integrity.errors.officersOnly');
  await logAccess({ officerId: String(officer._id), action: 'stats', at: now });
  return integrityCounts();
}

/** An open report as the deadline watch needs it. */
export interface DeadlineReport {
  id: string;
  reference: string;
  status: IntegrityStatus;
  receivedAt: Date;
  dueAt: Date;
  /** Deadline points already sent. */
  sent: string[];
  notifyTo?: EncryptedValue;
}

/**
 * Open reports that may have a deadline point by `now`: due within `horizonDays`, or still
 * waiting to be taken up (status received) after `acceptWithinDays`.
 */
export async function reportsWithDeadlinePoints(now: Date, horizonDays: number, acceptWithinDays: number): Promise<DeadlineReport[]> {
  const docs = await IntegrityReportModel.find(
    { status: { $in: OPEN_STATUSES }, $or: [{ dueAt: { $lte: addDays(now, horizonDays + 1) } }, { status: 'received', receivedAt: { $lte: addDays(now, -acceptWithinDays) } }] },
    { reference: 1, status: 1, receivedAt: 1, dueAt: 1, deadlineSent: 1, notifyTo: 1 },
  ).lean<IntegrityReportDoc[]>();
  return docs.map((d) => ({ id: String(d._id), reference: d.reference, status: d.status, receivedAt: d.receivedAt, dueAt: d.dueAt, sent: d.deadlineSent ?? [], notifyTo: d.notifyTo ?? undefined }));
}

/** Records deadline points as sent for a report. */
export async function markDeadlinePointsSent(reportId: string, keys: string[]): Promise<void> {
  if (keys.length === 0) return;
  await IntegrityReportModel.updateOne({ _id: reportId }, { $addToSet: { deadlineSent: { $each: keys } } });
}

/** The fields of one report still under an older key, re-encrypted, and the old values they replace. */
function staleFields(report: IntegrityReportDoc): { set: Record<string, EncryptedValue>; guard: Record<string, string> } {
  const set: Record<string, EncryptedValue> = {};
  const guard: Record<string, string> = {};
  const consider = (path: string, value: EncryptedValue | null | undefined) => {
    if (!value || !needsReencryption(value)) return;
    set[path] = reencrypt(value, report.reference);
    guard[`${path}.data`] = value.data;
  };
  consider('details', report.details);
  consider('identity', report.identity);
  consider('notifyTo', report.notifyTo);
  report.history.forEach((h, i) => consider(`history.${i}.note`, h.note as EncryptedValue | null | undefined));
  return { set, guard };
}

const REENCRYPT_ATTEMPTS = 5;

/**
 * Re-encrypts one report field by field, each guarded by the ciphertext it read: a status
 * change pushed meanwhile is never overwritten (history entries only ever get appended, so a
 * position keeps its entry), and a field changed meanwhile makes the report be read again.
 */
async function reencryptReport(first: IntegrityReportDoc): Promise<boolean> {
  let report: IntegrityReportDoc | null = first;
  for (let attempt = 0; report && attempt < REENCRYPT_ATTEMPTS; attempt += 1) {
    const { set, guard } = staleFields(report);
    if (Object.keys(set).length === 0) return false;
    const result = await IntegrityReportModel.updateOne({ _id: report._id, ...guard }, { $set: set });
    if (result.matchedCount === 1) return true;
    report = await IntegrityReportModel.findById(report._id).lean<IntegrityReportDoc>();
  }
  if (report) throw new AppError('bug', 'common.errors.generic', { reportId: String(report._id), reason: 'report kept changing during re-encryption' });
  return false;
}

/**
 * Re-encrypts every confidential value written with an older key under the current key (run
 * after rotating DATA_ENCRYPTION_KEY, while the old key is still in DATA_ENCRYPTION_OLD_KEYS).
 * Safe while officers work: see reencryptReport. Returns how many reports were rewritten.
 */
export async function reencryptIntegrityReports(): Promise<number> {
  let rewritten = 0;
  for await (const report of IntegrityReportModel.find({}).lean<IntegrityReportDoc[]>().cursor()) {
    if (await reencryptReport(report)) rewritten += 1;
  }
  return rewritten;
}
