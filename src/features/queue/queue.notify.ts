import { buildNoShowNotice, type NoShowView } from '../../../flex-messages/queue/notices';
import { translator, type Lang } from '../../i18n';
import { enqueuePush } from '../../notifications/outbox.service';
import { bangkok, formatDate, formatDateTime } from '../../shared/dates';
import { localized } from '../departments/department.model';
import { getSettings } from '../municipality/settings';
import { languageOf } from '../users/users.service';
import { nextOpeningAfterToday, openingState } from './opening-hours';
import { countAhead } from './queue-position';
import type { QueueService } from './service.model';
import { QueueTicketModel, type QueueStep, type QueueTicket } from './ticket.model';

/**
 * The pushes the queue sends to citizens (in their language, through the outbox). Each has a
 * dedupe key, so a retried event, step or job run never pushes twice.
 */

async function pushText(citizenId: string, key: string, params: Record<string, unknown>, topic: string, dedupeKey: string, notBefore?: Date): Promise<void> {
  const lang = await languageOf(citizenId);
  await enqueuePush({ to: citizenId, messages: [{ type: 'text', text: translator(lang)(key, params) }], topic, dedupeKey, notBefore });
}

async function serviceName(service: Pick<QueueService, 'name'>, citizenId: string): Promise<string> {
  return localized(service.name, await languageOf(citizenId));
}

/** "Your turn: ticket A023, counter 2" (again on each recall). */
export async function pushCalled(ticket: QueueTicket, service: Pick<QueueService, 'name'>, step: QueueStep): Promise<void> {
  if (!ticket.citizenId) return;
  const params = { label: ticket.label, counter: step.counterNo ?? ticket.counterNo, service: await serviceName(service, ticket.citizenId) };
  await pushText(ticket.citizenId, 'queue.push.called', params, 'queue.called', `queue.called:${ticket._id.toString()}:${step.id}`);
}

/** Why the no-show notice does or does not offer a rejoin, as its builder shows it. */
function rejoinOffer(ticket: QueueTicket, service: Pick<QueueService, 'hours' | 'holidays'>, step: QueueStep, lang: Lang): Pick<NoShowView, 'rejoin' | 'nextOpenText'> {
  if (step.canRejoin) return { rejoin: 'allowed' };
  if (ticket.rejoinCount >= 1) return { rejoin: 'used' };
  const next = nextOpeningAfterToday(service, step.at);
  return { rejoin: 'closedToday', nextOpenText: next ? formatDateTime(next, lang) : undefined };
}

/** The no-show notice, with the button to rejoin at the end of the queue when still allowed today. */
export async function pushNoShow(ticket: QueueTicket, service: Pick<QueueService, 'name' | 'hours' | 'holidays'>, step: QueueStep): Promise<void> {
  if (!ticket.citizenId) return;
  const lang = await languageOf(ticket.citizenId);
  const { noShowMinutes } = (await getSettings()).queue;
  const view = { ticketId: ticket._id.toString(), label: ticket.label, serviceName: localized(service.name, lang), minutes: noShowMinutes, ...rejoinOffer(ticket, service, step, lang) };
  await enqueuePush({ to: ticket.citizenId, messages: [buildNoShowNotice(view, translator(lang))], topic: 'queue.noShow', dedupeKey: `queue.noShow:${ticket._id.toString()}:${step.id}` });
}

/** The officer skipped the ticket, with the reason in the citizen's language. */
export async function pushSkipped(ticket: QueueTicket, service: Pick<QueueService, 'name'>, step: QueueStep): Promise<void> {
  if (!ticket.citizenId) return;
  const lang = await languageOf(ticket.citizenId);
  const t = translator(lang);
  const reason = step.reasonKey ? t(`queue.skip.reasons.${step.reasonKey}`) : (step.reason ?? '');
  await enqueuePush({
    to: ticket.citizenId,
    messages: [{ type: 'text', text: t('queue.push.skipped', { label: ticket.label, service: localized(service.name, lang), reason }) }],
    topic: 'queue.skipped',
    dedupeKey: `queue.skipped:${ticket._id.toString()}`,
  });
}

