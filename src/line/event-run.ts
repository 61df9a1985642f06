import { clock } from '../shared/clock';
import { mayWaitForKey } from '../shared/crypto';
import { logger } from '../shared/logger';
import { sourceOfChat } from './dispatcher';
import { describeFailure, isBug, type FailureRecord } from './event-failure';
import { openPayload } from './event-payload';
import { DEDUPE_WINDOW_MS } from './event-store';
import type { WebhookEvent } from './types';
import { WebhookEventModel } from './webhook-event.model';

export type EventHandler = (event: WebhookEvent, webhookEventId: string) => Promise<void>;
/** `event` is the LINE event; for a payload that could not be read, only its `source` (from sourceKey). */
export type FailureHandler = (event: WebhookEvent, webhookEventId: string) => Promise<void>;

/** A pending event as a turn reads it. */
export interface StoredEvent {
  _id: unknown;
  webhookEventId: string;
  sourceKey: string;
  payload: unknown;
  requestId?: string;
  attempts?: number;
  nextAttemptAt: Date;
  receivedAt: Date;
}

export interface EventRunOptions {
  handle: EventHandler;
  /** Called once when an event has failed for good (the user gets an apology). */
  onFailed: FailureHandler;
  maxAttempts: number;
  /** Delay before retry n (1-based). */
  retryDelayMs(attempt: number): number;
  /** Delay before another try of an event waiting for a data key this instance does not have. */
  keyWaitMs: number;
}

export type EventOutcome = 'done' | 'retry' | 'failed';

const failureFields = (failure: FailureRecord) => ({ errorKind: failure.kind, lastError: failure.message, ...(failure.code === undefined ? {} : { errorCode: failure.code }) });

/** A user's later events wait behind a retry that waits: their order is kept. */
export async function holdBackLaterEvents(sourceKey: string, until: Date): Promise<void> {
  await WebhookEventModel.updateMany({ sourceKey, status: 'pending', nextAttemptAt: { $lt: until } }, { $set: { nextAttemptAt: until } });
}

/**
 * Keeps only what deduplication needs: the payload and the user key go. Only a pending event is
 * finished: one that another instance finished meanwhile (after taking over the user) stays as it is.
 */
async function finish(doc: StoredEvent, status: 'done' | 'failed', attempts: number, failure?: FailureRecord): Promise<void> {
  const now = clock.now();
  await WebhookEventModel.updateOne(
    { _id: doc._id, status: 'pending' },
    {
      $set: { status, attempts, finishedAt: now, expireAt: clock.ttlAt(new Date(now.getTime() + DEDUPE_WINDOW_MS)), ...(failure ? failureFields(failure) : {}) },
      $unset: { payload: 1, sourceKey: 1 },
    },
  );
}

/**
 * A payload nobody can read (tampered with, or its key never came) fails at once. The chat it came
 * from is stored in plain beside it (sourceKey), so the user still gets the apology.
 */
async function failUnreadable(doc: StoredEvent, attempts: number, err: unknown, options: EventRunOptions): Promise<EventOutcome> {
  const failure = describeFailure(err);
  logger.error({ webhookEventId: doc.webhookEventId, requestId: doc.requestId, errorKind: failure.kind, err: failure.message }, 'event payload cannot be read');
  const source = sourceOfChat(doc.sourceKey);
  try {
    if (source) await options.onFailed({ type: 'unreadable', webhookEventId: doc.webhookEventId, source } as unknown as WebhookEvent, doc.webhookEventId);
  } finally {
    await finish(doc, 'failed', attempts, failure);
  }
  return 'failed';
}

/** Leaves the event pending for an instance with the key; no attempt is used, later events wait behind it. */
async function waitForKey(doc: StoredEvent, err: unknown, options: EventRunOptions): Promise<EventOutcome> {
  const failure = describeFailure(err);
  const nextAttemptAt = new Date(clock.nowMs() + options.keyWaitMs);
  await WebhookEventModel.updateOne({ _id: doc._id, status: 'pending' }, { $set: { nextAttemptAt, ...failureFields(failure) } });
  await holdBackLaterEvents(doc.sourceKey, nextAttemptAt);
  logger.warn({ webhookEventId: doc.webhookEventId, requestId: doc.requestId, errorKind: failure.kind, err: failure.message }, 'event waits for a data key this instance does not have');
  return 'retry';
}

/**
 * Runs one event: done; failed for good after the last attempt, or at once for a bug or a payload
 * that fails authentication; or waiting for a retry or for a data key, which holds back the
 * user's later events.
 */
export async function runEvent(doc: StoredEvent, options: EventRunOptions): Promise<EventOutcome> {
  const attempts = (doc.attempts ?? 0) + 1;
  let event: WebhookEvent;
  try {
    event = openPayload(doc.payload, doc.webhookEventId);
  } catch (err) {
    return mayWaitForKey(err, doc.receivedAt) ? waitForKey(doc, err, options) : failUnreadable(doc, attempts, err, options);
  }
  let thrown: { err: unknown } | undefined;
  try {
    await options.handle(event, doc.webhookEventId);
  } catch (err) {
    thrown = { err };
  }
  if (!thrown) {
    await finish(doc, 'done', attempts);
    return 'done';
  }
  if (mayWaitForKey(thrown.err, doc.receivedAt)) return waitForKey(doc, thrown.err, options);
  const failure = describeFailure(thrown.err);
  const about = { webhookEventId: doc.webhookEventId, requestId: doc.requestId, attempts, errorKind: failure.kind, errorCode: failure.code, err: failure.message };
  if (!isBug(thrown.err) && attempts < options.maxAttempts) {
    const nextAttemptAt = new Date(clock.nowMs() + options.retryDelayMs(attempts));
    await WebhookEventModel.updateOne({ _id: doc._id, status: 'pending' }, { $set: { attempts, nextAttemptAt, ...failureFields(failure) } });
    await holdBackLaterEvents(doc.sourceKey, nextAttemptAt);
    logger.warn(about, 'event handler failed, will retry');
    return 'retry';
  }
  logger.error(about, 'event handler failed for good');
  try {
    await options.onFailed(event, doc.webhookEventId);
  } finally {
    await finish(doc, 'failed', attempts, failure);
  }
  return 'failed';
}
