import { isValidObjectId } from 'mongoose';
import { clock } from '../../shared/clock';
import { bangkokDayKey } from '../../shared/dates';
import { conflict, forbidden, isDuplicateKeyError, notFound, userInput } from '../../shared/errors';
import { OfficerModel } from '../officers/officer.model';
import { markToldByCard } from './queue.notify';
import { completeSteps, newStep } from './queue-steps';
import { findActiveService, type QueueService } from './service.model';
import { nextTicketSeq } from './ticket-numbers';
import { QueueTicketModel, ticketLabel, type QueueStep, type QueueTicket } from './ticket.model';
import { ticketWindow } from './ticket-window';

async function requireService(code: string): Promise<QueueService> {
  const service = await findActiveService(code);
  if (!service) throw notFound('queue.errors.serviceNotFound');
  return service;
}

/** Refuses a new ticket while the service is closed or too close to closing (see ticketWindow). */
async function requireTicketWindow(service: QueueService, now: Date): Promise<void> {
  const window = await ticketWindow(service, now);
  if (!window.ok) throw userInput(window.kind === 'closed' ? 'queue.take.closedShort' : 'queue.take.tooLateShort');
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
  /** The audit step of the ticket's creation (a transfer records it on the old ticket instead). */
  step?: QueueStep;
}

async function numberAndStore(input: NewTicket, dayKey: string): Promise<QueueTicket> {
  const number = await nextTicketSeq(input.service.code, dayKey, input.now, input.enforceLimit ? input.service.dailyLimit : Infinity);
  if (!number) throw userInput('queue.take.full', { limit: input.service.dailyLimit });
  const created = await QueueTicketModel.create({
    serviceCode: input.service.code,
    dayKey,
    // A transfer keeps its original time; a new ticket takes the counter's time (see nextTicketSeq).
    queuedAt: input.queuedAt ?? number.at,
    seq: number.seq,
    departmentCode: input.service.departmentCode,
    label: ticketLabel(input.service.prefix, number.seq),
    channel: input.channel,
    citizenId: input.citizenId,
    status: 'waiting',
    active: true,
    takenAt: input.now,
    // The near-turn notifier decides who is told "N ahead", once every ticket is in place.
    aheadNotified: false,
    sourceEventId: input.sourceEventId,
    transferredFrom: input.transferredFrom,
    pendingSteps: input.step ? [input.step] : undefined,
  });
  return created.toObject() as unknown as QueueTicket;
}

/**
 * Numbers and stores a new waiting ticket. Callers first look for the citizen's active ticket
 * there: one citizen's events run one at a time (the event processor's per-user lease), so a
 * double tap never takes a second number. When two people act at once on one citizen (an officer
 * transferring while the citizen takes a ticket), the partial unique index on active tickets
 * refuses the second, which gets the first one back; its number stays unused, a harmless gap.
 */
export async function createTicket(input: NewTicket): Promise<{ created: QueueTicket } | { existing: QueueTicket }> {
  const dayKey = bangkokDayKey(input.now);
  try {
    return { created: await numberAndStore(input, dayKey) };
  } catch (err) {
    const existing = input.citizenId && isDuplicateKeyError(err) ? await activeTicketOf(input.citizenId, input.service.code, input.now) : null;
    if (existing) return { existing };
    throw err;
  }
}

/** Takes back a ticket made for a transfer that could not go ahead (its number stays unused). */
export async function withdrawTicket(ticket: QueueTicket): Promise<void> {
  await QueueTicketModel.deleteOne({ _id: ticket._id, status: 'waiting' });
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
 * Takes a queue ticket for a citizen: the service must be open, not too close to closing and
 * under its daily limit; a citizen holding an active ticket for the service gets that one back
 * (`created: false`).
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
  await requireTicketWindow(service, now);
  const result = await createTicket({ service, channel: 'line', citizenId: input.citizenId, now, sourceEventId: input.sourceEventId, enforceLimit: true, step: newStep('taken', now) });
  if ('existing' in result) return { ticket: result.existing, created: false };
  await markToldByCard(result.created);
  await completeSteps(result.created, service);
  return { ticket: result.created, created: true };
}

/**
 * Cancels the citizen's own waiting or called ticket. A called ticket's cancellation names the
 * counter it was called to, so the officer there is told.
 */
export async function cancelTicket(input: { citizenId: string; ticketId: string; now?: Date }): Promise<QueueTicket> {
  const now = input.now ?? clock.now();
  if (!isValidObjectId(input.ticketId)) throw notFound('queue.errors.ticketNotFound');
  for (let attempt = 0; attempt < 3; attempt += 1) {
    const current = await QueueTicketModel.findOne({ _id: input.ticketId, citizenId: input.citizenId }).lean<QueueTicket>();
    if (!current) throw notFound('queue.errors.ticketNotFound');
    if (current.status !== 'waiting' && current.status !== 'called') throw conflict('queue.cancel.notActive');
    const counterNo = current.status === 'called' ? current.counterNo : undefined;
    // Guarded by the status and call count read: a call in between makes us read again.
    const ticket = await QueueTicketModel.findOneAndUpdate(
      { _id: current._id, status: current.status, callCount: current.callCount },
      { $set: { status: 'cancelled', active: false, closedAt: now }, $push: { pendingSteps: newStep('cancelled', now, { counterNo }) } },
      { returnDocument: 'after' },
    ).lean<QueueTicket>();
    if (ticket) {
      await completeSteps(ticket);
      return ticket;
    }
  }
  throw conflict('queue.cancel.notActive');
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
  await requireTicketWindow(service, now);
  const counterNo = officer.counter?.serviceCode === service.code ? (officer.counter.counterNo ?? undefined) : undefined;
  const step = newStep('walk_in', now, { officerId: officer._id.toString(), counterNo });
  const result = await createTicket({ service, channel: 'walk_in', now, sourceEventId: input.sourceEventId, enforceLimit: true, step });
  if ('existing' in result) return result.existing;
  await completeSteps(result.created, service);
  return result.created;
}
