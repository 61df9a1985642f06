import { z } from 'zod';
import { buildCalledTicket, buildDailySummary } from '../../../flex-messages/queue/counter';
import type { ConversationEngine } from '../../conversation/engine';
import type { BotContext } from '../../line/context';
import { encodePostback } from '../../line/postback';
import type { BotRouter } from '../../line/router';
import type { Message, QuickReplyItem } from '../../line/types';
import { bangkokDayKey, formatDate } from '../../shared/dates';
import { forbidden, notFound, userInput } from '../../shared/errors';
import { shortLabel } from '../../shared/text';
import { localized } from '../departments/department.model';
import { callNext, markArrived, markServed, recallTicket, requireOfficer, requireSkippable, setOfficerCounter } from './counter.service';
import { transferTicket } from './transfer.service';
import { activeServices, findActiveService, type QueueService } from './service.model';
import { skipFlow, SKIP_FLOW_ID } from './skip.flow';
import { dailySummary, type DailySummary } from './summary.service';
import { QueueTicketModel, type QueueTicket } from './ticket.model';
import { rejoinWalkIn } from './rejoin.service';
import { queuePosition } from './queue-position';
import { issueWalkInTicket } from './tickets.service';
import { calledTicketView, walkInLabelText } from './queue.views';

const ticketField = z.object({ t: z.string().regex(/^[0-9a-f]{24}$/) });
const code = z.string().regex(/^[a-z0-9][a-z0-9-]{1,39}$/);

const pbItem = (label: string, data: string, displayText?: string): QuickReplyItem => ({
  type: 'action',
  action: { type: 'postback', label: shortLabel(label), data, ...(displayText ? { displayText } : {}) },
});

function callNextItem(ctx: BotContext): QuickReplyItem {
  return pbItem(ctx.t('queue.buttons.callNext'), encodePostback('queue.callNext'), ctx.t('queue.buttons.callNext'));
}

const say = (ctx: BotContext, body: string, items?: QuickReplyItem[]) => ctx.reply(items && items.length > 0 ? { type: 'text', text: body, quickReply: { items } } : ({ type: 'text', text: body } as Message));

async function departmentServices(ctx: BotContext): Promise<{ services: QueueService[]; officer: Awaited<ReturnType<typeof requireOfficer>> }> {
  const officer = await requireOfficer(ctx.userId);
  const services = await activeServices(officer.departmentCode);
  if (services.length === 0) throw userInput('queue.officer.noServices');
  return { services, officer };
}

/** "ตั้งช่องบริการ": the department's services, then that service's counters. */
async function setCounter(ctx: BotContext, fields: { s?: string; c?: string }): Promise<void> {
  if (!fields.s) {
    const { services } = await departmentServices(ctx);
    const items = services.slice(0, 13).map((s) => pbItem(localized(s.name, ctx.lang), encodePostback('queue.setCounter', { s: s.code }), localized(s.name, ctx.lang)));
    say(ctx, ctx.t('queue.officer.pickService'), items);
    return;
  }
  const service = await findActiveService(fields.s);
  if (!service) throw notFound('queue.errors.serviceNotFound');
  if (!fields.c) {
    const officer = await requireOfficer(ctx.userId);
    if (officer.departmentCode !== service.departmentCode) throw forbidden('queue.officer.otherDepartment');
    const items = service.counters.slice(0, 13).map((n) => pbItem(ctx.t('queue.card.counterOne', { counters: n }), encodePostback('queue.setCounter', { s: service.code, c: n })));
    say(ctx, ctx.t('queue.officer.pickCounter', { service: localized(service.name, ctx.lang) }), items);
    return;
  }
  const result = await setOfficerCounter({ officerLineUserId: ctx.userId, serviceCode: service.code, counterNo: Number(fields.c) });
  say(ctx, ctx.t('queue.officer.counterSet', { service: localized(result.service.name, ctx.lang), counter: result.counterNo }), [callNextItem(ctx)]);
}

async function replyCalled(ctx: BotContext, ticket: QueueTicket, service: QueueService): Promise<void> {
  ctx.reply(buildCalledTicket(await calledTicketView(ticket, service, ctx), ctx.t));
}

