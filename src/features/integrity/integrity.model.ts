import mongoose, { Schema, type InferSchemaType, type Types } from 'mongoose';
import type { EncryptedValue } from '../../shared/crypto';
import { INTEGRITY_STATUSES, type IntegrityStatus } from './integrity-status';

/** What the reporter says happened (the kinds the source documents name). */
export const INTEGRITY_KINDS = ['money_or_gifts', 'extra_fee', 'queue_jumping', 'conflict_of_interest', 'procurement', 'misuse_of_property', 'other'] as const;
export type IntegrityKind = (typeof INTEGRITY_KINDS)[number];

const encryptedSchema = new Schema({ v: { type: String, required: true }, iv: { type: String, required: true }, tag: { type: String, required: true }, data: { type: String, required: true } }, { _id: false });

const evidenceSchema = new Schema(
  {
    fileId: { type: Schema.Types.ObjectId, required: true },
    kind: { type: String, enum: ['photo', 'file'], required: true },
    contentType: { type: String, required: true },
    size: { type: Number, required: true },
  },
  { _id: false },
);

/** One change of status: who (officer id), when, from, to, the internal note and the public text. */
const historySchema = new Schema(
  {
    at: { type: Date, required: true },
    from: { type: String, enum: INTEGRITY_STATUSES },
    to: { type: String, enum: INTEGRITY_STATUSES, required: true },
    officerId: { type: String },
    /** Internal: seen by integrity officers only, never by the reporter. Encrypted. */
    note: { type: encryptedSchema },
    /** The outcome text the reporter may read. */
    publicText: { type: String, maxlength: 1000 },
    /** The officer's webhook event that made the change (a retried event changes nothing twice). */
    eventKey: { type: String },
  },
  { _id: false },
);

/**
 * A confidential report of corruption or misconduct (collection integrity_reports), kept apart
 * from complaints. Nothing here names the LINE user of an anonymous reporter: the PIN is a
 * scrypt hash, the reporter's LINE id (only if they asked for notifications) and the named
 * identity are AES-256-GCM ciphertexts with their key version, and the time is kept to the minute.
 */
const integrityReportSchema = new Schema(
  {
    reference: { type: String, required: true },
    pinHash: { type: String, required: true },
    pinFailures: { type: Number, default: 0 },
    lockedUntil: { type: Date },
    anonymous: { type: Boolean, required: true },
    kind: { type: String, enum: INTEGRITY_KINDS, required: true },
    /** {subject, whenWhere, description}, encrypted with the reference as associated data. */
    details: { type: encryptedSchema, required: true },
    /** Named reports only: {name, phone, lineUserId}, encrypted. */
    identity: { type: encryptedSchema },
    /** Only when the reporter asked for status notifications: their LINE id, encrypted. */
    notifyTo: { type: encryptedSchema },
    evidence: { type: [evidenceSchema], default: [] },
    status: { type: String, enum: INTEGRITY_STATUSES, required: true, default: 'received' },
    history: { type: [historySchema], default: [] },
    /** The latest outcome text the reporter sees when tracking. */
    publicOutcome: { type: String, maxlength: 1000 },
    /** When it was received, to the minute. */
    receivedAt: { type: Date, required: true },
    dueAt: { type: Date, required: true },
    updatedAt: { type: Date, required: true },
    closedAt: { type: Date },
    /**
     * The deadline points already sent (reminders, escalations, the reporter's delay notice), so
     * none is sent twice, however long ago (the outbox forgets sent pushes after 30 days).
     */
    deadlineSent: { type: [String], default: undefined },
  },
  { collection: 'integrity_reports', versionKey: false },
);

integrityReportSchema.index({ reference: 1 }, { unique: true });
integrityReportSchema.index({ status: 1, dueAt: 1 });

export type IntegrityReportDoc = InferSchemaType<typeof integrityReportSchema> & { _id: Types.ObjectId; status: IntegrityStatus; details: EncryptedValue; identity?: EncryptedValue | null; notifyTo?: EncryptedValue | null };
export const IntegrityReportModel = mongoose.model('IntegrityReport', integrityReportSchema);

/**
 * What an access-log line records: opening a report, being refused, downloading evidence,
 * opening the status dialog (it shows the reference and status), changing the status, listing,
 * counting, and the pushes that put references on an officer's phone (a new report's alert, a
 * deadline reminder or escalation).
 */
export const ACCESS_ACTIONS = ['view', 'view_denied', 'evidence', 'status_dialog', 'status_change', 'list', 'stats', 'alert', 'reminder'] as const;
export type AccessAction = (typeof ACCESS_ACTIONS)[number];

/** Every look at a report and every action on it: who (officer id), when, what, which report(s). */
const accessLogSchema = new Schema(
  {
    officerId: { type: String },
    at: { type: Date, required: true },
    action: { type: String, enum: ACCESS_ACTIONS, required: true },
    reportId: { type: String },
    /** Several reports at once (a list, a reminder digest): each one shown. */
    reportIds: { type: [String], default: undefined },
    detail: { type: String, maxlength: 200 },
  },
  { collection: 'integrity_access_log', versionKey: false },
);

accessLogSchema.index({ reportId: 1, at: 1 });
accessLogSchema.index({ reportIds: 1, at: 1 });
accessLogSchema.index({ officerId: 1, at: 1 });

export type IntegrityAccessLogDoc = InferSchemaType<typeof accessLogSchema>;
export const IntegrityAccessLogModel = mongoose.model('IntegrityAccessLog', accessLogSchema);

/**
 * The daily report limit, counted without storing who: the id is a keyed HMAC of the LINE id
 * and the Bangkok day, and the entry expires when the day ends. It names no report.
 */
const quotaSchema = new Schema(
  {
    _id: { type: String },
    count: { type: Number, required: true },
    expiresAt: { type: Date, required: true },
  },
  { collection: 'integrity_report_quota', versionKey: false },
);

quotaSchema.index({ expiresAt: 1 }, { expireAfterSeconds: 0 });

export const IntegrityQuotaModel = mongoose.model('IntegrityQuota', quotaSchema);
