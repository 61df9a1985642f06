import { decryptJson, encryptJson, needsReencryption, reencrypt, type EncryptedValue } from '../shared/crypto';
import { WebhookEventModel } from './webhook-event.model';
import type { WebhookEvent } from './types';

/**
 * A waiting event's payload holds who wrote what (a confidential report's text next to its sender),
 * and the embedded store also appends every write to a journal file: it is stored sealed with
 * AES-256-GCM under the data key, with the key's version, until the event is processed.
 */

/** Binds the sealed payload to its event: copied onto another record, it does not open. */
const contextOf = (webhookEventId: string) => `webhook_events.payload:${webhookEventId}`;

function isSealed(payload: unknown): payload is EncryptedValue {
  const p = payload as Partial<EncryptedValue> | null;
  return typeof p === 'object' && p !== null && typeof p.v === 'string' && typeof p.iv === 'string' && typeof p.tag === 'string' && typeof p.data === 'string';
}

/** Seals a LINE event for storage. */
export function sealPayload(event: { webhookEventId: string }): EncryptedValue {
  return encryptJson(event, contextOf(event.webhookEventId));
}

/**
 * Opens a stored payload; throws when it was tampered with or its key is gone. A plain payload,
 * written before payloads were sealed, is read as it is, so that an upgrade loses no event.
 */
export function openPayload(payload: unknown, webhookEventId: string): WebhookEvent {
  if (!isSealed(payload)) return payload as WebhookEvent;
  return decryptJson<WebhookEvent>(payload, contextOf(webhookEventId));
}

/**
 * After a key rotation: re-seals the payloads of events still waiting under the current key, so
 * the old key can go without failing them. Each is guarded by the ciphertext it read (the
 * processor may finish the event meanwhile). Returns how many were rewritten.
 */
export async function reencryptPendingEvents(): Promise<number> {
  const waiting = await WebhookEventModel.find({ status: 'pending', payload: { $exists: true } }, { webhookEventId: 1, payload: 1 }).lean();
  let rewritten = 0;
  for (const event of waiting) {
    if (!isSealed(event.payload) || !needsReencryption(event.payload)) continue;
    const result = await WebhookEventModel.updateOne(
      { _id: event._id, status: 'pending', 'payload.iv': event.payload.iv },
      { $set: { payload: reencrypt(event.payload, contextOf(event.webhookEventId)) } },
    );
    rewritten += result.modifiedCount;
  }
  return rewritten;
}
