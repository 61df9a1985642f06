import { z } from 'zod';
import { buildServicePicker, buildServiceRules, buildTicketCard } from '../../../flex-messages/queue/citizen';
import type { BotContext } from '../../line/context';
import { encodePostback } from '../../line/postback';
import type { BotRouter } from '../../line/router';
import type { Message } from '../../line/types';
import { bangkokDayKey } from '../../shared/dates';
import { isUserFacing, notFound } from '../../shared/errors';
import { shortLabel } from '../../shared/text';
import { localized } from '../departments/department.model';
import { servesLaterToday } from './opening-hours';
import { activeServices, findActiveService } from './service.model';
import { ticketWindow } from './ticket-window';
import { QueueTicketModel, type QueueTicket } from './ticket.model';
import { rejoinQueue } from './rejoin.service';
import { queuePosition } from './queue-position';
import { activeTicketsOf, cancelTicket, findTicketByLabel, takeQueueTicket } from './tickets.service';
import { refusedText, rejoinClosedText, rulesView, serviceCards, ticketView } from './queue.views';

const serviceField = z.object({ s: z.string().regex(/^[a-z0-9][a-z0-9-]{1,39}$/) });
const ticketField = z.object({ t: z.string().regex(/^[0-9a-f]{24}$/) });

/** A typed ticket label: "A023", "a023", "A 023", "A-023". */
export const TICKET_LABEL_PATTERN = /^([A-Za-z])[\s-]?(\d{3})$/;

/** The service's short refusals that have a full answer (refusedText). */
const REFUSALS = ['queue.take.closedShort', 'queue.take.tooLateShort'];

const text = (body: string, quickReply?: Message['quickReply']): Message => (quickReply ? { type: 'text', text: body, quickReply } : { type: 'text', text: body });

function queueQuickReply(ctx: BotContext): Message['quickReply'] {
  return { items: [{ type: 'action', action: { type: 'message', label: shortLabel(ctx.t('queue.buttons.takeAnother')), text: ctx.t('commands.queue') } }] };
}

async function replyTicket(ctx: BotContext, ticket: QueueTicket, note?: string): Promise<void> {
  const position = await queuePosition(ticket, ctx.now);
  ctx.reply(buildTicketCard(ticketView(position, ctx, note), ctx.t));
}

/** The service picker (command, rich menu postback `queue.start`). */
async function showServices(ctx: BotContext): Promise<void> {
  const services = await activeServices();
  if (services.length === 0) {
    ctx.reply(text(ctx.t('queue.picker.none')));
    return;
  }
  ctx.reply(buildServicePicker(await serviceCards(services, ctx.now, ctx), ctx.t));
}

async function take(ctx: BotContext, { s }: { s: string }): Promise<void> {
  const service = await findActiveService(s);
  if (!service) throw notFound('queue.errors.serviceNotFound');
  let taken: Awaited<ReturnType<typeof takeQueueTicket>>;
  try {
    taken = await takeQueueTicket({ citizenId: ctx.userId, serviceCode: service.code, now: ctx.now, sourceEventId: ctx.webhookEventId });
  } catch (err) {
    // Closed or too late: the full answer says why, when the service opens next and its hours.
    const window = isUserFacing(err) && REFUSALS.includes(err.messageKey) ? await ticketWindow(service, ctx.now) : undefined;
    if (!window || window.ok) throw err;
    ctx.reply(text(refusedText(service, window, ctx)));
    return;
  }
  const { ticket, created } = taken;
  const again = !created && ticket.sourceEventId !== ctx.webhookEventId;
  await replyTicket(ctx, ticket, again ? ctx.t('queue.take.alreadyHave') : undefined);
}

async function showRules(ctx: BotContext, { s }: { s: string }): Promise<void> {
  const service = await findActiveService(s);
  if (!service) throw notFound('queue.errors.serviceNotFound');
  ctx.reply(buildServiceRules(await rulesView(service, ctx), ctx.t));
}

