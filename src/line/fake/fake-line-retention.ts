/** How much of its history the fake keeps; the oldest goes first. */
export interface FakeLineRetention {
  calls: number;
  contentBytes: number;
  replyTokens: number;
  retryKeys: number;
}

/** A test reads every call it caused, so a test's fake forgets nothing. */
export const KEEP_EVERYTHING: FakeLineRetention = { calls: Infinity, contentBytes: Infinity, replyTokens: Infinity, retryKeys: Infinity };

/**
 * A long-running fake (local mode's `npm start`) keeps a bounded recent history: the simulator has
 * already copied each call into its chats, the bot downloads a photo at once, and a reply token
 * lives a minute. A retry key lives 24 hours at LINE; 10,000 covers a busy day of trying the bot.
 */
export const LONG_RUNNING_RETENTION: FakeLineRetention = { calls: 2000, contentBytes: 64 * 1024 * 1024, replyTokens: 5000, retryKeys: 10_000 };

/** Drops the oldest entries (first inserted) of a Set or Map until it holds at most `max`. */
export function keepNewest(collection: Set<string> | Map<string, unknown>, max: number): void {
  for (const key of collection.keys()) {
    if (collection.size <= max) return;
    collection.delete(key);
  }
}
