import { bangkokDayKey } from '../../shared/dates';
import { QueueEventModel, type QueueEventType } from './queue-event.model';
import { QueueTicketModel, type QueueTicket } from './ticket.model';

/** One service's day in figures. Averages are in minutes, rounded to one decimal; null when nobody was served. */
export interface DailySummary {
  serviceCode: string;
  dayKey: string;
  issued: number;
  walkIns: number;
  served: number;
  skipped: number;
  /** Every no-show, also of tickets that rejoined and were served later. */
  noShows: number;
  cancelled: number;
  transferred: number;
  waiting: number;
  /** Tickets moved away, "A001" to "B003". */
  transfersOut: { label: string; to: string }[];
  /** Tickets moved in, keeping their original time (so ahead of later tickets here): "B003" from "A001". */
  transfersIn: { label: string; from: string }[];
  /** Time spent waiting to be called: from taking the ticket (or rejoining) to the next call; not the no-show time in between. */
  averageWaitMinutes: number | null;
  /** From the (last) call to served. */
  averageServiceMinutes: number | null;
}

interface EventRow {
  type: QueueEventType;
  ticketId: string;
  at: Date;
}

const average = (values: number[]): number | null => (values.length === 0 ? null : Math.round((values.reduce((a, b) => a + b, 0) / values.length) * 10) / 10);
const minutesBetween = (from: Date | undefined, to: Date | undefined): number[] => (from && to ? [(to.getTime() - from.getTime()) / 60_000] : []);

/** Minutes a served ticket waited: each time it joined the queue until the call that followed. */
function waitedMinutes(ticket: QueueTicket, events: EventRow[]): number {
  const joins = [ticket.takenAt, ...events.filter((e) => e.type === 'rejoined').map((e) => e.at)];
  const calls = events.filter((e) => e.type === 'called').map((e) => e.at);
  return joins.reduce((sum, joined) => {
    const call = calls.find((c) => c.getTime() >= joined.getTime());
    return sum + (call ? (call.getTime() - joined.getTime()) / 60_000 : 0);
  }, 0);
}

/** The daily summary of a service: served, skipped, no-shows, transfers, average wait and service time, from the audit trail. */
export async function dailySummary(serviceCode: string, day: string | Date): Promise<DailySummary> {
  const dayKey = typeof day === 'string' ? day : bangkokDayKey(day);
  const code = String(serviceCode);
  const [tickets, events] = await Promise.all([
    QueueTicketModel.find({ serviceCode: code, dayKey }, { status: 1, channel: 1, label: 1, takenAt: 1, calledAt: 1, servedAt: 1, transferredFrom: 1, transferredTo: 1 }).sort({ seq: 1 }).lean<QueueTicket[]>(),
    QueueEventModel.find({ serviceCode: code, dayKey }, { type: 1, ticketId: 1, at: 1 }).sort({ at: 1 }).lean<EventRow[]>(),
  ]);
  const count = (type: QueueEventType) => events.filter((e) => e.type === type).length;
  const eventsOf = (ticket: QueueTicket) => events.filter((e) => e.ticketId === ticket._id.toString());
  const served = tickets.filter((t) => t.status === 'served');
  return {
    serviceCode: code,
    dayKey,
    issued: tickets.length,
    walkIns: tickets.filter((t) => t.channel === 'walk_in').length,
    served: count('served'),
    skipped: count('skipped'),
    noShows: count('no_show'),
    cancelled: count('cancelled'),
    transferred: count('transferred'),
    waiting: tickets.filter((t) => t.status === 'waiting' || t.status === 'called').length,
    transfersOut: tickets.flatMap((t) => (t.transferredTo ? [{ label: t.label, to: t.transferredTo.label }] : [])),
    transfersIn: tickets.flatMap((t) => (t.transferredFrom ? [{ label: t.label, from: t.transferredFrom.label }] : [])),
    averageWaitMinutes: average(served.map((t) => waitedMinutes(t, eventsOf(t)))),
    averageServiceMinutes: average(served.flatMap((t) => minutesBetween(t.calledAt, t.servedAt))),
  };
}
