import mongoose, { Schema, type Types } from 'mongoose';
import { STATUSES, type ComplaintStatus } from './complaint-status';

export type Channel = 'line' | 'walk_in' | 'phone';
export const CHANNELS = ['line', 'walk_in', 'phone'] as const;

/** A photo stored in GridFS (see src/features/photos). */
export interface StoredPhoto {
  fileId: string;
  contentType: string;
  bytes: number;
}

/** `holderLeft`, `takenOver`: the holder changed (a revoked officer's case back to its department, taken over), not the status. */
export const HISTORY_KINDS = ['status', 'forward', 'note', 'question', 'answer', 'meToo', 'holderLeft', 'takenOver'] as const;
export type HistoryKind = (typeof HISTORY_KINDS)[number];

/** One entry of the case's timeline: who did what, when, from which status to which, and why. */
export interface HistoryEntry {
  at: Date;
  actor: { kind: 'citizen' | 'officer' | 'system'; id?: string; name?: string };
  from?: ComplaintStatus | null;
  to: ComplaintStatus;
  kind: HistoryKind;
  note?: string;
  photos: StoredPhoto[];
  /** holderLeft: the officer who left the case (the actor is the system). Officers read it; citizens never see it. */
  holder?: { id?: string; name?: string };
}

export interface ForwardEntry {
  at: Date;
  fromDepartmentCode: string;
  toDepartmentCode: string;
  reason: string;
  by: { id?: string; name?: string };
}

/** A general complaint (เรื่องร้องเรียน/ร้องทุกข์), as stored and as lean queries return it. */
export interface ComplaintDoc {
  _id: Types.ObjectId;
  /** C2569-00042: sequential per Buddhist-era year. */
  number: string;
  year: number;
  seq: number;
  citizenId?: string;
  /** Citizens who said "me too" and follow the case's updates. */
  followers: string[];
  meTooCount: number;
  channel: Channel;
  categoryCode: string;
  departmentCode: string;
  description: string;
  photos: StoredPhoto[];
  location?: { latitude: number; longitude: number; address?: string };
  phone?: string;
  status: ComplaintStatus;
  dueAt: Date;
  filedAt: Date;
  acceptedAt?: Date;
  holder?: { id?: string; name?: string } | null;
  history: HistoryEntry[];
  forwards: ForwardEntry[];
  resolvedAt?: Date;
  closedAt?: Date;
  reopenCount: number;
  /** The explanation given to the citizen when the case ran past its due date. */
  delayReason?: string;
  /** When anything last happened to the case (for sorting the citizen's list). */
  lastActivityAt: Date;
  filedBy?: { kind: string; id?: string; name?: string };
  /** The webhook event that filed it: a retried event files once. */
  sourceEventId?: string;
}

const photoSchema = new Schema<StoredPhoto>({ fileId: { type: String, required: true }, contentType: { type: String, required: true }, bytes: { type: Number, required: true } }, { _id: false });
const actorSchema = new Schema({ kind: { type: String, required: true }, id: { type: String }, name: { type: String } }, { _id: false });

const historySchema = new Schema<HistoryEntry>(
  {
    at: { type: Date, required: true },
    actor: { type: actorSchema, required: true },
    from: { type: String, enum: [...STATUSES, null] },
    to: { type: String, enum: STATUSES, required: true },
    kind: { type: String, enum: HISTORY_KINDS, required: true },
    note: { type: String, maxlength: 2000 },
    photos: { type: [photoSchema], default: [] },
    holder: { type: new Schema({ id: String, name: String }, { _id: false }) },
  },
  { _id: false },
);

const forwardSchema = new Schema<ForwardEntry>(
  {
    at: { type: Date, required: true },
    fromDepartmentCode: { type: String, required: true },
    toDepartmentCode: { type: String, required: true },
    reason: { type: String, required: true },
    by: { type: new Schema({ id: String, name: String }, { _id: false }) },
  },
  { _id: false },
);

const complaintSchema = new Schema<ComplaintDoc>(
  {
    number: { type: String, required: true },
    year: { type: Number, required: true },
    seq: { type: Number, required: true },
    citizenId: { type: String },
    followers: { type: [String], default: [] },
    meTooCount: { type: Number, default: 0 },
    channel: { type: String, enum: CHANNELS, required: true },
    categoryCode: { type: String, required: true },
    departmentCode: { type: String, required: true },
    description: { type: String, required: true, maxlength: 1000 },
    photos: { type: [photoSchema], default: [] },
    location: { type: new Schema({ latitude: { type: Number, required: true }, longitude: { type: Number, required: true }, address: String }, { _id: false }) },
    phone: { type: String },
    status: { type: String, enum: STATUSES, required: true },
    dueAt: { type: Date, required: true },
    filedAt: { type: Date, required: true },
    acceptedAt: { type: Date },
    holder: { type: new Schema({ id: String, name: String }, { _id: false }), default: null },
    history: { type: [historySchema], default: [] },
    forwards: { type: [forwardSchema], default: [] },
    resolvedAt: { type: Date },
    closedAt: { type: Date },
    reopenCount: { type: Number, default: 0 },
    delayReason: { type: String },
    lastActivityAt: { type: Date, required: true },
    filedBy: { type: actorSchema },
    sourceEventId: { type: String },
  },
  { collection: 'complaints', versionKey: false, timestamps: true },
);

complaintSchema.index({ number: 1 }, { unique: true });
complaintSchema.index({ sourceEventId: 1 }, { unique: true, partialFilterExpression: { sourceEventId: { $type: 'string' } } });
complaintSchema.index({ citizenId: 1, lastActivityAt: -1 });
complaintSchema.index({ followers: 1 });
complaintSchema.index({ departmentCode: 1, status: 1 });
complaintSchema.index({ categoryCode: 1, status: 1, filedAt: -1 });
complaintSchema.index({ status: 1, resolvedAt: 1 });

export const ComplaintModel = mongoose.model<ComplaintDoc>('Complaint', complaintSchema);
