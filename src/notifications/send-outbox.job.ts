import { LineApiError, lineClient } from '../line/line-client';
import { LineUserModel } from '../features/users/user.model';
import { clock } from '../shared/clock';
import { isUnknownKeyVersion, KEY_WAIT_MS, mayWaitForKey } from '../shared/crypto';
import { logger } from '../shared/logger';
import { OutboxModel } from './outbox.model';
import { openDelivery, type OutboxDelivery } from './outbox.service';

const LEASE_MS = 30_000;
const MAX_ATTEMPTS = 8;
const KEEP_RECORD_DAYS = 30;
/** After LINE's rate limit, the whole sender waits this long: the next pushes would only be refused too. */
const RATE_LIMIT_PAUSE_MS = 1000;

/** When LINE last answered 429 rate limit (app clock), for the sender's pause. */
let rateLimitedAt: number | undefined;

function pausedForRateLimit(): boolean {
  if (rateLimitedAt === undefined) return false;
  const since = clock.nowMs() - rateLimitedAt;
  // A clock moved back (tests, the simulator's time travel) ends the pause as well.
  if (since >= 0 && since < RATE_LIMIT_PAUSE_MS) return true;
  rateLimitedAt = undefined;
  return false;
}

/** 2 s, 4 s, 8 s ... capped at 10 minutes, with jitter so retries of many pushes spread out. */
export function backoffMs(attempt: number): number {
  const base = Math.min(2 ** attempt * 1000, 10 * 60_000);
  return Math.round(base * (0.8 + Math.random() * 0.4));
}

/** Recipients who blocked the OA are dropped: LINE would refuse, and they asked for silence. */
async function reachable(to: string[]): Promise<string[]> {
  const blocked = await LineUserModel.find({ userId: { $in: to }, blocked: true }, { userId: 1 }).lean();
  const blockedIds = new Set(blocked.map((u) => u.userId));
  return to.filter((id) => !blockedIds.has(id));
}

function finished(status: 'sent' | 'failed' | 'skipped', extra: Record<string, unknown> = {}) {
  const now = clock.now();
  // Who was told what is not kept once delivered: the record stays only for counting.
  return {
    $set: { status, ...extra, sentAt: status === 'sent' ? now : undefined, expireAt: clock.ttlAt(new Date(now.getTime() + KEEP_RECORD_DAYS * 86_400_000)) },
    $unset: { to: 1, messages: 1, sealed: 1 },
  };
}

/** Claims one due entry with a lease, so two instances never send the same push. */
async function claimNext() {
  const now = clock.now();
  return OutboxModel.findOneAndUpdate(
    { status: 'pending', nextAttemptAt: { $lte: now }, leaseUntil: { $lte: now } },
    { $set: { leaseUntil: new Date(now.getTime() + LEASE_MS) }, $inc: { attempts: 1 } },
    { sort: { nextAttemptAt: 1 }, returnDocument: 'after' },
  ).lean();
}

type ClaimedEntry = NonNullable<Awaited<ReturnType<typeof claimNext>>>;

/**
 * A confidential push sealed with a key this instance does not have yet (a rolling key rotation):
 * it goes back to waiting, for an instance that has the key, without using up an attempt; after
 * MISSING_KEY_PATIENCE_MS it fails.
 */
async function waitForKey(entry: ClaimedEntry, err: Error): Promise<void> {
  const outboxId = String(entry._id);
  if (!mayWaitForKey(err, entry.createdAt)) {
    await OutboxModel.updateOne({ _id: entry._id }, finished('failed', { lastError: err.message }));
    logger.error({ outboxId, topic: entry.topic }, 'sealed push failed: no instance had its data key in time');
    return;
  }
  const nextAttemptAt = new Date(clock.nowMs() + KEY_WAIT_MS);
  await OutboxModel.updateOne({ _id: entry._id }, { $set: { nextAttemptAt, leaseUntil: new Date(0), lastError: err.message }, $inc: { attempts: -1 } });
  logger.warn({ outboxId, topic: entry.topic }, 'sealed push waits for a data key this instance does not have');
}

async function sendOne(entry: ClaimedEntry): Promise<void> {
  let delivery: OutboxDelivery | undefined;
  try {
    delivery = openDelivery(entry);
  } catch (err) {
    if (!isUnknownKeyVersion(err)) throw err;
    await waitForKey(entry, err);
    return;
  }
  if (!delivery) {
    await OutboxModel.updateOne({ _id: entry._id }, finished('failed', { lastError: 'sealed push could not be opened' }));
    return;
  }
  const to = await reachable(delivery.to);
  if (to.length === 0) {
    await OutboxModel.updateOne({ _id: entry._id }, finished('skipped', { lastError: 'recipient blocked the OA' }));
    return;
  }
  const messages = delivery.messages;
  try {
    if (entry.kind === 'push') await lineClient().push(to[0], messages, entry.retryKey);
    else await lineClient().multicast(to, messages, entry.retryKey);
    await OutboxModel.updateOne({ _id: entry._id }, finished('sent'));
  } catch (err) {
    const lineError = err instanceof LineApiError ? err : undefined;
    if (lineError?.alreadyAccepted) {
      await OutboxModel.updateOne({ _id: entry._id }, finished('sent'));
      return;
    }
    const attempts = entry.attempts ?? 1;
    const reason = lineError ? `${lineError.status} ${lineError.message}` : String(err);
    if (lineError?.status === 429 && !lineError.monthlyLimit) rateLimitedAt = clock.nowMs();
    if (lineError?.retryable && attempts < MAX_ATTEMPTS) {
      const nextAttemptAt = new Date(clock.nowMs() + backoffMs(attempts));
      await OutboxModel.updateOne({ _id: entry._id }, { $set: { nextAttemptAt, leaseUntil: new Date(0), lastError: reason } });
      logger.warn({ outboxId: String(entry._id), status: lineError.status, attempts, requestId: lineError.requestId }, 'push failed, will retry');
      return;
    }
    await OutboxModel.updateOne({ _id: entry._id }, finished('failed', { lastError: reason }));
    logger.error({ outboxId: String(entry._id), status: lineError?.status, attempts, requestId: lineError?.requestId, topic: entry.topic }, 'push failed for good');
  }
}

/**
 * Sends due pushes, one at a time per claim; returns how many entries were handled. It stops early
 * when `stopping` (the scheduler's signal) is aborted, the push in hand finished and the rest left
 * for the next start, and while LINE's rate limit pause lasts. Without a signal (tests, scripts)
 * it runs to the end.
 */
export async function sendDueOutbox(limit = 100, stopping?: AbortSignal): Promise<number> {
  let handled = 0;
  for (; handled < limit; handled += 1) {
    if (stopping?.aborted || pausedForRateLimit()) break;
    const entry = await claimNext();
    if (!entry) break;
    await sendOne(entry);
  }
  return handled;
}
