import { bangkokDayKey } from '../../shared/dates';
import { nextOpeningAfterToday, openingState, servingMinutesLeft, todayAt, type OpeningState } from './opening-hours';
import { countersServingToday, measuredMinutesPerPerson } from './queue-position';
import type { QueueService } from './service.model';
import { QueueTicketModel } from './ticket.model';
import { expectedMinutes, MAX_MEASURED_MINUTES } from './wait-estimate';

/**
 * Whether a ticket can be given now: the service must be open, and a new ticket must stand a
 * chance of being served today. A service with a last-ticket time stops giving tickets then;
 * without one, when the expected wait of a new ticket runs past the remaining opening hours.
 */
export type TicketWindow =
  | { ok: true }
  | { ok: false; kind: 'closed'; state: Extract<OpeningState, { open: false }> }
  | { ok: false; kind: 'tooLate'; lastTicketAt?: string; nextOpen?: Date };

/** Whether a ticket taken now, at the end of today's queue, is expected to be called within `minutesLeft`. */
async function fitsBeforeClosing(service: QueueService, now: Date, minutesLeft: number): Promise<boolean> {
  const dayKey = bangkokDayKey(now);
  const waiting = await QueueTicketModel.countDocuments({ serviceCode: service.code, dayKey, status: 'waiting' });
  // A short queue fits even at the slowest pace: no need to measure it.
  if (waiting * Math.max(service.minutesPerPerson, MAX_MEASURED_MINUTES) <= minutesLeft) return true;
  const [perPerson, counters] = await Promise.all([measuredMinutesPerPerson(service, dayKey), countersServingToday(service, dayKey)]);
  return expectedMinutes(waiting, perPerson, counters) <= minutesLeft;
}

/** See TicketWindow. */
export async function ticketWindow(service: QueueService, now: Date): Promise<TicketWindow> {
  const state = openingState(service, now);
  if (!state.open) return { ok: false, kind: 'closed', state };
  const tooLate = { ok: false as const, kind: 'tooLate' as const, nextOpen: nextOpeningAfterToday(service, now) };
  if (service.lastTicketAt) return now.getTime() >= todayAt(service.lastTicketAt, now).getTime() ? { ...tooLate, lastTicketAt: service.lastTicketAt } : { ok: true };
  return (await fitsBeforeClosing(service, now, servingMinutesLeft(service, now))) ? { ok: true } : tooLate;
}
