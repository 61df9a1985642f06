import { isValidObjectId, type Types } from 'mongoose';
import { clock } from '../../shared/clock';
import { bangkokDayKey } from '../../shared/dates';
import { conflict, forbidden, isDuplicateKeyError, notFound, userInput } from '../../shared/errors';
import { getSettings } from '../municipality/settings';
import { OfficerModel } from '../officers/officer.model';
import { openingState } from './opening-hours';
import { notifyAhead } from './queue.notify';
import { recordQueueEvent } from './queue-event.model';
import { findActiveService, type QueueService } from './service.model';
import { QueueSequenceModel, QueueTicketModel, ticketLabel, type QueueTicket } from './ticket.model';
import { estimateWait, minutesPerPerson, MOVING_AVERAGE_OF, type WaitEstimate } from './wait-estimate';

/**
 * The next ticket number of a service on a Bangkok day, with its place in time: one atomic $inc
 * on an upserted counter that also keeps the latest time handed out ($max). Tickets are called by
 * (queuedAt, seq), and `now` is read when the event arrives, before slow work such as fetching a
 * new user's profile; so a later number could carry an earlier time and be called before a lower
 * label. Taking the time from the counter keeps it never decreasing as the number grows.
 */
export async function nextTicketSeq(serviceCode: string, dayKey: string, now: Date): Promise<{ seq: number; at: Date }> {
  for (let attempt = 0; ; attempt += 1) {
    try {
      const doc = await QueueSequenceModel.findOneAndUpdate({ _id: `${serviceCode}:${dayKey}` }, { $inc: { seq: 1 }, $max: { at: now } }, { upsert: true, returnDocument: 'after' }).lean<{ seq: number; at: Date }>();
      if (!doc) throw new Error('sequence upsert returned nothing');
      return { seq: doc.seq, at: doc.at };
    } catch (err) {
      // Two first tickets of the day can race on the upsert; the loser retries the plain $inc.
      if (!isDuplicateKeyError(err) || attempt >= 3) throw err;
    }
  }
}

async function requireService(code: string): Promise<QueueService> {
  const service = await findActiveService(code);
  if (!service) throw notFound('queue.errors.serviceNotFound');
  return service;
}

function requireOpen(service: QueueService, now: Date): void {
  if (!openingState(service, now).open) throw userInput('queue.take.closedShort');
}

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

/** Counters serving the service now: officers set to it (at least one). */
async function countersServing(service: Pick<QueueService, 'code' | 'counters'>): Promise<number> {
  const n = await OfficerModel.countDocuments({ active: true, 'counter.serviceCode': service.code });
  return Math.min(Math.max(n, 1), Math.max(service.counters.length, 1));
}

export interface QueuePosition {
  ticket: QueueTicket;
  service: QueueService;
  ahead: number;
  wait: WaitEstimate;
}

/** Where a ticket stands: people ahead and the estimated wait as a range. */
export async function queuePosition(ticketOrId: QueueTicket | Types.ObjectId | string): Promise<QueuePosition> {
  if (typeof ticketOrId === 'string' && !isValidObjectId(ticketOrId)) throw notFound('queue.errors.ticketNotFound');
  const ticket = typeof ticketOrId === 'object' && 'label' in ticketOrId ? ticketOrId : await QueueTicketModel.findById(ticketOrId).lean<QueueTicket>();
  if (!ticket) throw notFound('queue.errors.ticketNotFound');
  const service = await findActiveService(ticket.serviceCode);
  if (!service) throw notFound('queue.errors.serviceNotFound');
  if (ticket.status !== 'waiting') return { ticket, service, ahead: 0, wait: { kind: 'next' } };
  const [ahead, perPerson, counters] = await Promise.all([countAhead(ticket), measuredMinutesPerPerson(service, ticket.dayKey), countersServing(service)]);
  return { ticket, service, ahead, wait: estimateWait(ahead, perPerson, counters) };
}

interface NewTicket {
  service: QueueService;
  channel: QueueTicket['channel'];
  citizenId?: string;
  now: Date;
  queuedAt?: Date;
  sourceEventId?: string;
  transferredFrom?: QueueTicket['transferredFrom'];
  enforceLimit: boolean;
}

