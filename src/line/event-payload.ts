import { decryptJson, encryptJson, type EncryptedValue } from '../shared/crypto';
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
