import { useTestDatabase } from '../../support/db';
import { events, TEST_ENCRYPTION_KEY } from '../../support/webhook';
import type { EventHandler } from '../../../src/line/event-processor';
import { storeEvents, type IncomingEvent } from '../../../src/line/event-store';
import { SourceLeaseModel, WebhookEventModel } from '../../../src/line/webhook-event.model';
import { setEncryptionKeys } from '../../../src/shared/crypto';

/** Helpers for tests that run EventProcessors directly on stored events, without a bot. */

/**
 * The test database for such tests: the test key set, the event indexes built, emptied before
 * each test. Call at the top level of a test file.
 */
export function useEventDatabase(): ReturnType<typeof useTestDatabase> {
  const db = useTestDatabase();
  beforeAll(async () => {
    setEncryptionKeys({ current: { version: 'v1', key: Buffer.from(TEST_ENCRYPTION_KEY, 'base64') }, previous: [] });
    await Promise.all([WebhookEventModel.init(), SourceLeaseModel.init()]);
  });
  beforeEach(() => db.clear());
  return db;
}

/** A failure handler for tests that expect no failure. */
export const nothingOnFailure = async () => undefined;

/** Stores `count` events of one user, in timestamp order; returns their ids. */
export async function storeBacklog(userId: string, count: number): Promise<string[]> {
  const t0 = Date.now();
  const backlog = Array.from({ length: count }, (_, i) => events.text(`note ${i}`, { userId, timestamp: t0 + i }));
  await storeEvents(backlog as unknown as IncomingEvent[]);
  return backlog.map((e) => e.webhookEventId);
}

/** A handler that records `name:webhookEventId` for every event it runs. */
export function recording(name: string, runs: string[], before?: (id: string) => Promise<void>): EventHandler {
  return async (_event, id) => {
    runs.push(`${name}:${id}`);
    await before?.(id);
  };
}
