import mongoose, { Schema, type InferSchemaType } from 'mongoose';

export const EVENT_STATUSES = ['pending', 'done', 'failed', 'skipped'] as const;

/**
 * One LINE webhook event, stored before the webhook is answered. The payload and the user key
 * are removed once the event is handled: what remains is only what deduplication needs.
 */
const webhookEventSchema = new Schema(
  {
    webhookEventId: { type: String, required: true },
    /** Whose events must run in order: the user, group or room the event came from. */
    sourceKey: { type: String },
    timestamp: { type: Number, required: true },
    type: { type: String, required: true },
    /** The LINE event, sealed (event-payload.ts): { v, iv, tag, data }. */
    payload: { type: Schema.Types.Mixed },
    /** The webhook request that brought the event, to follow it through the logs. */
    requestId: { type: String },
    status: { type: String, enum: EVENT_STATUSES, default: 'pending', required: true },
    attempts: { type: Number, default: 0 },
    nextAttemptAt: { type: Date, default: () => new Date(0) },
    /** The last failure: its kind, code and a message scrubbed of data (event-failure.ts). */
    errorKind: { type: String },
    errorCode: { type: Number },
    lastError: { type: String },
    receivedAt: { type: Date, required: true },
    finishedAt: { type: Date },
    /** Kept for the redelivery window, then removed by the TTL index. */
    expireAt: { type: Date },
  },
  { collection: 'webhook_events', versionKey: false },
);

webhookEventSchema.index({ webhookEventId: 1 }, { unique: true });
// One user's pending events in order (a turn's query), and the due events (the pool's query).
webhookEventSchema.index({ sourceKey: 1, status: 1, timestamp: 1 });
webhookEventSchema.index({ status: 1, timestamp: 1 });
webhookEventSchema.index({ expireAt: 1 }, { expireAfterSeconds: 0 });

export type WebhookEventDoc = InferSchemaType<typeof webhookEventSchema>;
export const WebhookEventModel = mongoose.model('WebhookEvent', webhookEventSchema);

/** A per-source lease: while held, only its holder processes that user's events (source-lease.ts). */
const sourceLeaseSchema = new Schema(
  {
    _id: { type: String },
    owner: { type: String, required: true },
    leaseUntil: { type: Date, required: true },
    /** A lease left by a crashed instance goes soon after it ran out: nothing stays about who wrote. */
    expireAt: { type: Date, required: true },
  },
  { collection: 'webhook_source_leases', versionKey: false },
);

sourceLeaseSchema.index({ expireAt: 1 }, { expireAfterSeconds: 0 });

export const SourceLeaseModel = mongoose.model('SourceLease', sourceLeaseSchema);
