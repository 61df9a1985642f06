import mongoose, { Schema, type Types } from 'mongoose';
import { QUEUE_EVENT_TYPES, queueEventDetailFields, type QueueEventInput } from './queue-event.model';

/**
 * A ticket's statuses: `waiting` and `called` are active (the citizen is in the queue); the rest
 * are final for the day, except `no_show`, from which the citizen may rejoin once.
 */
export const TICKET_STATUSES = ['waiting', 'called', 'served', 'skipped', 'no_show', 'cancelled', 'transferred', 'expired'] as const;
export type TicketStatus = (typeof TICKET_STATUSES)[number];
export const ACTIVE_STATUSES: readonly TicketStatus[] = ['waiting', 'called'];

/**
 * What must follow a change of a ticket (its audit record, the push, the survey invitation),
 * written in the same atomic update as the change, so a crash in between loses nothing: the
 * steps are completed right after, or by the timers job's re-scan (queue-steps.ts).
 */
const stepSchema = new Schema(
  {
    /** Unique per ticket: keys the audit record and the push, so doing a step twice does it once. */
    id: { type: String, required: true },
    type: { type: String, enum: QUEUE_EVENT_TYPES, required: true },
    at: { type: Date, required: true },
    ...queueEventDetailFields,
    /** For a no-show notice: whether the counters still serve today, so a rejoin can be offered. */
    canRejoin: { type: Boolean },
  },
  { _id: false },
);

/** One queue ticket of one service on one Bangkok day. */
const ticketSchema = new Schema(
  {
    serviceCode: { type: String, required: true },
    departmentCode: { type: String, required: true },
    /** The Bangkok day the ticket belongs to ("2026-11-21"): numbering and expiry are per day. */
    dayKey: { type: String, required: true },
    seq: { type: Number, required: true },
    /** Prefix and three digits, e.g. "A023". */
    label: { type: String, required: true },
    channel: { type: String, enum: ['line', 'walk_in', 'transfer'], required: true },
    /** The citizen's LINE user id; absent for walk-in tickets. */
    citizenId: { type: String },
    status: { type: String, enum: TICKET_STATUSES, required: true },
    /** True while waiting or called; a partial unique index keeps one active ticket per citizen and service. */
    active: { type: Boolean, required: true },
    /** The place in the queue: order is by queuedAt, then seq (a transfer keeps the original time). */
    queuedAt: { type: Date, required: true },
    takenAt: { type: Date, required: true },
    firstCalledAt: { type: Date },
    calledAt: { type: Date },
    /** The officer saw the citizen at the counter: the no-show timer no longer applies while serving. */
    arrivedAt: { type: Date },
    callCount: { type: Number, default: 0 },
    counterNo: { type: Number },
    /** The officer (OfficerModel _id) who called the ticket last. */
    officerId: { type: String },
    servedAt: { type: Date },
    closedAt: { type: Date },
    /** A typed reason, as the officer wrote it. */
    skipReason: { type: String, maxlength: 200 },
    /** A preset reason (queue.skip.reasons.<key>), translated for each reader. */
    skipReasonKey: { type: String },
    rejoinCount: { type: Number, default: 0 },
    /** Set once the "N ahead" push was queued; reset when the ticket rejoins the queue. */
    aheadNotified: { type: Boolean, default: false },
    transferredFrom: { type: new Schema({ ticketId: String, serviceCode: String, label: String }, { _id: false }) },
    transferredTo: { type: new Schema({ ticketId: String, serviceCode: String, label: String }, { _id: false }) },
    /** The webhook event that created the ticket: a retried event finds it instead of making another. */
    sourceEventId: { type: String },
    /** The no-show job's lease on this ticket. */
    leaseUntil: { type: Date },
    pendingSteps: { type: [stepSchema], default: undefined },
  },
  { collection: 'queue_tickets', versionKey: false, timestamps: true },
);

ticketSchema.index({ serviceCode: 1, dayKey: 1, seq: 1 }, { unique: true });
ticketSchema.index({ serviceCode: 1, dayKey: 1, status: 1, queuedAt: 1, seq: 1 });
ticketSchema.index({ citizenId: 1, serviceCode: 1, dayKey: 1 }, { unique: true, partialFilterExpression: { active: true, citizenId: { $exists: true } } });
ticketSchema.index({ citizenId: 1, dayKey: 1 });
// One called ticket per counter: a double tap on "call next" (two events read "nothing called
// here" before either writes) must not call two people to the same counter.
ticketSchema.index({ serviceCode: 1, dayKey: 1, counterNo: 1 }, { unique: true, partialFilterExpression: { status: 'called' } });
ticketSchema.index({ dayKey: 1, label: 1 });
ticketSchema.index({ status: 1, firstCalledAt: 1 });
ticketSchema.index({ sourceEventId: 1 }, { unique: true, sparse: true });
ticketSchema.index({ 'pendingSteps.at': 1 }, { sparse: true });

export const QueueTicketModel = mongoose.model('QueueTicket', ticketSchema);

/** A ticket as plain data. */
export interface QueueTicket {
  _id: Types.ObjectId;
  serviceCode: string;
  departmentCode: string;
  dayKey: string;
  seq: number;
  label: string;
  channel: 'line' | 'walk_in' | 'transfer';
  citizenId?: string;
  status: TicketStatus;
  active: boolean;
  queuedAt: Date;
  takenAt: Date;
  firstCalledAt?: Date;
  calledAt?: Date;
  arrivedAt?: Date;
  callCount: number;
  counterNo?: number;
  officerId?: string;
  servedAt?: Date;
  closedAt?: Date;
  skipReason?: string;
  skipReasonKey?: string;
  rejoinCount: number;
  aheadNotified: boolean;
  transferredFrom?: { ticketId: string; serviceCode: string; label: string };
  transferredTo?: { ticketId: string; serviceCode: string; label: string };
  sourceEventId?: string;
  pendingSteps?: QueueStep[];
}

/**
 * A follow-up step as stored on the ticket: the audit record it writes (without the ticket, which
 * holds it), its id, and for a no-show notice whether a rejoin can be offered.
 */
export type QueueStep = Omit<QueueEventInput, 'ticket' | 'eventKey'> & { id: string; canRejoin?: boolean };

/**
 * The per-service, per-day ticket number: `{_id: "<service>:<day>", seq, at}` incremented
 * atomically; `at` is the latest queue time handed out, so queue times follow the numbers.
 */
const sequenceSchema = new Schema({ _id: { type: String }, seq: { type: Number, default: 0 }, at: { type: Date } }, { collection: 'queue_sequences', versionKey: false });
export const QueueSequenceModel = mongoose.model('QueueSequence', sequenceSchema);

/** "A" and 7 -> "A007". */
export function ticketLabel(prefix: string, seq: number): string {
  return `${prefix}${String(seq).padStart(3, '0')}`;
}
