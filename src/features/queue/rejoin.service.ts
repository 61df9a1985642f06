import { isValidObjectId } from 'mongoose';
import { clock } from '../../shared/clock';
import { bangkokDayKey } from '../../shared/dates';
import { conflict, forbidden, isDuplicateKeyError, notFound, userInput } from '../../shared/errors';
import { OfficerModel } from '../officers/officer.model';
import { servesLaterToday } from './opening-hours';
import { markToldByCard } from './queue.notify';
import { completeSteps, newStep } from './queue-steps';
import { findActiveService } from './service.model';
import { QueueTicketModel, type QueueStep, type QueueTicket } from './ticket.model';

/**
 * Puts a no-show ticket back at the end of its queue, once, while the counters still serve
 * today. The same label is kept; its place is after everyone waiting now. `shownToHolder`: the
 * holder sees the ticket card in the reply (see markToldByCard).
 */
async function putBackInQueue(ticket: QueueTicket, now: Date, by: Pick<QueueStep, 'officerId' | 'counterNo'>, shownToHolder: boolean): Promise<QueueTicket> {
  if (ticket.status !== 'no_show' || ticket.dayKey !== bangkokDayKey(now)) throw conflict('queue.rejoin.notAllowed');
  if (ticket.rejoinCount >= 1) throw conflict('queue.rejoin.onlyOnce');
  const service = await findActiveService(ticket.serviceCode);
  if (!service) throw notFound('queue.errors.serviceNotFound');
  if (!servesLaterToday(service, now)) throw userInput('queue.rejoin.closedShort');
  const last = await QueueTicketModel.findOne({ serviceCode: ticket.serviceCode, dayKey: ticket.dayKey, status: 'waiting' }).sort({ queuedAt: -1 }).lean<QueueTicket>();
  const queuedAt = last && last.queuedAt.getTime() >= now.getTime() ? new Date(last.queuedAt.getTime() + 1) : now;
  let rejoined: QueueTicket | null;
  try {
    rejoined = await QueueTicketModel.findOneAndUpdate(
      { _id: ticket._id, status: 'no_show', rejoinCount: 0 },
      {
        $set: { status: 'waiting', active: true, queuedAt, aheadNotified: false },
        $inc: { rejoinCount: 1 },
        $unset: { counterNo: 1, officerId: 1, closedAt: 1 },
        $push: { pendingSteps: newStep('rejoined', now, by) },
      },
      { returnDocument: 'after' },
    ).lean<QueueTicket>();
  } catch (err) {
    if (isDuplicateKeyError(err)) throw conflict('queue.rejoin.hasActive');
    throw err;
  }
  if (!rejoined) throw conflict('queue.rejoin.onlyOnce');
  if (shownToHolder) await markToldByCard(rejoined);
  await completeSteps(rejoined, service);
  return rejoined;
}

/** The citizen puts their no-show ticket back at the end of the queue (once). */
export async function rejoinQueue(input: { citizenId: string; ticketId: string; now?: Date }): Promise<QueueTicket> {
  const now = input.now ?? clock.now();
  if (!isValidObjectId(input.ticketId)) throw notFound('queue.errors.ticketNotFound');
  const ticket = await QueueTicketModel.findOne({ _id: input.ticketId, citizenId: input.citizenId }).lean<QueueTicket>();
  if (!ticket) throw notFound('queue.errors.ticketNotFound');
  return putBackInQueue(ticket, now, {}, true);
}

/** An officer of the service's department puts a lapsed walk-in ticket back at the end (once): its holder has no LINE to do it. */
export async function rejoinWalkIn(input: { officerLineUserId: string; ticketId: string; now?: Date }): Promise<QueueTicket> {
  const now = input.now ?? clock.now();
  if (!isValidObjectId(input.ticketId)) throw notFound('queue.errors.ticketNotFound');
  const officer = await OfficerModel.findOne({ lineUserId: String(input.officerLineUserId), active: true }).lean();
  if (!officer) throw forbidden('queue.officer.notOfficer');
  const ticket = await QueueTicketModel.findById(input.ticketId).lean<QueueTicket>();
  if (!ticket || ticket.channel !== 'walk_in') throw notFound('queue.errors.ticketNotFound');
  if (ticket.departmentCode !== officer.departmentCode) throw forbidden('queue.officer.otherDepartment');
  const counterNo = officer.counter?.serviceCode === ticket.serviceCode ? (officer.counter.counterNo ?? undefined) : undefined;
  return putBackInQueue(ticket, now, { officerId: officer._id.toString(), counterNo }, false);
}
