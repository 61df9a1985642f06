import { isValidObjectId, type Types } from 'mongoose';
import { clock } from '../../shared/clock';
import { notFound } from '../../shared/errors';
import { servesLaterToday } from './opening-hours';
import { QueueEventModel, type QueueEventType } from './queue-event.model';
import { findActiveService, type QueueService } from './service.model';
import { QueueTicketModel, type QueueTicket } from './ticket.model';
import { estimateWait, minutesPerPerson, MOVING_AVERAGE_OF, type WaitEstimate } from './wait-estimate';

/** A counter counts as staffed when it called or served someone this recently. */
export const STAFFED_WITHIN_MS = 60 * 60_000;

/** Waiting tickets ahead of this one in its service's queue (called tickets are not ahead). */
export async function countAhead(ticket: Pick<QueueTicket, 'serviceCode' | 'dayKey' | 'queuedAt' | 'seq'>): Promise<number> {
  return QueueTicketModel.countDocuments({
    serviceCode: ticket.serviceCode,
    dayKey: ticket.dayKey,
    status: 'waiting',
    $or: [{ queuedAt: { $lt: ticket.queuedAt } }, { queuedAt: ticket.queuedAt, seq: { $lt: ticket.seq } }],
  });
}

/** Minutes per person for a service today: the moving average of measured service times, else configured. */
export async function measuredMinutesPerPerson(service: Pick<QueueService, 'code' | 'minutesPerPerson'>, dayKey: string): Promise<number> {
  const served = await QueueTicketModel.find({ serviceCode: service.code, dayKey, status: 'served' }, { calledAt: 1, servedAt: 1 })
    .sort({ servedAt: -1 })
    .limit(MOVING_AVERAGE_OF)
    .lean<Pick<QueueTicket, 'calledAt' | 'servedAt'>[]>();
  const minutes = served
    .filter((t) => t.calledAt && t.servedAt)
    .map((t) => ((t.servedAt as Date).getTime() - (t.calledAt as Date).getTime()) / 60_000)
    .reverse();
  return minutesPerPerson(minutes, service.minutesPerPerson);
}

const STAFFED_EVENTS: QueueEventType[] = ['called', 'recalled', 'arrived', 'served'];

async function countersActiveSince(serviceCode: string, dayKey: string, since: Date | undefined): Promise<number> {
  const counters: unknown[] = await QueueEventModel.distinct('counterNo', { serviceCode, dayKey, type: { $in: STAFFED_EVENTS }, ...(since ? { at: { $gte: since } } : {}) });
  return counters.filter((c) => typeof c === 'number').length;
}

const withinCounters = (n: number, service: Pick<QueueService, 'counters'>) => Math.min(Math.max(n, 1), Math.max(service.counters.length, 1));

/**
 * Counters serving the service now, for the wait shown: those that called or served someone
 * within the last hour (at least one, at most the service's counters). An officer's saved
 * counter says nothing about whether they sit there today.
 */
export async function countersServing(service: Pick<QueueService, 'code' | 'counters'>, dayKey: string, now: Date): Promise<number> {
  return withinCounters(await countersActiveSince(service.code, dayKey, new Date(now.getTime() - STAFFED_WITHIN_MS)), service);
}

/**
 * Counters expected to serve for the rest of the day, for deciding whether a new ticket can
 * still be served today: those that served today, or every counter before the first call (a
 * morning queue must not be refused because nobody has called yet).
 */
export async function countersServingToday(service: Pick<QueueService, 'code' | 'counters'>, dayKey: string): Promise<number> {
  const today = await countersActiveSince(service.code, dayKey, undefined);
  return withinCounters(today === 0 ? service.counters.length : today, service);
}

/** The wait of someone with `ahead` people before them in the service's queue today. */
export async function waitFor(service: QueueService, ahead: number, dayKey: string, now: Date): Promise<WaitEstimate> {
  const [perPerson, counters] = await Promise.all([measuredMinutesPerPerson(service, dayKey), countersServing(service, dayKey, now)]);
  return estimateWait(ahead, perPerson, counters);
}

export interface QueuePosition {
  ticket: QueueTicket;
  service: QueueService;
  ahead: number;
  wait: WaitEstimate;
}

/**
 * Where a ticket stands: people ahead and the estimated wait as a range; after closing no
 * estimate, since the counters serve the rest only while time allows.
 */
export async function queuePosition(ticketOrId: QueueTicket | Types.ObjectId | string, now: Date = clock.now()): Promise<QueuePosition> {
  if (typeof ticketOrId === 'string' && !isValidObjectId(ticketOrId)) throw notFound('queue.errors.ticketNotFound');
  const ticket = typeof ticketOrId === 'object' && 'label' in ticketOrId ? ticketOrId : await QueueTicketModel.findById(ticketOrId).lean<QueueTicket>();
  if (!ticket) throw notFound('queue.errors.ticketNotFound');
  const service = await findActiveService(ticket.serviceCode);
  if (!service) throw notFound('queue.errors.serviceNotFound');
  if (ticket.status !== 'waiting') return { ticket, service, ahead: 0, wait: { kind: 'next' } };
  const ahead = await countAhead(ticket);
  if (!servesLaterToday(service, now)) return { ticket, service, ahead, wait: { kind: 'afterClose' } };
  return { ticket, service, ahead, wait: await waitFor(service, ahead, ticket.dayKey, now) };
}