/** The citizen's own ticket, fresh; anybody else's is "not found". */
async function ownTicket(ctx: BotContext, ticketId: string): Promise<QueueTicket> {
  const ticket = await QueueTicketModel.findOne({ _id: ticketId, citizenId: ctx.userId }).lean<QueueTicket>();
  if (!ticket) throw notFound('queue.errors.ticketNotFound');
  return ticket;
}

async function myTickets(ctx: BotContext): Promise<void> {
  const tickets = await activeTicketsOf(ctx.userId, ctx.now);
  if (tickets.length === 0) {
    ctx.reply(text(ctx.t('queue.mine.none'), queueQuickReply(ctx)));
    return;
  }
  for (const ticket of tickets.slice(0, 5)) await replyTicket(ctx, ticket);
}

/** A typed label: the owner sees the ticket, anybody else the same generic answer. */
async function lookupLabel(ctx: BotContext, match: RegExpExecArray): Promise<void> {
  const label = `${match[1].toUpperCase()}${match[2]}`;
  const ticket = await findTicketByLabel(label, ctx.now, ctx.userId);
  if (!ticket) {
    ctx.reply(text(ctx.t('queue.lookup.generic', { label })));
    return;
  }
  await replyTicket(ctx, ticket);
}

/** Registers the citizen's commands, buttons and the label pattern. */
export function registerCitizenHandlers(router: BotRouter): void {
  router.command(['รับบัตรคิว', 'บัตรคิว', 'จองคิว', 'queue', 'queue ticket', 'take a ticket'], showServices);
  router.postback('queue.start', z.object({}), showServices);
  router.command(['คิวของฉัน', 'ดูคิว', 'my ticket', 'my queue'], myTickets);
  router.pattern(TICKET_LABEL_PATTERN, lookupLabel);
  router.postback('queue.take', serviceField, take);
  router.postback('queue.rules', serviceField, showRules);
  router.postback('queue.status', ticketField, async (ctx, { t }) => replyTicket(ctx, await ownTicket(ctx, t)));
  router.postback('queue.cancel', ticketField, async (ctx, { t }) => {
    const ticket = await ownTicket(ctx, t);
    if (ticket.status === 'cancelled') {
      ctx.reply(text(ctx.t('queue.cancel.done', { label: ticket.label })));
      return;
    }
    await cancelTicket({ citizenId: ctx.userId, ticketId: t, now: ctx.now });
    ctx.reply(text(ctx.t('queue.cancel.done', { label: ticket.label }), queueQuickReply(ctx)));
  });
  router.postback('queue.rejoin', ticketField, rejoin);
}

/** A no-show back at the end of the queue; after the counters stop for the day, its own answer. */
async function rejoin(ctx: BotContext, { t }: { t: string }): Promise<void> {
  const ticket = await ownTicket(ctx, t);
  const service = await findActiveService(ticket.serviceCode);
  // A repeated tap (or a retried event) after the rejoin only shows the ticket again.
  if (ticket.status === 'waiting' && ticket.rejoinCount > 0) {
    await replyTicket(ctx, ticket, ctx.t('queue.rejoin.done', { service: service ? localized(service.name, ctx.lang) : '' }));
    return;
  }
  const stillToday = ticket.status === 'no_show' && ticket.rejoinCount < 1 && ticket.dayKey === bangkokDayKey(ctx.now);
  if (service && stillToday && !servesLaterToday(service, ctx.now)) {
    ctx.reply(text(rejoinClosedText(service, ctx.now, ctx)));
    return;
  }
  const rejoined = await rejoinQueue({ citizenId: ctx.userId, ticketId: t, now: ctx.now });
  await replyTicket(ctx, rejoined, ctx.t('queue.rejoin.done', { service: service ? localized(service.name, ctx.lang) : '' }));
}

/** Postback data of the rich menu's queue button. */
export const QUEUE_START_POSTBACK = encodePostback('queue.start');