/** Numbers and stores a new waiting ticket; the "N ahead" flag is set when it starts with few ahead. */
export async function createTicket(input: NewTicket): Promise<QueueTicket> {
  const dayKey = bangkokDayKey(input.now);
  const { seq, at } = await nextTicketSeq(input.service.code, dayKey, input.now);
  if (input.enforceLimit && seq > input.service.dailyLimit) throw userInput('queue.take.full', { limit: input.service.dailyLimit });
  // A transfer keeps its original time; a new ticket takes the counter's time (see nextTicketSeq).
  const queuedAt = input.queuedAt ?? at;
  const base = { serviceCode: input.service.code, dayKey, queuedAt, seq };
  const { notifyWhenAhead } = (await getSettings()).queue;
  const ahead = await countAhead(base);
  const created = await QueueTicketModel.create({
    ...base,
    departmentCode: input.service.departmentCode,
    label: ticketLabel(input.service.prefix, seq),
    channel: input.channel,
    citizenId: input.citizenId,
    status: 'waiting',
    active: true,
    takenAt: input.now,
    aheadNotified: ahead <= notifyWhenAhead,
    sourceEventId: input.sourceEventId,
    transferredFrom: input.transferredFrom,
  });
  return created.toObject() as unknown as QueueTicket;
}

/** The citizen's active ticket for a service today, if any. */
export async function activeTicketOf(citizenId: string, serviceCode: string, now: Date = clock.now()): Promise<QueueTicket | null> {
  return QueueTicketModel.findOne({ citizenId, serviceCode, dayKey: bangkokDayKey(now), active: true }).lean<QueueTicket>();
}

/** The citizen's active tickets today, every service. */
export async function activeTicketsOf(citizenId: string, now: Date = clock.now()): Promise<QueueTicket[]> {
  return QueueTicketModel.find({ citizenId, dayKey: bangkokDayKey(now), active: true }).sort({ takenAt: 1 }).lean<QueueTicket[]>();
}

/**
 * Today's ticket with this label ("a023" is read as "A023"), if any; with `citizenId`, only that
 * citizen's (a label is unique per service, not per day: a retired service may share a prefix).
 */
export async function findTicketByLabel(label: string, now: Date = clock.now(), citizenId?: string): Promise<QueueTicket | null> {
  const normalized = String(label).replace(/[\s-]/g, '').toUpperCase();
  if (!/^[A-Z]\d{3}$/.test(normalized)) return null;
  const owner = citizenId === undefined ? {} : { citizenId: String(citizenId) };
  return QueueTicketModel.findOne({ dayKey: bangkokDayKey(now), label: normalized, ...owner }).sort({ takenAt: -1 }).lean<QueueTicket>();
}

export interface TakeTicketInput {
  citizenId: string;
  serviceCode: string;
  now?: Date;
  /** The webhook event asking: a retried event gets the ticket it already made. */
  sourceEventId?: string;
}

/**
 * Takes a queue ticket for a citizen: the service must be open and under its daily limit; a
 * citizen holding an active ticket for the service gets that one back (`created: false`).
 */
export async function takeQueueTicket(input: TakeTicketInput): Promise<{ ticket: QueueTicket; created: boolean }> {
  const now = input.now ?? clock.now();
  if (input.sourceEventId) {
    const again = await QueueTicketModel.findOne({ sourceEventId: input.sourceEventId }).lean<QueueTicket>();
    if (again) return { ticket: again, created: false };
  }
  const service = await requireService(input.serviceCode);
  const existing = await activeTicketOf(input.citizenId, service.code, now);
  if (existing) return { ticket: existing, created: false };
  requireOpen(service, now);
  try {
    const ticket = await createTicket({ service, channel: 'line', citizenId: input.citizenId, now, sourceEventId: input.sourceEventId, enforceLimit: true });
    await recordQueueEvent({ type: 'taken', ticket, at: now });
    return { ticket, created: true };
  } catch (err) {
    if (!isDuplicateKeyError(err)) throw err;
    // The same citizen asked twice at once: the other request made the ticket.
    const raced = await activeTicketOf(input.citizenId, service.code, now);
    if (!raced) throw err;
    return { ticket: raced, created: false };
  }
}

