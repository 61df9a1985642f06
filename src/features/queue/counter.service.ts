import { isValidObjectId } from 'mongoose';
import { clock } from '../../shared/clock';
import { bangkokDayKey } from '../../shared/dates';
import { conflict, forbidden, isDuplicateKeyError, notFound, userInput } from '../../shared/errors';
import { OfficerModel } from '../officers/officer.model';
import { completeSteps, newStep } from './queue-steps';
import { findActiveService, type QueueService } from './service.model';
import { QueueTicketModel, type QueueTicket } from './ticket.model';

/** An officer at a counter, as the counter actions need them. */
export interface CounterOfficer {
  officerId: string;
  lineUserId: string;
  departmentCode: string;
  roles: string[];
  counter?: { serviceCode: string; counterNo: number };
}

/** The active officer bound to this LINE account, or a polite refusal. */
export async function requireOfficer(lineUserId: string): Promise<CounterOfficer> {
  const officer = await OfficerModel.findOne({ lineUserId: String(lineUserId), active: true }).lean();
  if (!officer) throw forbidden('queue.officer.notOfficer');
  const counter = officer.counter?.serviceCode && typeof officer.counter.counterNo === 'number' ? { serviceCode: officer.counter.serviceCode, counterNo: officer.counter.counterNo } : undefined;
  return { officerId: officer._id.toString(), lineUserId: officer.lineUserId, departmentCode: officer.departmentCode, roles: officer.roles, counter };
}

/** The officer's counter and its (active) service, or a prompt to set the counter first. */
async function requireCounter(lineUserId: string): Promise<{ officer: CounterOfficer; counter: { serviceCode: string; counterNo: number }; service: QueueService }> {
  const officer = await requireOfficer(lineUserId);
  if (!officer.counter) throw userInput('queue.officer.noCounter');
  const service = await findActiveService(officer.counter.serviceCode);
  if (!service || service.departmentCode !== officer.departmentCode) throw userInput('queue.officer.noCounter');
  return { officer, counter: officer.counter, service };
}

/** Sets the counter an officer serves: a service of their department and one of its counters. */
export async function setOfficerCounter(input: { officerLineUserId: string; serviceCode: string; counterNo: number }): Promise<{ service: QueueService; counterNo: number }> {
  const officer = await requireOfficer(input.officerLineUserId);
  const service = await findActiveService(input.serviceCode);
  if (!service) throw notFound('queue.errors.serviceNotFound');
  if (service.departmentCode !== officer.departmentCode) throw forbidden('queue.officer.otherDepartment');
  if (!service.counters.includes(input.counterNo)) throw userInput('queue.officer.noSuchCounter', { counter: input.counterNo });
  await OfficerModel.updateOne({ lineUserId: officer.lineUserId }, { $set: { counter: { serviceCode: service.code, counterNo: input.counterNo } } });
  return { service, counterNo: input.counterNo };
}

/** A ticket of today that this officer's department serves, in one of the given statuses. */
export async function ticketForOfficer(officer: CounterOfficer, ticketId: string, statuses: QueueTicket['status'][], now: Date): Promise<{ ticket: QueueTicket; service: QueueService }> {
  if (!isValidObjectId(ticketId)) throw notFound('queue.errors.ticketNotFound');
  const ticket = await QueueTicketModel.findById(ticketId).lean<QueueTicket>();
  if (!ticket) throw notFound('queue.errors.ticketNotFound');
  if (ticket.departmentCode !== officer.departmentCode) throw forbidden('queue.officer.otherDepartment');
  if (!statuses.includes(ticket.status) || ticket.dayKey !== bangkokDayKey(now)) throw conflict('queue.counter.ticketMoved', { label: ticket.label });
  const service = await findActiveService(ticket.serviceCode);
  if (!service) throw notFound('queue.errors.serviceNotFound');
  return { ticket, service };
}

