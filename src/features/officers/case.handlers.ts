import { z } from 'zod';
import { buildCaseDetail, casePostback } from '../../../flex-messages/officers/case-cards';
import { buildMyCases, buildOverdueList, OVERDUE_LIST_MAX } from '../../../flex-messages/officers/case-lists';
import type { BotContext } from '../../line/context';
import { LINE_LIMITS } from '../../line/limits';
import type { BotRouter } from '../../line/router';
import type { Message } from '../../line/types';
import { formatDate } from '../../shared/dates';
import { AppError, forbidden } from '../../shared/errors';
import { DepartmentModel, localized } from '../departments/department.model';
import { canAct } from '../complaints/complaint-status';
import { acceptCase, takeOver } from '../complaints/complaints.service';
import { ComplaintModel, type ComplaintDoc } from '../complaints/complaint.model';
import { getSettings } from '../municipality/settings';
import { actorOf, assertAccess, availableActions, caseFields, findOfficer, isHolder, loadCase, mayView, requireOfficer, type ActiveOfficer } from './case-access';
import { FLOW_ACTIONS, FLOW_IDS, type FlowAction } from './case-flow';
import { notifyTaken } from './case-notify';
import { shortLabel } from '../../shared/text';
import { inGroupChat, replyInGroup, tellGroupWhereItWent, toOfficerChat } from './private-chat';
import { detailView, listItemView, namesOf } from './case-view';
import { departmentBacklog, openCasesHeldBy } from './case-queries';

/** The case card as this officer may see it: phone and action buttons only for the holder. */
async function detailCard(ctx: BotContext, officer: ActiveOfficer, doc: ComplaintDoc): Promise<Message> {
  const view = detailView(doc, await namesOf(doc), ctx.lang, ctx.now, { showPhone: isHolder(officer, doc), actions: availableActions(officer, doc) });
  return buildCaseDetail(view, ctx.t);
}

/**
 * The officer holds the case: accepted (waiting for acceptance) or taken over (under way when its
 * holder was revoked). Returns the case, or the name of whoever was quicker.
 */
async function holdCase(officer: ActiveOfficer, doc: ComplaintDoc, now: Date): Promise<{ held: ComplaintDoc } | { takenBy: string }> {
  const hold = canAct('accept', doc.status, 'officer') ? acceptCase : takeOver;
  try {
    return { held: await hold(String(doc._id), actorOf(officer), now) };
  } catch (err) {
    // Two officers pressed at once and the other one won: say who, in our words.
    if (err instanceof AppError && err.messageKey === 'complaints.errors.alreadyAccepted') return { takenBy: String(err.params.name ?? '-') };
    throw err;
  }
}

/** Accept: the first officer of the department to press it holds the case. */
async function accept(ctx: BotContext, caseId: string): Promise<void> {
  const officer = await requireOfficer(ctx);
  const doc = await loadCase(caseId);
  if (isHolder(officer, doc)) {
    ctx.reply({ type: 'text', text: ctx.t('officers.accept.alreadyYours', { number: doc.number }) });
    return;
  }
  if (doc.holder?.id && officer.departmentCode === doc.departmentCode) {
    ctx.reply({ type: 'text', text: ctx.t('officers.accept.takenByOther', { number: doc.number, name: doc.holder.name ?? '-' }) });
    return;
  }
  assertAccess(ctx, officer, doc, 'accept');
  const outcome = await holdCase(officer, doc, ctx.now);
  if ('takenBy' in outcome) {
    ctx.reply({ type: 'text', text: ctx.t('officers.accept.takenByOther', { number: doc.number, name: outcome.takenBy }) });
    return;
  }
  const { held } = outcome;
  const done: Message = { type: 'text', text: ctx.t('officers.accept.done', { number: held.number, due: formatDate(held.dueAt, ctx.lang) }) };
  const delivered = await toOfficerChat(ctx, officer, [done, await detailCard(ctx, officer, held)]);
  if (inGroupChat(ctx)) replyInGroup(ctx, delivered ? 'officers.group.accepted' : 'officers.group.acceptedAddOa', { name: officer.name, number: held.number });
  // The group pressed in already reads who took it.
  await notifyTaken(held, { lineUserId: officer.lineUserId, name: officer.name }, inGroupChat(ctx) ? ctx.chatId : undefined);
}

async function detail(ctx: BotContext, caseId: string): Promise<void> {
  const officer = await requireOfficer(ctx);
  const doc = await loadCase(caseId);
  if (!mayView(officer, doc)) throw forbidden('officers.errors.wrongDepartment');
  tellGroupWhereItWent(ctx, officer, doc.number, await toOfficerChat(ctx, officer, [await detailCard(ctx, officer, doc)]));
}