async function next(ctx: BotContext): Promise<void> {
  const result = await callNext({ officerLineUserId: ctx.userId, now: ctx.now });
  if (!result.ticket) {
    say(ctx, ctx.t('queue.counter.nobodyWaiting', { service: localized(result.service.name, ctx.lang) }), [callNextItem(ctx)]);
    return;
  }
  await replyCalled(ctx, result.ticket, result.service);
}

/** A ticket this officer may act on, re-read (the button may be old). */
async function ticketOf(ctx: BotContext, ticketId: string): Promise<QueueTicket> {
  const officer = await requireOfficer(ctx.userId);
  const ticket = await QueueTicketModel.findById(ticketId).lean<QueueTicket>();
  if (!ticket) throw notFound('queue.errors.ticketNotFound');
  if (ticket.departmentCode !== officer.departmentCode) throw forbidden('queue.officer.otherDepartment');
  return ticket;
}

async function transfer(ctx: BotContext, fields: { t: string; to?: string }): Promise<void> {
  const ticket = await ticketOf(ctx, fields.t);
  if (!fields.to) {
    const targets = (await activeServices()).filter((s) => s.code !== ticket.serviceCode);
    if (targets.length === 0) throw userInput('queue.transfer.noTargets');
    const items = targets.slice(0, 13).map((s) => pbItem(localized(s.name, ctx.lang), encodePostback('queue.transfer', { t: fields.t, to: s.code }), localized(s.name, ctx.lang)));
    say(ctx, ctx.t('queue.transfer.pick', { label: ticket.label }), items);
    return;
  }
  if (ticket.status === 'transferred' && ticket.transferredTo?.serviceCode === fields.to) {
    const target = await findActiveService(fields.to);
    say(ctx, ctx.t('queue.transfer.done', { label: ticket.label, newLabel: ticket.transferredTo.label, service: target ? localized(target.name, ctx.lang) : fields.to }), [callNextItem(ctx)]);
    return;
  }
  const { to } = await transferTicket({ officerLineUserId: ctx.userId, ticketId: fields.t, toServiceCode: fields.to, now: ctx.now });
  const target = await findActiveService(to.serviceCode);
  say(ctx, ctx.t('queue.transfer.done', { label: ticket.label, newLabel: to.label, service: target ? localized(target.name, ctx.lang) : to.serviceCode }), [callNextItem(ctx)]);
}

async function walkIn(ctx: BotContext, fields: { s?: string }): Promise<void> {
  const { services, officer } = await departmentServices(ctx);
  let serviceCode = fields.s;
  if (!serviceCode && services.length === 1) serviceCode = services[0].code;
  if (!serviceCode) {
    const ordered = [...services].sort((a, b) => Number(b.code === officer.counter?.serviceCode) - Number(a.code === officer.counter?.serviceCode));
    const items = ordered.slice(0, 13).map((s) => pbItem(localized(s.name, ctx.lang), encodePostback('queue.walkIn', { s: s.code }), localized(s.name, ctx.lang)));
    say(ctx, ctx.t('queue.walkIn.pickService'), items);
    return;
  }
  const ticket = await issueWalkInTicket({ officerLineUserId: ctx.userId, serviceCode, now: ctx.now, sourceEventId: ctx.webhookEventId });
  say(ctx, await walkInLabelText(await queuePosition(ticket, ctx.now), ctx));
}

/** "2 (A001 → B003, A004 → C001)": the count, then the labels (the first ten). */
function transfersText(pairs: [string, string][], arrow: string): string {
  if (pairs.length === 0) return '0';
  const shown = pairs.slice(0, 10).map(([a, b]) => `${a} ${arrow} ${b}`);
  return `${pairs.length} (${shown.join(', ')}${pairs.length > shown.length ? ', …' : ''})`;
}

function summaryRow(ctx: BotContext, service: QueueService, s: DailySummary) {
  const minutes = (m: number | null) => (m === null ? ctx.t('queue.summary.none') : ctx.t('queue.minutes', { count: m }));
  return {
    serviceName: localized(service.name, ctx.lang),
    issued: s.issued,
    served: s.served,
    skipped: s.skipped,
    noShows: s.noShows,
    waiting: s.waiting,
    transfersOutText: transfersText(s.transfersOut.map((x) => [x.label, x.to]), '→'),
    transfersInText: transfersText(s.transfersIn.map((x) => [x.label, x.from]), '←'),
    averageWaitText: minutes(s.averageWaitMinutes),
    averageServiceText: minutes(s.averageServiceMinutes),
  };
}

