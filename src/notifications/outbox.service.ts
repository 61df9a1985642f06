import { randomUUID } from 'node:crypto';
import type { Message } from '../line/types';
import { assertWithinLimits } from '../line/limits';
import { clock } from '../shared/clock';
import { decryptJson, encryptJson, isUnknownKeyVersion, needsReencryption, reencrypt, type EncryptedValue } from '../shared/crypto';
import { isDuplicateKeyError } from '../shared/errors';
import { OutboxModel } from './outbox.model';

const MULTICAST_MAX = 500;

export interface PushRequest {
  /** One LINE user, group or room id, or several users (sent as multicast). */
  to: string | string[];
  messages: Message[];
  /** What the push is about, e.g. `complaints.statusChanged`. */
  topic: string;
  /** Enqueue at most once for this key (reminders, escalations). */
  dedupeKey?: string;
  /** Do not send before this time. */
  notBefore?: Date;
  /**
   * Seal the recipients and the messages with the data key until they are sent: for pushes that
   * tie a LINE id to something confidential (an anonymous report's reference and PIN).
   */
  confidential?: boolean;
}

/** Who a push goes to and what it says, as the sender needs them. */
export interface OutboxDelivery {
  to: string[];
  messages: Message[];
}

type Listener = () => void;
const listeners: Listener[] = [];

/** Lets the sender job wake at once when something is enqueued, instead of on its next tick. */
export function onOutboxEnqueued(listener: Listener): () => void {
  listeners.push(listener);
  return () => listeners.splice(listeners.indexOf(listener), 1);
}

/** Binds a sealed delivery to its entry (each has its own retry key): copied elsewhere, it does not open. */
const sealContext = (retryKey: string) => `outbox:${retryKey}`;

/** The delivery as it is stored: plain, or sealed when the push is confidential. */
function storedDelivery(delivery: OutboxDelivery, retryKey: string, confidential: boolean) {
  return confidential ? { sealed: encryptJson(delivery, sealContext(retryKey)) } : delivery;
}

/**
 * The recipients and messages of a stored entry, opening a sealed one; undefined when it fails
 * authentication (tampered with, or copied from another entry). Throws UnknownKeyVersionError when
 * it was sealed with a key this instance does not have yet: the entry is sound and must wait.
 */
export function openDelivery(entry: { retryKey: string; to?: string[] | null; messages?: unknown[] | null; sealed?: unknown }): OutboxDelivery | undefined {
  if (!entry.sealed) return { to: entry.to ?? [], messages: (entry.messages ?? []) as Message[] };
  try {
    return decryptJson<OutboxDelivery>(entry.sealed as EncryptedValue, sealContext(entry.retryKey));
  } catch (err) {
    if (isUnknownKeyVersion(err)) throw err;
    return undefined;
  }
}

/**
 * Queues a push for delivery. Returns false when an entry with the same dedupeKey exists
 * already, so a job that runs twice sends once. Messages are checked against LINE's limits now,
 * where the caller's bug is visible, not later in the sender.
 */
export async function enqueuePush(request: PushRequest): Promise<boolean> {
  assertWithinLimits(request.messages);
  const recipients = [...new Set(Array.isArray(request.to) ? request.to : [request.to])].filter(Boolean);
  if (recipients.length === 0) return false;
  const now = clock.now();
  const batches: string[][] = [];
  for (let i = 0; i < recipients.length; i += MULTICAST_MAX) batches.push(recipients.slice(i, i + MULTICAST_MAX));
  try {
    await OutboxModel.insertMany(
      batches.map((batch, i) => {
        const retryKey = randomUUID();
        return {
          kind: Array.isArray(request.to) && batch.length > 1 ? 'multicast' : 'push',
          ...storedDelivery({ to: batch, messages: request.messages }, retryKey, request.confidential === true),
          retryKey,
          dedupeKey: request.dedupeKey ? (i === 0 ? request.dedupeKey : `${request.dedupeKey}#${i}`) : undefined,
          topic: request.topic,
          nextAttemptAt: request.notBefore ?? now,
          createdAt: now,
        };
      }),
      { ordered: true },
    );
  } catch (err) {
    if (isDuplicateKeyError(err)) return false;
    throw err;
  }
  for (const listener of listeners) listener();
  return true;
}

/**
 * Key rotation (npm run reencrypt): re-seals confidential pushes still waiting to be sent under an
 * older key, so that removing the old key does not lose them. Returns how many it rewrote.
 */
export async function reencryptPendingPushes(): Promise<number> {
  const entries = await OutboxModel.find({ status: 'pending', sealed: { $exists: true } }, { retryKey: 1, sealed: 1 }).lean();
  let rewritten = 0;
  for (const entry of entries) {
    const sealed = entry.sealed as EncryptedValue;
    if (!needsReencryption(sealed)) continue;
    // Only while it is still waiting: a sent push has its sealed delivery removed.
    const result = await OutboxModel.updateOne({ _id: entry._id, status: 'pending', 'sealed.iv': sealed.iv }, { $set: { sealed: reencrypt(sealed, sealContext(entry.retryKey)) } });
    rewritten += result.modifiedCount;
  }
  return rewritten;
}
