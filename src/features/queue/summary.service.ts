import { bangkokDayKey } from '../../shared/dates';
import { QueueTicketModel, type QueueTicket } from './ticket.model';

/** One service's day in figures. Averages are in minutes, rounded to one decimal; null when nobody was served. */
export interface DailySummary {
  serviceCode: string;
  dayKey: string;
  issued: number;
  walkIns: number;
  served: number;
  skipped: number;
  noShows: number;
  cancelled: number;
  transferred: number;
  waiting: number;
  /** From taking the ticket to the call that was served. */
  averageWaitMinutes: number | null;
  /** From the (last) call to served. */
  averageServiceMinutes: number | null;
}

const average = (values: number[]): number | null => (values.length === 0 ? null : Math.round((values.reduce((a, b) => a + b, 0) / values.length) * 10) / 10);
const minutesBetween = (from: Date | undefined, to: Date | undefined): number[] => (from && to ? [(to.getTime() - from.getTime()) / 60_000] : []);

/** The daily summary of a service: served, skipped, no-shows, average wait and service time. */
export async function dailySummary(serviceCode: string, day: string | Date): Promise<DailySummary> {
  const dayKey = typeof day === 'string' ? day : bangkokDayKey(day);
  const tickets = await QueueTicketModel.find(
    { serviceCode: String(serviceCode), dayKey },
    { status: 1, channel: 1, takenAt: 1, firstCalledAt: 1, calledAt: 1, servedAt: 1 },
  ).lean<QueueTicket[]>();
  const count = (status: QueueTicket['status']) => tickets.filter((t) => t.status === status).length;
  const served = tickets.filter((t) => t.status === 'served');
  return {
    serviceCode,
    dayKey,
    issued: tickets.length,
    walkIns: tickets.filter((t) => t.channel === 'walk_in').length,
    served: served.length,
    skipped: count('skipped'),
    noShows: count('no_show'),
    cancelled: count('cancelled'),
    transferred: count('transferred'),
    waiting: count('waiting') + count('called'),
    averageWaitMinutes: average(served.flatMap((t) => minutesBetween(t.takenAt, t.firstCalledAt))),
    averageServiceMinutes: average(served.flatMap((t) => minutesBetween(t.calledAt, t.servedAt))),
  };
}
