import { randomUUID } from 'node:crypto';
import { clock } from '../shared/clock';
import { isDuplicateKeyError } from '../shared/errors';
import { logger } from '../shared/logger';
import { openPayload } from './event-payload';
import { DEDUPE_WINDOW_MS } from './event-store';
import type { WebhookEvent } from './types';
import { SourceLeaseModel, WebhookEventModel } from './webhook-event.model';

export type EventHandler = (event: WebhookEvent, webhookEventId: string) => Promise<void>;
export type FailureHandler = (event: WebhookEvent, webhookEventId: string) => Promise<void>;

export interface ProcessorOptions {
  /** Users processed at the same time (one user's events never run concurrently). */
  concurrency?: number;
  maxAttempts?: number;
  leaseMs?: number;
  pollMs?: number;
  /** Delay before retry n (1-based). */
  retryDelayMs?: (attempt: number) => number;
}

/** A user's pending events read per query. */
const USER_BATCH = 20;

const defaultRetryDelay = (attempt: number) => Math.min(1000 * 2 ** (attempt - 1), 60_000);

/**
 * Processes stored webhook events: per user in timestamp order, different users in parallel.
 * A user's events are claimed with a lease on the user, so two instances (or two passes) never
 * run one user's events at once, and a crashed holder's lease simply runs out.
 */
export class EventProcessor {
  private readonly owner = randomUUID();
  private readonly opts: Required<ProcessorOptions>;
  private timer: NodeJS.Timeout | undefined;
  private pass: Promise<void> | undefined;
  private again = false;
  private stopped = true;
  private readonly inFlight = new Set<string>();

  constructor(
    private readonly handle: EventHandler,
    private readonly onFailed: FailureHandler,
    options: ProcessorOptions = {},
  ) {
    this.opts = { concurrency: 16, maxAttempts: 5, leaseMs: 60_000, pollMs: 1000, retryDelayMs: defaultRetryDelay, ...options };
  }

  /** Starts polling; events left unfinished by a crash are picked up by the first pass. */
  start(): void {
    this.stopped = false;
    this.timer = setInterval(() => this.kick(), this.opts.pollMs);
    this.timer.unref();
    this.kick();
  }

  /** Asks for a pass now (the webhook calls this after storing events). */
  kick(): void {
    if (this.stopped) return;
    if (this.pass) {
      this.again = true;
      return;
    }
    this.pass = this.runPasses().finally(() => {
      this.pass = undefined;
    });
  }

  /** Processes until nothing is due (tests and shutdown use it). */
  async drain(): Promise<void> {
    if (this.pass) await this.pass;
    await this.runPasses(true);
  }

  /** Stops polling and waits for the events in hand to finish. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    if (this.pass) await this.pass;
  }

  private async runPasses(draining = false): Promise<void> {
    for (;;) {
      this.again = false;
      const worked = await this.onePass();
      if (!worked && !this.again) return;
      if (this.stopped && !draining) return;
    }
  }

  /** Finds users with due events and runs up to `concurrency` of them. */
  private async onePass(): Promise<boolean> {
    const now = clock.now();
    const due = await WebhookEventModel.find({ status: 'pending', nextAttemptAt: { $lte: now } }, { sourceKey: 1 })
      .sort({ timestamp: 1 })
      .limit(500)
      .lean();
    const sources = [...new Set(due.map((d) => d.sourceKey as string))].filter((s) => !this.inFlight.has(s));
    if (sources.length === 0) return false;
    // A pool, not lock-step batches: one slow user must not hold up the next batch of users.
    let worked = false;
    let next = 0;
    const worker = async () => {
      while (next < sources.length) {
        const source = sources[next++];
        if (await this.runSource(source)) worked = true;
      }
    };
    await Promise.all(Array.from({ length: Math.min(this.opts.concurrency, sources.length) }, worker));
    return worked;
  }

