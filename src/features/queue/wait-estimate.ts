/** How many of the last people served feed the moving average. */
export const MOVING_AVERAGE_OF = 10;
/** A measured service time counts at most this long (one stuck ticket must not blow up every estimate). */
export const MAX_MEASURED_MINUTES = 120;

/** `afterClose`: the service has closed for the day; the rest are served while time allows. */
export type WaitEstimate = { kind: 'next' } | { kind: 'range'; low: number; high: number } | { kind: 'afterClose' };

/**
 * The average minutes per person: today's measured service times of the last people served (a
 * moving average), or the configured minutes when fewer than three were measured today.
 */
export function minutesPerPerson(measuredMinutes: readonly number[], configured: number): number {
  const recent = measuredMinutes.slice(-MOVING_AVERAGE_OF).map((m) => Math.min(Math.max(m, 0.5), MAX_MEASURED_MINUTES));
  if (recent.length < 3) return configured;
  return recent.reduce((a, b) => a + b, 0) / recent.length;
}

/** The expected wait in minutes: people ahead times minutes per person, shared by the counters. */
export function expectedMinutes(ahead: number, perPerson: number, counters: number): number {
  return (ahead * perPerson) / Math.max(1, counters);
}

/**
 * The wait as a range rounded to 5 minutes ("15-25"), not a falsely precise number: people ahead
 * times minutes per person, shared by the counters serving, from 75% to 125% of that.
 */
export function estimateWait(ahead: number, perPerson: number, counters: number): Exclude<WaitEstimate, { kind: 'afterClose' }> {
  if (ahead <= 0) return { kind: 'next' };
  const minutes = expectedMinutes(ahead, perPerson, counters);
  const low = Math.max(0, Math.floor((minutes * 0.75) / 5) * 5);
  const high = Math.max(low + 5, Math.ceil((minutes * 1.25) / 5) * 5);
  return { kind: 'range', low, high };
}