/**
 * A button that starts a short flow: checked now, and again when the flow finishes. Pressed in
 * a group, the officer gets the case and the same button in their own chat, where the dialog runs.
 */
function startCaseFlow(action: FlowAction) {
  return async (ctx: BotContext, { c }: { c: string }) => {
    const officer = await requireOfficer(ctx);
    const doc = await loadCase(c);
    assertAccess(ctx, officer, doc, action);
    if (!inGroupChat(ctx)) {
      await ctx.conversation.start(FLOW_IDS[action], { caseId: String(doc._id), number: doc.number });
      return;
    }
    const label = ctx.t(`officers.actions.${action}`);
    const carryOn: Message = {
      type: 'text',
      text: ctx.t('officers.group.continueHere', { number: doc.number, action: label }),
      quickReply: { items: [{ type: 'action', action: { type: 'postback', label: shortLabel(label), data: casePostback(action, String(doc._id)), displayText: label } }] },
    };
    tellGroupWhereItWent(ctx, officer, doc.number, await toOfficerChat(ctx, officer, [await detailCard(ctx, officer, doc), carryOn]));
  };
}

/** "งานของฉัน": the officer's open cases, earliest due first. */
async function myCases(ctx: BotContext): Promise<void> {
  const officer = await requireOfficer(ctx);
  const cases = await openCasesHeldBy(officer.lineUserId);
  if (cases.length === 0) {
    ctx.reply({ type: 'text', text: ctx.t('officers.myCases.none') });
    return;
  }
  const shown = cases.slice(0, LINE_LIMITS.carouselBubbles);
  const items = await Promise.all(shown.map(async (doc) => listItemView(doc, await namesOf(doc, { photo: false }), ctx.lang, ctx.now, { actions: availableActions(officer, doc) })));
  ctx.reply(buildMyCases(items, cases.length, ctx.t));
  if (cases.length > shown.length) ctx.reply({ type: 'text', text: ctx.t('officers.myCases.more', { shown: shown.length, total: cases.length }) });
}

/** "เลยกำหนด" for heads: the department's cases past due or not accepted in time. */
async function overdue(ctx: BotContext): Promise<void> {
  const officer = await requireOfficer(ctx);
  if (!officer.roles.includes('head')) throw forbidden('officers.errors.headOnly');
  const { complaints } = await getSettings();
  const backlog = await departmentBacklog(officer.departmentCode, ctx.now, complaints.acceptWithinDays);
  if (backlog.length === 0) {
    ctx.reply({ type: 'text', text: ctx.t('officers.overdue.none') });
    return;
  }
  const department = await DepartmentModel.findOne({ code: officer.departmentCode }).lean();
  const items = await Promise.all(backlog.slice(0, OVERDUE_LIST_MAX).map(async ({ doc, flag }) => listItemView(doc, await namesOf(doc, { photo: false }), ctx.lang, ctx.now, { flag })));
  ctx.reply(buildOverdueList(items, backlog.length, localized(department?.name, ctx.lang) || officer.departmentCode, ctx.t));
}

/**
 * A viewer of typed case numbers (complaints' pattern asks it first): when the writer is an
 * active officer who may see the case, answers with the officer's card and returns true;
 * otherwise returns false and the citizen view applies.
 */
export async function showCaseToOfficer(ctx: BotContext, caseNumber: string): Promise<boolean> {
  const officer = await findOfficer(ctx.userId);
  if (!officer) return false;
  const doc = await ComplaintModel.findOne({ number: String(caseNumber) }).lean<ComplaintDoc>();
  if (!doc || !mayView(officer, doc)) return false;
  ctx.reply(await detailCard(ctx, officer, doc));
  return true;
}

/** The officers' commands (Thai and English words) and the buttons of their cards and menu. */
export function registerCaseHandlers(router: BotRouter): void {
  router.command(['งานของฉัน', 'my cases', 'mycases'], myCases);
  router.command(['เลยกำหนด', 'overdue', 'เรื่องเลยกำหนด'], overdue);
  router.postback('officers.myCases', z.object({}), myCases);
  router.postback('officers.overdue', z.object({}), overdue);
  router.postback('officers.accept', caseFields, (ctx, { c }) => accept(ctx, c));
  router.postback('officers.detail', caseFields, (ctx, { c }) => detail(ctx, c));
  for (const action of FLOW_ACTIONS) {
    router.postback(`officers.${action}`, caseFields, startCaseFlow(action));
  }
}