/** Cancels the citizen's own waiting or called ticket. */
export async function cancelTicket(input: { citizenId: string; ticketId: string; now?: Date }): Promise<QueueTicket> {
  const now = input.now ?? clock.now();
  if (!isValidObjectId(input.ticketId)) throw notFound('queue.errors.ticketNotFound');
  const ticket = await QueueTicketModel.findOneAndUpdate(
    { _id: input.ticketId, citizenId: input.citizenId, status: { $in: ['waiting', 'called'] } },
    { $set: { status: 'cancelled', active: false, closedAt: now } },
    { returnDocument: 'after' },
  ).lean<QueueTicket>();
  if (!ticket) {
    const mine = await QueueTicketModel.exists({ _id: input.ticketId, citizenId: input.citizenId });
    throw mine ? conflict('queue.cancel.notActive') : notFound('queue.errors.ticketNotFound');
  }
  await recordQueueEvent({ type: 'cancelled', ticket, at: now });
  const service = await findActiveService(ticket.serviceCode);
  if (service) await notifyAhead(service, ticket.dayKey);
  return ticket;
}

/**
 * Puts a no-show ticket back at the end of its queue, once. The same label is kept; its place is
 * after everyone waiting now.
 */
export async function rejoinQueue(input: { citizenId: string; ticketId: string; now?: Date }): Promise<QueueTicket> {
  const now = input.now ?? clock.now();
  if (!isValidObjectId(input.ticketId)) throw notFound('queue.errors.ticketNotFound');
  const ticket = await QueueTicketModel.findOne({ _id: input.ticketId, citizenId: input.citizenId }).lean<QueueTicket>();
  if (!ticket) throw notFound('queue.errors.ticketNotFound');
  if (ticket.status !== 'no_show' || ticket.dayKey !== bangkokDayKey(now)) throw conflict('queue.rejoin.notAllowed');
  if (ticket.rejoinCount >= 1) throw conflict('queue.rejoin.onlyOnce');
  const service = await requireService(ticket.serviceCode);
  requireOpen(service, now);
  const last = await QueueTicketModel.findOne({ serviceCode: ticket.serviceCode, dayKey: ticket.dayKey, status: 'waiting' }).sort({ queuedAt: -1 }).lean<QueueTicket>();
  const queuedAt = last && last.queuedAt.getTime() >= now.getTime() ? new Date(last.queuedAt.getTime() + 1) : now;
  const { notifyWhenAhead } = (await getSettings()).queue;
  const ahead = await countAhead({ ...ticket, queuedAt, seq: Number.MAX_SAFE_INTEGER });
  let rejoined: QueueTicket | null;
  try {
    rejoined = await QueueTicketModel.findOneAndUpdate(
      { _id: ticket._id, status: 'no_show', rejoinCount: 0 },
      { $set: { status: 'waiting', active: true, queuedAt, aheadNotified: ahead <= notifyWhenAhead }, $inc: { rejoinCount: 1 }, $unset: { counterNo: 1, officerId: 1, closedAt: 1 } },
      { returnDocument: 'after' },
    ).lean<QueueTicket>();
  } catch (err) {
    if (isDuplicateKeyError(err)) throw conflict('queue.rejoin.hasActive');
    throw err;
  }
  if (!rejoined) throw conflict('queue.rejoin.onlyOnce');
  await recordQueueEvent({ type: 'rejoined', ticket: rejoined, at: now });
  return rejoined;
}

/** A walk-in ticket (for a citizen without LINE), issued by an officer of the service's department. */
export async function issueWalkInTicket(input: { officerLineUserId: string; serviceCode: string; now?: Date; sourceEventId?: string }): Promise<QueueTicket> {
  const now = input.now ?? clock.now();
  const officer = await OfficerModel.findOne({ lineUserId: input.officerLineUserId, active: true }).lean();
  if (!officer) throw forbidden('queue.officer.notOfficer');
  if (input.sourceEventId) {
    const again = await QueueTicketModel.findOne({ sourceEventId: input.sourceEventId }).lean<QueueTicket>();
    if (again) return again;
  }
  const service = await requireService(input.serviceCode);
  if (service.departmentCode !== officer.departmentCode) throw forbidden('queue.officer.otherDepartment');
  requireOpen(service, now);
  const ticket = await createTicket({ service, channel: 'walk_in', now, sourceEventId: input.sourceEventId, enforceLimit: true });
  await recordQueueEvent({ type: 'walk_in', ticket, officerId: officer._id.toString(), counterNo: officer.counter?.serviceCode === service.code ? (officer.counter.counterNo ?? undefined) : undefined, at: now });
  return ticket;
}
