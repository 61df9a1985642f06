import { clock } from '../shared/clock';
import { WebhookEventModel } from './webhook-event.model';
import { chatIdOf } from './dispatcher';
import { sealPayload } from './event-payload';

/** How long a handled event's id is kept to recognise LINE's redeliveries. */
export const DEDUPE_WINDOW_MS = 7 * 86_400_000;

/** At most this many deliveries share one insert. */
const MAX_DELIVERIES_PER_WRITE = 500;

export interface IncomingEvent {
  webhookEventId: string;
  timestamp: number;
  type: string;
  mode?: string;
  source?: { userId?: string; groupId?: string; roomId?: string };
  [key: string]: unknown;
}

type EventRecord = Record<string, unknown> & { status: 'pending' | 'skipped' };

/** What became of one delivery's events. */
export interface StoreOutcome {
  /** New events, waiting to be processed. */
  stored: number;
  /** Events already known: LINE's redeliveries, or the same event twice. */
  duplicates: number;
  /** New standby events: recorded, answered by another channel. */
  standby: number;
  /** The chats (users, groups, rooms) of the new events, each once: who has work waiting. */
  sources: string[];
}

interface WaitingDelivery {
  records: EventRecord[];
  resolve(outcome: StoreOutcome): void;
  reject(err: unknown): void;
}

/** Deliveries that arrived while an insert was running; they go together in the next one. */
let waiting: WaitingDelivery[] = [];
let writing = false;

function toRecord(event: IncomingEvent, now: Date, requestId: string | undefined): EventRecord {
  const known = { webhookEventId: event.webhookEventId, timestamp: event.timestamp, type: event.type, ...(requestId ? { requestId } : {}), receivedAt: now };
  if (event.mode === 'standby') {
    return { ...known, status: 'skipped', finishedAt: now, expireAt: clock.ttlAt(new Date(now.getTime() + DEDUPE_WINDOW_MS)) };
  }
  return { ...known, sourceKey: chatIdOf(event.source) || `event:${event.webhookEventId}`, payload: sealPayload(event), status: 'pending', nextAttemptAt: new Date(0) };
}

/**
 * Stores the events of one delivery, with the id of the request that brought them. A duplicate
 * webhookEventId (a redelivery, or the same event sent twice) is ignored. Standby events are
 * recorded as skipped: another channel answers them. Resolves once they are in the database.
 *
 * Group commit: while one insert is running, the deliveries that arrive wait and then share the
 * next insert, so a burst costs a few database round trips instead of one per request. An idle
 * server writes at once; nothing waits on a timer.
 */
export function storeEvents(events: IncomingEvent[], requestId?: string): Promise<StoreOutcome> {
  const now = clock.now();
  const records = events.map((event) => toRecord(event, now, requestId));
  if (records.length === 0) return Promise.resolve({ stored: 0, duplicates: 0, standby: 0, sources: [] });
  return new Promise((resolve, reject) => {
    waiting.push({ records, resolve, reject });
    if (!writing) void writeWaiting();
  });
}

async function writeWaiting(): Promise<void> {
  writing = true;
  try {
    while (waiting.length > 0) {
      const group = waiting.slice(0, MAX_DELIVERIES_PER_WRITE);
      waiting = waiting.slice(group.length);
      await writeGroup(group);
    }
  } finally {
    writing = false;
  }
}

/** One unordered insert for the whole group; each delivery learns its own outcome. */
async function writeGroup(group: WaitingDelivery[]): Promise<void> {
  let duplicates = new Set<number>();
  try {
    // The driver directly: the fields were validated by the webhook's zod schema, and this is the
    // one write LINE waits for.
    await WebhookEventModel.collection.insertMany(
      group.flatMap((d) => d.records),
      { ordered: false },
    );
  } catch (err) {
    const writeErrors = (err as { writeErrors?: { code?: number; index?: number }[] }).writeErrors ?? [];
    const onlyDuplicates = writeErrors.length > 0 && writeErrors.every((e) => e.code === 11000 && typeof e.index === 'number');
    if (!onlyDuplicates) {
      // Every delivery in the group answers 500, and LINE redelivers; what did get stored is then a duplicate.
      for (const delivery of group) delivery.reject(err);
      return;
    }
    duplicates = new Set(writeErrors.map((e) => e.index as number));
  }
  let offset = 0;
  for (const delivery of group) {
    const outcome: StoreOutcome = { stored: 0, duplicates: 0, standby: 0, sources: [] };
    delivery.records.forEach((record, i) => {
      if (duplicates.has(offset + i)) outcome.duplicates += 1;
      else if (record.status === 'pending') {
        outcome.stored += 1;
        if (!outcome.sources.includes(record.sourceKey as string)) outcome.sources.push(record.sourceKey as string);
      } else outcome.standby += 1;
    });
    offset += delivery.records.length;
    delivery.resolve(outcome);
  }
}
