import mongoose, { Schema, type InferSchemaType } from 'mongoose';

export const OUTBOX_STATUSES = ['pending', 'sent', 'failed', 'skipped'] as const;

/**
 * A push (one recipient) or multicast (several) waiting to go to LINE. The retry key is made
 * once, when the entry is created, and reused on every attempt, so LINE never delivers twice.
 */
const outboxSchema = new Schema(
  {
    kind: { type: String, enum: ['push', 'multicast'], required: true },
    /** Recipients and messages in plain; both absent when the push is confidential (see `sealed`). */
    to: { type: [String], default: undefined },
    messages: { type: [Schema.Types.Mixed], default: undefined },
    /** A confidential push's recipients and messages, sealed with the data key until sent. */
    sealed: { type: Schema.Types.Mixed },
    retryKey: { type: String, required: true },
    /** Makes an enqueue idempotent (reminders, escalations): a second one with the key is a no-op. */
    dedupeKey: { type: String },
    /** What the push is about, for statistics and debugging (e.g. complaint.statusChanged). */
    topic: { type: String, required: true },
    status: { type: String, enum: OUTBOX_STATUSES, default: 'pending', required: true },
    attempts: { type: Number, default: 0 },
    nextAttemptAt: { type: Date, required: true },
    leaseUntil: { type: Date, default: () => new Date(0) },
    lastError: { type: String },
    createdAt: { type: Date, required: true },
    sentAt: { type: Date },
    expireAt: { type: Date },
  },
  { collection: 'outbox', versionKey: false },
);

outboxSchema.index({ status: 1, nextAttemptAt: 1 });
outboxSchema.index({ dedupeKey: 1 }, { unique: true, partialFilterExpression: { dedupeKey: { $type: 'string' } } });
outboxSchema.index({ expireAt: 1 }, { expireAfterSeconds: 0 });

export type OutboxDoc = InferSchemaType<typeof outboxSchema>;
export const OutboxModel = mongoose.model('Outbox', outboxSchema);
