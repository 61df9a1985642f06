import { randomUUID } from 'node:crypto';
import { emitDomainEvent } from '../../shared/domain-events';
import { errorText, logger } from '../../shared/logger';
import { tellOfficerCancelled, tellOfficerWalkInLapsed } from './counter.notify';
import { recordQueueEvent, type QueueEventType } from './queue-event.model';
import { notifyAhead, pushCalled, pushExpired, pushNoShow, pushSkipped, pushTransferred } from './queue.notify';
import { findService, type QueueService } from './service.model';
import { QueueTicketModel, type QueueStep, type QueueTicket } from './ticket.model';

/**
 * A ticket's change and what must follow it (the audit record, a push, the survey invitation)
 * are written together: the change's atomic update also pushes a step onto `pendingSteps`.
 * `completeSteps` then records, notifies and removes each step; every part is keyed by the
 * step's id, so doing a step again (a retried event, the re-scan after a crash) does it once.
 */

/** How long a step may stay pending before the timers job takes it as abandoned. */
export const STEP_GRACE_MS = 30_000;

/** A new step of `type` at `at`, with its details. */
export function newStep(type: QueueEventType, at: Date, details: Omit<QueueStep, 'id' | 'type' | 'at'> = {}): QueueStep {
  return { id: randomUUID(), type, at, ...details };
}

type Notice = (ticket: QueueTicket, service: QueueService, step: QueueStep) => Promise<void>;

async function transferNotice(ticket: QueueTicket, _service: QueueService, step: QueueStep): Promise<void> {
  const [to, target] = await Promise.all([QueueTicketModel.findById(step.toTicketId).lean<QueueTicket>(), findService(step.toServiceCode ?? '')]);
  if (to && target) await pushTransferred(ticket, to, target);
}

async function servedNotice(ticket: QueueTicket, _service: QueueService, step: QueueStep): Promise<void> {
  await emitDomainEvent('queue.ticketServed', {
    ticketId: ticket._id.toString(),
    label: ticket.label,
    serviceCode: ticket.serviceCode,
    departmentCode: ticket.departmentCode,
    counterNo: step.counterNo,
    citizenId: ticket.citizenId,
    officerId: step.officerId,
    at: step.at,
  });
}

/** Who hears of each kind of change, besides the audit trail. */
const NOTICES: Partial<Record<QueueEventType, Notice>> = {
  called: pushCalled,
  recalled: pushCalled,
  no_show: (ticket, service, step) => (ticket.citizenId ? pushNoShow(ticket, service, step) : tellOfficerWalkInLapsed(ticket, service, step)),
  skipped: pushSkipped,
  cancelled: (ticket, service, step) => (step.counterNo === undefined ? Promise.resolve() : tellOfficerCancelled(ticket, service, step)),
  transferred: transferNotice,
  expired: pushExpired,
  served: servedNotice,
};

/** Changes after which somebody else may have come within "N ahead". */
const MOVES_QUEUE = new Set<QueueEventType>(['taken', 'called', 'skipped', 'cancelled', 'transferred', 'rejoined']);

async function runStep(ticket: QueueTicket, step: QueueStep, service: QueueService | null): Promise<void> {
  // The step's id keys the record; its `canRejoin` only shapes the notice (the audit schema drops it).
  const { id, ...details } = step;
  await recordQueueEvent({ ...details, ticket, eventKey: `${ticket._id.toString()}:${id}` });
  if (service) await NOTICES[step.type]?.(ticket, service, step);
  await QueueTicketModel.updateOne({ _id: ticket._id }, { $pull: { pendingSteps: { id } } });
}

async function runSteps(ticket: QueueTicket, known?: QueueService): Promise<void> {
  const steps = ticket.pendingSteps ?? [];
  if (steps.length === 0) return;
  const service = known?.code === ticket.serviceCode ? known : await findService(ticket.serviceCode);
  const queues = new Set<string>();
  for (const step of steps) {
    await runStep(ticket, step, service);
    if (MOVES_QUEUE.has(step.type)) queues.add(ticket.serviceCode);
    if (step.toServiceCode) queues.add(step.toServiceCode);
  }
  for (const code of queues) {
    const queue = code === service?.code ? service : await findService(code);
    if (queue) await notifyAhead(queue, ticket.dayKey);
  }
}

/**
 * Completes a ticket's pending steps (`service`: the ticket's, when the caller has it). A
 * failure (a database or outbox error) leaves the rest pending for the timers job and is only
 * logged here: the change itself already happened.
 */
export async function completeSteps(ticket: QueueTicket, service?: QueueService): Promise<void> {
  try {
    await runSteps(ticket, service);
  } catch (err) {
    logger.error({ ticketId: ticket._id.toString(), err: errorText(err) }, 'queue follow-up failed; the timers job will finish it');
  }
}

/** The re-scan: steps left pending longer than STEP_GRACE_MS (a crash, a failed push) are completed. */
export async function completeStaleSteps(now: Date): Promise<number> {
  const stale = await QueueTicketModel.find({ 'pendingSteps.at': { $lte: new Date(now.getTime() - STEP_GRACE_MS) } })
    .limit(200)
    .lean<QueueTicket[]>();
  for (const ticket of stale) await completeSteps(ticket);
  return stale.length;
}