/** Refuses while the counter still holds a called ticket: the officer finishes it first. */
async function refuseIfCounterBusy(serviceCode: string, dayKey: string, counterNo: number): Promise<void> {
  const open = await QueueTicketModel.findOne({ serviceCode, dayKey, status: 'called', counterNo }).lean<QueueTicket>();
  if (open) throw conflict('queue.counter.stillCalled', { label: open.label });
}

/**
 * Calls the next ticket to the officer's counter: the oldest waiting ticket of the service,
 * strictly in order, claimed atomically (two counters never get the same ticket). Returns null
 * when nobody is waiting. A counter still holding a called ticket must finish it first.
 */
export async function callNext(input: { officerLineUserId: string; now?: Date }): Promise<{ ticket: QueueTicket; service: QueueService } | { ticket: null; service: QueueService }> {
  const now = input.now ?? clock.now();
  const { officer, counter, service } = await requireCounter(input.officerLineUserId);
  const dayKey = bangkokDayKey(now);
  await refuseIfCounterBusy(service.code, dayKey, counter.counterNo);
  let ticket: QueueTicket | null;
  try {
    ticket = await QueueTicketModel.findOneAndUpdate(
      { serviceCode: service.code, dayKey, status: 'waiting' },
      {
        $set: { status: 'called', firstCalledAt: now, calledAt: now, counterNo: counter.counterNo, officerId: officer.officerId },
        $unset: { arrivedAt: 1 },
        $inc: { callCount: 1 },
        $push: { pendingSteps: newStep('called', now, { officerId: officer.officerId, counterNo: counter.counterNo }) },
      },
      { sort: { queuedAt: 1, seq: 1 }, returnDocument: 'after' },
    ).lean<QueueTicket>();
  } catch (err) {
    // Another "call next" for this counter won the race (the unique index on called tickets).
    if (isDuplicateKeyError(err)) await refuseIfCounterBusy(service.code, dayKey, counter.counterNo);
    throw err;
  }
  if (!ticket) return { ticket: null, service };
  await completeSteps(ticket, service);
  return { ticket, service };
}

/** Calls a called ticket again (the citizen is told again); the no-show time still runs from the first call. */
export async function recallTicket(input: { officerLineUserId: string; ticketId: string; now?: Date }): Promise<QueueTicket> {
  const now = input.now ?? clock.now();
  const officer = await requireOfficer(input.officerLineUserId);
  const { ticket, service } = await ticketForOfficer(officer, input.ticketId, ['called'], now);
  const counterNo = officer.counter?.serviceCode === ticket.serviceCode ? officer.counter.counterNo : ticket.counterNo;
  let recalled: QueueTicket | null;
  try {
    recalled = await QueueTicketModel.findOneAndUpdate(
      { _id: ticket._id, status: 'called' },
      { $set: { calledAt: now, counterNo, officerId: officer.officerId }, $inc: { callCount: 1 }, $push: { pendingSteps: newStep('recalled', now, { officerId: officer.officerId, counterNo }) } },
      { returnDocument: 'after' },
    ).lean<QueueTicket>();
  } catch (err) {
    // Recalling another counter's ticket to a counter that already has one called.
    if (isDuplicateKeyError(err) && counterNo !== undefined) await refuseIfCounterBusy(ticket.serviceCode, ticket.dayKey, counterNo);
    throw err;
  }
  if (!recalled) throw conflict('queue.counter.ticketMoved', { label: ticket.label });
  await completeSteps(recalled, service);
  return recalled;
}

/**
 * The officer confirms the citizen came to the counter: a service longer than the no-show time
 * must not turn into a no-show (and a "you did not come" push) while the citizen sits there.
 */
