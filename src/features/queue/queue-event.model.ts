import mongoose, { Schema } from 'mongoose';

export const QUEUE_EVENT_TYPES = ['taken', 'walk_in', 'called', 'recalled', 'arrived', 'served', 'skipped', 'transferred', 'no_show', 'rejoined', 'cancelled'] as const;
export type QueueEventType = (typeof QUEUE_EVENT_TYPES)[number];

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
    /** OfficerModel _id of the officer who acted (for a no-show: who called the ticket). */
    officerId: { type: String },
    counterNo: { type: Number },
    reason: { type: String, maxlength: 200 },
    toServiceCode: { type: String },
    toTicketId: { type: String },
    at: { type: Date, required: true },
  },
  { collection: 'queue_events', versionKey: false },
);

queueEventSchema.index({ serviceCode: 1, dayKey: 1, at: 1 });
queueEventSchema.index({ ticketId: 1, at: 1 });

export const QueueEventModel = mongoose.model('QueueEvent', queueEventSchema);

export interface QueueEventInput {
  type: QueueEventType;
  ticket: { _id: { toString(): string }; label: string; serviceCode: string; dayKey: string };
  officerId?: string;
  counterNo?: number;
  reason?: string;
  toServiceCode?: string;
  toTicketId?: string;
  at: Date;
}

/** Appends one audit record. */
export async function recordQueueEvent(input: QueueEventInput): Promise<void> {
  const { ticket, ...rest } = input;
  await QueueEventModel.create({ ...rest, ticketId: ticket._id.toString(), label: ticket.label, serviceCode: ticket.serviceCode, dayKey: ticket.dayKey });
}
