/**
 * Testable time. Production reads the system clock; tests freeze or advance it, so deadline
 * reminders, queue no-shows and day rollovers are tested without waiting.
 */
let offsetMs = 0;
let frozenAt: number | undefined;

export const clock = {
  now(): Date {
    return new Date(frozenAt ?? Date.now() + offsetMs);
  },
  nowMs(): number {
    return frozenAt ?? Date.now() + offsetMs;
  },
  /** Stops time at the given instant (tests only). */
  freeze(at: Date | string | number): void {
    frozenAt = new Date(at).getTime();
  },
  /** Moves time forward; frozen time stays frozen at the new instant. */
  advance(ms: number): void {
    if (frozenAt !== undefined) frozenAt += ms;
    else offsetMs += ms;
  },
  /** Back to the system clock. */
  reset(): void {
    offsetMs = 0;
    frozenAt = undefined;
  },
  /**
   * The value to store in a field under a TTL index for a record that may go at `at`, an instant
   * on this clock. The database's TTL monitor reads its own real clock, not this one, so the time
   * remaining is what is kept: a frozen or moved clock (tests, the simulator's time travel) then
   * neither drops records early nor keeps them for ever.
   */
  ttlAt(at: Date): Date {
    return new Date(Date.now() + (at.getTime() - clock.nowMs()));
  },
};