/** The ticket moved to another service under a new label, keeping its place by time. */
export async function pushTransferred(from: QueueTicket, to: Pick<QueueTicket, 'label' | 'citizenId'>, target: Pick<QueueService, 'name'>): Promise<void> {
  if (!to.citizenId) return;
  const params = { label: from.label, newLabel: to.label, service: await serviceName(target, to.citizenId) };
  await pushText(to.citizenId, 'queue.push.transferred', params, 'queue.transferred', `queue.transferred:${from._id.toString()}`);
}

/** Not before 07.00 Bangkok time: a ticket lapsing at midnight is told in the morning, not at night. */
function morningOf(at: Date): Date {
  const seven = bangkok(at).startOf('day').add(7, 'hour').toDate();
  return at.getTime() < seven.getTime() ? seven : at;
}

/** The day ended with the ticket still in the queue: it lapsed; say when the service opens next. */
export async function pushExpired(ticket: QueueTicket, service: Pick<QueueService, 'name' | 'hours' | 'holidays'>, step: QueueStep): Promise<void> {
  if (!ticket.citizenId) return;
  const lang = await languageOf(ticket.citizenId);
  const t = translator(lang);
  const state = openingState(service, step.at);
  const nextOpen = state.open ? step.at : state.nextOpen;
  const params = { label: ticket.label, service: localized(service.name, lang), date: formatDate(ticket.takenAt, lang) };
  const text = [t('queue.push.expired', params), ...(nextOpen ? [t('queue.closed.nextOpen', { at: formatDateTime(nextOpen, lang) })] : [])].join('\n');
  await enqueuePush({ to: ticket.citizenId, messages: [{ type: 'text', text }], topic: 'queue.expired', dedupeKey: `queue.expired:${ticket._id.toString()}`, notBefore: morningOf(step.at) });
}

/**
 * "N ahead of you": once per time in the queue, to the waiting tickets that now have at most
 * settings.queue.notifyWhenAhead people ahead. The push is queued before the ticket is marked:
 * its dedupe key keeps it to one, and a crash in between only repeats a no-op.
 */
export async function notifyAhead(service: Pick<QueueService, 'code' | 'name'>, dayKey: string): Promise<void> {
  const { notifyWhenAhead } = (await getSettings()).queue;
  const waiting = await QueueTicketModel.find({ serviceCode: service.code, dayKey, status: 'waiting' })
    .sort({ queuedAt: 1, seq: 1 })
    .limit(notifyWhenAhead + 1)
    .lean<QueueTicket[]>();
  for (const [ahead, ticket] of waiting.entries()) {
    if (ticket.aheadNotified || !ticket.citizenId) continue;
    const params = { count: ahead, label: ticket.label, service: await serviceName(service, ticket.citizenId) };
    const key = ahead === 0 ? 'queue.push.next' : 'queue.push.ahead';
    await pushText(ticket.citizenId, key, params, 'queue.ahead', `queue.ahead:${ticket._id.toString()}:${ticket.rejoinCount}`);
    await QueueTicketModel.updateOne({ _id: ticket._id, aheadNotified: false }, { $set: { aheadNotified: true } });
  }
}

/**
 * The citizen taking a ticket is shown its place on the ticket card; a "N ahead" push right
 * after would only repeat it, at the cost of a push. So a ticket taken with few ahead counts as
 * told, but only when that place cannot still grow: every lower number is already stored, none
 * still being made by a request running at the same moment. Otherwise the near-turn notifier
 * decides, as for everyone else.
 */
export async function markToldByCard(ticket: QueueTicket): Promise<void> {
  const { notifyWhenAhead } = (await getSettings()).queue;
  if ((await countAhead(ticket)) > notifyWhenAhead) return;
  const lower = await QueueTicketModel.countDocuments({ serviceCode: ticket.serviceCode, dayKey: ticket.dayKey, seq: { $lt: ticket.seq } });
  if (lower !== ticket.seq - 1) return;
  await QueueTicketModel.updateOne({ _id: ticket._id, aheadNotified: false }, { $set: { aheadNotified: true } });
}
