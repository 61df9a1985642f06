import { buildNoShowNotice } from '../../../flex-messages/queue/notices';
import { translator } from '../../i18n';
import { enqueuePush } from '../../notifications/outbox.service';
import { localized } from '../departments/department.model';
import { getSettings } from '../municipality/settings';
import { languageOf } from '../users/users.service';
import type { QueueService } from './service.model';
import { QueueTicketModel, type QueueTicket } from './ticket.model';

/**
 * The pushes the queue sends to citizens (in their language, through the outbox). Each has a
 * dedupe key, so a retried event or job run never pushes twice.
 */

async function pushText(citizenId: string, key: string, params: Record<string, unknown>, topic: string, dedupeKey: string): Promise<void> {
  const lang = await languageOf(citizenId);
  await enqueuePush({ to: citizenId, messages: [{ type: 'text', text: translator(lang)(key, params) }], topic, dedupeKey });
}

async function serviceName(service: Pick<QueueService, 'name'>, citizenId: string): Promise<string> {
  return localized(service.name, await languageOf(citizenId));
}

/** "Your turn: ticket A023, counter 2" (again on each recall). */
export async function pushCalled(ticket: QueueTicket, service: Pick<QueueService, 'name'>): Promise<void> {
  if (!ticket.citizenId) return;
  const params = { label: ticket.label, counter: ticket.counterNo, service: await serviceName(service, ticket.citizenId) };
  await pushText(ticket.citizenId, 'queue.push.called', params, 'queue.called', `queue.called:${ticket._id.toString()}:${ticket.callCount}`);
}

/** The no-show notice, with the button to rejoin at the end of the queue when still allowed. */
export async function pushNoShow(ticket: QueueTicket, service: Pick<QueueService, 'name'>, noShowMinutes: number): Promise<void> {
  if (!ticket.citizenId) return;
  const lang = await languageOf(ticket.citizenId);
  const message = buildNoShowNotice(
    { ticketId: ticket._id.toString(), label: ticket.label, serviceName: localized(service.name, lang), minutes: noShowMinutes, canRejoin: ticket.rejoinCount < 1 },
    translator(lang),
  );
  await enqueuePush({ to: ticket.citizenId, messages: [message], topic: 'queue.noShow', dedupeKey: `queue.noShow:${ticket._id.toString()}:${ticket.rejoinCount}` });
}

/** The officer skipped the ticket, with the reason. */
export async function pushSkipped(ticket: QueueTicket, service: Pick<QueueService, 'name'>, reason: string): Promise<void> {
  if (!ticket.citizenId) return;
  const params = { label: ticket.label, service: await serviceName(service, ticket.citizenId), reason };
  await pushText(ticket.citizenId, 'queue.push.skipped', params, 'queue.skipped', `queue.skipped:${ticket._id.toString()}`);
}

/** The ticket moved to another service under a new label, keeping its place by time. */
export async function pushTransferred(from: QueueTicket, to: QueueTicket, service: Pick<QueueService, 'name'>): Promise<void> {
  if (!to.citizenId) return;
  const params = { label: from.label, newLabel: to.label, service: await serviceName(service, to.citizenId) };
  await pushText(to.citizenId, 'queue.push.transferred', params, 'queue.transferred', `queue.transferred:${from._id.toString()}`);
}

/**
 * "N ahead of you": once per ticket, to the waiting tickets that now have at most
 * settings.queue.notifyWhenAhead people ahead. Tickets taken with few ahead are marked when taken.
 */
export async function notifyAhead(service: Pick<QueueService, 'code' | 'name'>, dayKey: string): Promise<void> {
  const { notifyWhenAhead } = (await getSettings()).queue;
  const waiting = await QueueTicketModel.find({ serviceCode: service.code, dayKey, status: 'waiting' })
    .sort({ queuedAt: 1, seq: 1 })
    .limit(notifyWhenAhead + 1)
    .lean<QueueTicket[]>();
  for (const [ahead, ticket] of waiting.entries()) {
    if (ticket.aheadNotified || !ticket.citizenId) continue;
    const marked = await QueueTicketModel.updateOne({ _id: ticket._id, aheadNotified: false }, { $set: { aheadNotified: true } });
    if (marked.modifiedCount === 0) continue;
    const params = { count: ahead, label: ticket.label, service: await serviceName(service, ticket.citizenId) };
    const key = ahead === 0 ? 'queue.push.next' : 'queue.push.ahead';
    await pushText(ticket.citizenId, key, params, 'queue.ahead', `queue.ahead:${ticket._id.toString()}:${ticket.rejoinCount}`);
  }
}