async function summary(ctx: BotContext): Promise<void> {
  const { services } = await departmentServices(ctx);
  const dayKey = bangkokDayKey(ctx.now);
  const rows = await Promise.all(services.map(async (service) => summaryRow(ctx, service, await dailySummary(service.code, dayKey))));
  ctx.reply(buildDailySummary({ dateText: formatDate(ctx.now, ctx.lang), rows }, ctx.t));
}

/** The officer puts a lapsed walk-in ticket back at the end of the queue (from the lapse push). */
async function rejoinWalkInTicket(ctx: BotContext, { t }: { t: string }): Promise<void> {
  const ticket = await rejoinWalkIn({ officerLineUserId: ctx.userId, ticketId: t, now: ctx.now });
  const position = await queuePosition(ticket, ctx.now);
  say(ctx, ctx.t('queue.walkIn.rejoined', { label: ticket.label, count: position.ahead }), [callNextItem(ctx)]);
}

/** Registers the counter officers' commands, buttons and the skip-reason flow. */
export function registerOfficerHandlers(router: BotRouter, engine: ConversationEngine): void {
  engine.register(skipFlow);
  router.command(['ตั้งช่องบริการ', 'set counter'], (ctx) => setCounter(ctx, {}));
  router.postback('queue.setCounter', z.object({ s: code.optional(), c: z.string().regex(/^\d{1,3}$/).optional() }), setCounter);
  router.command(['เรียกคิวถัดไป', 'เรียกคิว', 'call next'], next);
  router.postback('queue.callNext', z.object({}), next);
  router.postback('queue.recall', ticketField, async (ctx, { t }) => {
    const ticket = await recallTicket({ officerLineUserId: ctx.userId, ticketId: t, now: ctx.now });
    const service = await findActiveService(ticket.serviceCode);
    if (service) await replyCalled(ctx, ticket, service);
  });
  router.postback('queue.arrived', ticketField, async (ctx, { t }) => {
    const ticket = await markArrived({ officerLineUserId: ctx.userId, ticketId: t, now: ctx.now });
    say(ctx, ctx.t('queue.counter.arrived', { label: ticket.label }), [pbItem(ctx.t('queue.buttons.served'), encodePostback('queue.served', { t }), ctx.t('queue.buttons.servedDisplay', { label: ticket.label }))]);
  });
  router.postback('queue.served', ticketField, async (ctx, { t }) => {
    const ticket = await ticketOf(ctx, t);
    // A repeated tap (or a retried event) on a ticket already served only confirms it.
    const served = ticket.status === 'served' ? ticket : await markServed({ officerLineUserId: ctx.userId, ticketId: t, now: ctx.now });
    say(ctx, ctx.t('queue.counter.served', { label: served.label }), [callNextItem(ctx)]);
  });
  router.postback('queue.skip', ticketField, async (ctx, { t }) => {
    const ticket = await ticketOf(ctx, t);
    if (ticket.status !== 'called') throw userInput('queue.counter.ticketMoved', { label: ticket.label });
    requireSkippable(await requireOfficer(ctx.userId), ticket);
    await ctx.conversation.start(SKIP_FLOW_ID, { ticketId: t, label: ticket.label });
  });
  router.postback('queue.transfer', z.object({ t: ticketField.shape.t, to: code.optional() }), transfer);
  router.command(['ออกบัตรคิว', 'walk-in ticket', 'walk in ticket'], (ctx) => walkIn(ctx, {}));
  router.postback('queue.walkIn', z.object({ s: code.optional() }), walkIn);
  router.postback('queue.rejoinWalkIn', ticketField, rejoinWalkInTicket);
  router.command(['สรุปคิววันนี้', 'สรุปคิว', 'queue summary'], summary);
  router.postback('queue.summary', z.object({}), summary);
}
