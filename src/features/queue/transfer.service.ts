import { clock } from '../../shared/clock';
import { conflict, isDuplicateKeyError, notFound, userInput } from '../../shared/errors';
import { requireOfficer, ticketForOfficer } from './counter.service';
import { notifyAhead, pushTransferred } from './queue.notify';
import { recordQueueEvent } from './queue-event.model';
import { findActiveService } from './service.model';
import { QueueTicketModel, type QueueTicket } from './ticket.model';
import { createTicket } from './tickets.service';

/**
 * Moves a waiting or called ticket to another service: a new ticket there, numbered in that
 * service, that keeps the original queue time (so the citizen does not start again at the end).
 */
export async function transferTicket(input: { officerLineUserId: string; ticketId: string; toServiceCode: string; now?: Date }): Promise<{ from: QueueTicket; to: QueueTicket }> {
  const now = input.now ?? clock.now();
  const officer = await requireOfficer(input.officerLineUserId);
  const { ticket, service } = await ticketForOfficer(officer, input.ticketId, ['waiting', 'called'], now);
  const target = await findActiveService(input.toServiceCode);
  if (!target) throw notFound('queue.errors.serviceNotFound');
  if (target.code === ticket.serviceCode) throw userInput('queue.transfer.sameService');
  // Free the citizen's place first (one active ticket per service), then open the new one.
  const moved = await QueueTicketModel.findOneAndUpdate(
    { _id: ticket._id, status: ticket.status },
    { $set: { status: 'transferred', active: false, closedAt: now } },
    { returnDocument: 'after' },
  ).lean<QueueTicket>();
  if (!moved) throw conflict('queue.counter.ticketMoved', { label: ticket.label });
  let created: QueueTicket;
  try {
    created = await createTicket({
      service: target,
      channel: ticket.channel === 'walk_in' ? 'walk_in' : 'transfer',
      citizenId: ticket.citizenId,
      now,
      queuedAt: ticket.queuedAt,
      transferredFrom: { ticketId: ticket._id.toString(), serviceCode: ticket.serviceCode, label: ticket.label },
      enforceLimit: false,
    });
  } catch (err) {
    await QueueTicketModel.updateOne({ _id: ticket._id, status: 'transferred' }, { $set: { status: ticket.status, active: true }, $unset: { closedAt: 1 } });
    if (isDuplicateKeyError(err)) throw conflict('queue.transfer.hasTicketThere', { label: ticket.label });
    throw err;
  }
  const from = (await QueueTicketModel.findOneAndUpdate(
    { _id: ticket._id },
    { $set: { transferredTo: { ticketId: created._id.toString(), serviceCode: target.code, label: created.label } } },
    { returnDocument: 'after' },
  ).lean<QueueTicket>()) as QueueTicket;
  const counterNo = officer.counter?.serviceCode === ticket.serviceCode ? officer.counter.counterNo : ticket.counterNo;
  await recordQueueEvent({ type: 'transferred', ticket: moved, officerId: officer.officerId, counterNo, toServiceCode: target.code, toTicketId: created._id.toString(), at: now });
  await pushTransferred(from, created, target);
  await notifyAhead(service, ticket.dayKey);
  await notifyAhead(target, created.dayKey);
  return { from, to: created };
}