export async function markArrived(input: { officerLineUserId: string; ticketId: string; now?: Date }): Promise<QueueTicket> {
  const now = input.now ?? clock.now();
  const officer = await requireOfficer(input.officerLineUserId);
  const { ticket, service } = await ticketForOfficer(officer, input.ticketId, ['called'], now);
  if (ticket.arrivedAt) return ticket;
  const arrived = await QueueTicketModel.findOneAndUpdate(
    { _id: ticket._id, status: 'called', arrivedAt: { $exists: false } },
    { $set: { arrivedAt: now }, $push: { pendingSteps: newStep('arrived', now, { officerId: officer.officerId, counterNo: ticket.counterNo }) } },
    { returnDocument: 'after' },
  ).lean<QueueTicket>();
  if (!arrived) {
    // A second tap at the same moment: the first one recorded the arrival.
    const again = await QueueTicketModel.findOne({ _id: ticket._id, status: 'called', arrivedAt: { $exists: true } }).lean<QueueTicket>();
    if (again) return again;
    throw conflict('queue.counter.ticketMoved', { label: ticket.label });
  }
  await completeSteps(arrived, service);
  return arrived;
}

/** Marks a called ticket served; surveys hear of it through `queue.ticketServed`. */
export async function markServed(input: { officerLineUserId: string; ticketId: string; now?: Date }): Promise<QueueTicket> {
  const now = input.now ?? clock.now();
  const officer = await requireOfficer(input.officerLineUserId);
  const { ticket, service } = await ticketForOfficer(officer, input.ticketId, ['called'], now);
  const served = await QueueTicketModel.findOneAndUpdate(
    { _id: ticket._id, status: 'called' },
    { $set: { status: 'served', active: false, servedAt: now, closedAt: now }, $push: { pendingSteps: newStep('served', now, { officerId: officer.officerId, counterNo: ticket.counterNo }) } },
    { returnDocument: 'after' },
  ).lean<QueueTicket>();
  if (!served) throw conflict('queue.counter.ticketMoved', { label: ticket.label });
  await completeSteps(served, service);
  return served;
}

/** The preset skip reasons, stored as keys and told to each reader in their own language. */
export const SKIP_REASON_KEYS = ['absent', 'documents', 'wrongService'] as const;
export type SkipReasonKey = (typeof SKIP_REASON_KEYS)[number];

/**
 * Only the ticket called to the officer's own counter may be skipped: a waiting ticket never,
 * or people ahead of a favoured one could be skipped with any reason.
 */
export function requireSkippable(officer: CounterOfficer, ticket: QueueTicket): void {
  const atThisCounter = ticket.status === 'called' && officer.counter?.serviceCode === ticket.serviceCode && officer.counter.counterNo === ticket.counterNo;
  if (!atThisCounter) throw userInput('queue.skip.onlyCalledHere', { label: ticket.label });
}

/** Skips the ticket called at the officer's counter; a reason (preset key or typed) is required, recorded, and told to the citizen. */
export async function skipTicket(input: { officerLineUserId: string; ticketId: string; reason?: string; reasonKey?: SkipReasonKey; now?: Date }): Promise<QueueTicket> {
  const now = input.now ?? clock.now();
  const reasonKey = (SKIP_REASON_KEYS as readonly string[]).includes(input.reasonKey ?? '') ? input.reasonKey : undefined;
  const reason = reasonKey ? undefined : String(input.reason ?? '').replace(/\s+/g, ' ').trim();
  if (reason !== undefined && (reason.length < 2 || reason.length > 200)) throw userInput('queue.skip.reasonRequired');
  const officer = await requireOfficer(input.officerLineUserId);
  const { ticket, service } = await ticketForOfficer(officer, input.ticketId, ['called', 'waiting'], now);
  requireSkippable(officer, ticket);
  const skipped = await QueueTicketModel.findOneAndUpdate(
    { _id: ticket._id, status: 'called', counterNo: ticket.counterNo },
    {
      $set: { status: 'skipped', active: false, closedAt: now, ...(reasonKey ? { skipReasonKey: reasonKey } : { skipReason: reason }) },
      $push: { pendingSteps: newStep('skipped', now, { officerId: officer.officerId, counterNo: ticket.counterNo, reason, reasonKey }) },
    },
    { returnDocument: 'after' },
  ).lean<QueueTicket>();
  if (!skipped) throw conflict('queue.counter.ticketMoved', { label: ticket.label });
  await completeSteps(skipped, service);
  return skipped;
}
