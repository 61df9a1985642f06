import { clock } from '../shared/clock';
import { isDuplicateKeyError } from '../shared/errors';
import { WebhookEventModel } from './webhook-event.model';
import { chatIdOf } from './dispatcher';

/** How long a handled event's id is kept to recognise LINE's redeliveries. */
export const DEDUPE_WINDOW_MS = 7 * 86_400_000;

export interface IncomingEvent {
  webhookEventId: string;
  timestamp: number;
  type: string;
  mode?: string;
  source?: { userId?: string; groupId?: string; roomId?: string };
  [key: string]: unknown;
}

/**
 * Stores the events of one delivery. A duplicate webhookEventId (a redelivery, or the same event
 * sent twice) is ignored. Standby events are recorded as skipped: another channel answers them.
 * Returns how many new events need processing.
 */
export async function storeEvents(events: IncomingEvent[]): Promise<number> {
  const now = clock.now();
  const docs = events.map((event) => {
    const standby = event.mode === 'standby';
    return standby
      ? { webhookEventId: event.webhookEventId, timestamp: event.timestamp, type: event.type, status: 'skipped', receivedAt: now, finishedAt: now, expireAt: new Date(now.getTime() + DEDUPE_WINDOW_MS) }
      : { webhookEventId: event.webhookEventId, sourceKey: chatIdOf(event.source) || `event:${event.webhookEventId}`, timestamp: event.timestamp, type: event.type, payload: event, status: 'pending', receivedAt: now, nextAttemptAt: new Date(0) };
  });
  if (docs.length === 0) return 0;
  const pending = docs.filter((d) => d.status === 'pending').length;
  try {
    // The driver directly: the fields were validated by the webhook's zod schema, and this is the
    // one write LINE waits for.
    await WebhookEventModel.collection.insertMany(docs, { ordered: false });
    return pending;
  } catch (err) {
    const writeErrors = (err as { writeErrors?: { code?: number }[] }).writeErrors ?? [];
    const onlyDuplicates = isDuplicateKeyError(err) || (writeErrors.length > 0 && writeErrors.every((e) => e.code === 11000));
    if (!onlyDuplicates) throw err;
    return Math.max(0, pending - writeErrors.length);
  }
}