  private async acquire(sourceKey: string): Promise<boolean> {
    const now = clock.now();
    try {
      const lease = await SourceLeaseModel.findOneAndUpdate(
        { _id: sourceKey, leaseUntil: { $lte: now } },
        { $set: { owner: this.owner, leaseUntil: new Date(now.getTime() + this.opts.leaseMs) } },
        { upsert: true, returnDocument: 'after' },
      );
      return lease !== null;
    } catch (err) {
      if (isDuplicateKeyError(err)) return false;
      throw err;
    }
  }

  private async release(sourceKey: string): Promise<void> {
    await SourceLeaseModel.deleteOne({ _id: sourceKey, owner: this.owner });
  }

  /** Runs one user's due events in order while holding their lease. */
  private async runSource(sourceKey: string): Promise<boolean> {
    this.inFlight.add(sourceKey);
    let worked = false;
    try {
      if (!(await this.acquire(sourceKey))) return false;
      try {
        for (;;) {
          // The user's pending events in order, a few at a time (one query, not one per event).
          const batch = (await WebhookEventModel.find({ sourceKey, status: 'pending' }).sort({ timestamp: 1, receivedAt: 1 }).limit(USER_BATCH).lean()) as EventDoc[];
          // A short batch was all there was; what arrives meanwhile kicks another pass.
          let ranAll = batch.length === USER_BATCH;
          for (const event of batch) {
            // A retry waiting for its backoff holds back the user's later events: order is kept.
            if (event.nextAttemptAt.getTime() > clock.nowMs()) {
              ranAll = false;
              break;
            }
            const done = await this.runEvent(event);
            worked = true;
            if (!done) {
              ranAll = false;
              break;
            }
          }
          if (!ranAll) break;
        }
      } finally {
        await this.release(sourceKey);
      }
    } catch (err) {
      logger.error({ err: err instanceof Error ? err.message : String(err) }, 'event processing pass failed');
    } finally {
      this.inFlight.delete(sourceKey);
    }
    return worked;
  }

  /** Runs one event; false when it failed and waits for a retry. */
  private async runEvent(doc: EventDoc): Promise<boolean> {
    const attempts = (doc.attempts ?? 0) + 1;
    const event = openPayload(doc.payload, doc.webhookEventId);
    try {
      await this.handle(event, doc.webhookEventId);
      await this.finish(doc, 'done', attempts);
      return true;
    } catch (err) {
      const reason = err instanceof Error ? err.message : String(err);
      if (attempts < this.opts.maxAttempts) {
        const nextAttemptAt = new Date(clock.nowMs() + this.opts.retryDelayMs(attempts));
        await WebhookEventModel.updateOne({ _id: doc._id }, { $set: { attempts, nextAttemptAt, lastError: reason } });
        logger.warn({ webhookEventId: doc.webhookEventId, attempts, err: reason }, 'event handler failed, will retry');
        return false;
      }
      logger.error({ webhookEventId: doc.webhookEventId, attempts, err: reason }, 'event handler failed for good');
      try {
        await this.onFailed(event, doc.webhookEventId);
      } finally {
        await this.finish(doc, 'failed', attempts, reason);
      }
      return true;
    }
  }

  /** Keeps only what deduplication needs: the payload and the user key go. */
  private async finish(doc: EventDoc, status: 'done' | 'failed', attempts: number, lastError?: string): Promise<void> {
    const now = clock.now();
    await WebhookEventModel.updateOne(
      { _id: doc._id },
      { $set: { status, attempts, finishedAt: now, expireAt: clock.ttlAt(new Date(now.getTime() + DEDUPE_WINDOW_MS)), ...(lastError ? { lastError } : {}) }, $unset: { payload: 1, sourceKey: 1 } },
    );
  }
}

interface EventDoc {
  _id: unknown;
  webhookEventId: string;
  payload: unknown;
  attempts?: number;
  nextAttemptAt: Date;
}
