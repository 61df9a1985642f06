import { clock } from '../../shared/clock';
import { conflict, notFound, userInput } from '../../shared/errors';
import { requireOfficer, ticketForOfficer } from './counter.service';
import { completeSteps, newStep } from './queue-steps';
import { findActiveService } from './service.model';
import { QueueTicketModel, type QueueTicket } from './ticket.model';
import { activeTicketOf, createTicket, withdrawTicket } from './tickets.service';

/**
 * Moves a waiting or called ticket to another service: a new ticket there, numbered in that
 * service, that keeps the original queue time (so the citizen does not start again at the end).
 * The new ticket is made first and the old one closed after, in one update with its follow-ups:
 * a crash in between leaves the citizen a ticket too many, never none. A citizen who already
 * holds a ticket there is refused before any number is taken.
 */
export async function transferTicket(input: { officerLineUserId: string; ticketId: string; toServiceCode: string; now?: Date }): Promise<{ from: QueueTicket; to: QueueTicket }> {
  const now = input.now ?? clock.now();
  const officer = await requireOfficer(input.officerLineUserId);
  const { ticket } = await ticketForOfficer(officer, input.ticketId, ['waiting', 'called'], now);
  const target = await findActiveService(input.toServiceCode);
  if (!target) throw notFound('queue.errors.serviceNotFound');
  if (target.code === ticket.serviceCode) throw userInput('queue.transfer.sameService');
  if (ticket.citizenId && (await activeTicketOf(ticket.citizenId, target.code, now))) throw conflict('queue.transfer.hasTicketThere', { label: ticket.label });
  const made = await createTicket({
    service: target,
    channel: ticket.channel === 'walk_in' ? 'walk_in' : 'transfer',
    citizenId: ticket.citizenId,
    now,
    queuedAt: ticket.queuedAt,
    transferredFrom: { ticketId: ticket._id.toString(), serviceCode: ticket.serviceCode, label: ticket.label },
    enforceLimit: false,
  });
  if ('existing' in made) throw conflict('queue.transfer.hasTicketThere', { label: ticket.label });
  const to = made.created;
  const counterNo = officer.counter?.serviceCode === ticket.serviceCode ? officer.counter.counterNo : ticket.counterNo;
  const from = await QueueTicketModel.findOneAndUpdate(
    { _id: ticket._id, status: ticket.status, callCount: ticket.callCount },
    {
      $set: { status: 'transferred', active: false, closedAt: now, transferredTo: { ticketId: to._id.toString(), serviceCode: target.code, label: to.label } },
      $push: { pendingSteps: newStep('transferred', now, { officerId: officer.officerId, counterNo, toServiceCode: target.code, toTicketId: to._id.toString() }) },
    },
    { returnDocument: 'after' },
  ).lean<QueueTicket>();
  if (!from) {
    // Called, served or moved by someone else meanwhile: the new ticket goes again.
    await withdrawTicket(to);
    throw conflict('queue.counter.ticketMoved', { label: ticket.label });
  }
  await completeSteps(from);
  return { from, to };
}
