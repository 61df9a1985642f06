import mongoose, { Schema } from 'mongoose';
import { isDuplicateKeyError } from '../../shared/errors';

export const QUEUE_EVENT_TYPES = ['taken', 'walk_in', 'called', 'recalled', 'arrived', 'served', 'skipped', 'transferred', 'no_show', 'rejoined', 'cancelled', 'expired'] as const;
export type QueueEventType = (typeof QUEUE_EVENT_TYPES)[number];

/** What an audit record (and the step that writes it, ticket.model.ts) says besides its type and time. */
export const queueEventDetailFields = {
  /** OfficerModel _id of the officer who acted (for a no-show: who called the ticket). */
  officerId: { type: String },
  counterNo: { type: Number },
  /** A typed reason; a preset one is kept as its key (queue.skip.reasons.<key>). */
  reason: { type: String, maxlength: 200 },
  reasonKey: { type: String },
  toServiceCode: { type: String },
  toTicketId: { type: String },
};

/**
 * The queue's audit trail: every call, recall, skip, transfer and no-show with the officer, the
 * counter and the time, so that serving out of turn can be seen afterwards.
 */
const queueEventSchema = new Schema(
  {
    type: { type: String, enum: QUEUE_EVENT_TYPES, required: true },
    ticketId: { type: String, required: true },
    label: { type: String, required: true },
    serviceCode: { type: String, required: true },
    dayKey: { type: String, required: true },
    ...queueEventDetailFields,
    at: { type: Date, required: true },
    /** "<ticket id>:<step id>": the step that wrote it, so a step done twice records once. */
    eventKey: { type: String },
  },
  { collection: 'queue_events', versionKey: false },
);

queueEventSchema.index({ serviceCode: 1, dayKey: 1, at: 1 });
queueEventSchema.index({ ticketId: 1, at: 1 });
queueEventSchema.index({ eventKey: 1 }, { unique: true, sparse: true });

export const QueueEventModel = mongoose.model('QueueEvent', queueEventSchema);

/** One audit record to append: the ticket it is about, its type, time and details (see QueueStep). */
export interface QueueEventInput {
  type: QueueEventType;
  ticket: { _id: { toString(): string }; label: string; serviceCode: string; dayKey: string };
  officerId?: string;
  counterNo?: number;
  reason?: string;
  reasonKey?: string;
  toServiceCode?: string;
  toTicketId?: string;
  at: Date;
  eventKey?: string;
}

/** Appends one audit record; with an `eventKey` already recorded, does nothing. */
export async function recordQueueEvent(input: QueueEventInput): Promise<void> {
  const { ticket, ...rest } = input;
  try {
    await QueueEventModel.create({ ...rest, ticketId: ticket._id.toString(), label: ticket.label, serviceCode: ticket.serviceCode, dayKey: ticket.dayKey });
  } catch (err) {
    if (!(input.eventKey && isDuplicateKeyError(err))) throw err;
  }
}
