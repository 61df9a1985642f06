import { z } from 'zod';
import { buildSurveyPointPicker, type SurveyChoice } from '../../../flex-messages/surveys/survey-messages';
import type { ConversationEngine } from '../../conversation/engine';
import type { BotContext } from '../../line/context';
import { encodePostback } from '../../line/postback';
import type { BotRouter } from '../../line/router';
import { onDomainEvent } from '../../shared/domain-events';
import { localized } from '../departments/department.model';
import { answerFirstQuestion, answerSurveyFlow, beginSurvey } from './answer-survey.flow';
import { startFromInvitation } from './invitations.service';
import { FIRST_ANSWER_ACTION, inviteAfterCase, inviteAfterTicket } from './invitations.notify';
import { POINT_TEXT_PATTERN } from './point-text';
import { startAtPoint } from './points.service';
import { departmentServices, hasCategories, menuDepartments, POINT_CODE_PATTERN, pointLabel, resolvePoint, type MenuChoice } from './survey-points';

/** Words that open the survey menu (the rich menu button sends the first). */
export const SURVEY_COMMANDS = ['ประเมินความพึงพอใจ', 'แบบประเมิน', 'survey', 'satisfaction survey'];

/** The start button's subject key: `case:<hash>` or `ticket:<hash>` (a plain id on buttons sent before ids were hashed). */
const subjectKey = z.string().regex(/^(case|ticket):[A-Za-z0-9_-]{1,64}$/);
const startFields = z.object({ t: subjectKey });
const firstFields = z.object({ t: subjectKey, x: z.string().regex(/^[a-z][a-zA-Z0-9_]{0,19}\.(?:[1-5]|yes|no|skip|comment)$/) });
const pointFields = z.object({ p: z.string().regex(POINT_CODE_PATTERN) });
const departmentFields = z.object({ d: z.string().regex(POINT_CODE_PATTERN) });

/** Most quick replies a picker shows besides cancel (LINE allows 13 in all). */
const PICKER_MAX = 12;

async function rateAtPoint(ctx: BotContext, code: string, channel: 'menu' | 'qr'): Promise<void> {
  const start = await startAtPoint(code, channel, ctx.userId, ctx.now);
  await beginSurvey(ctx, start, ctx.t('surveys.point.intro', { name: pointLabel(start.point, ctx.t, ctx.lang) }));
}

function pickerChoices(ctx: BotContext, list: MenuChoice[], action: string, field: 'd' | 'p'): SurveyChoice[] {
  return list.map((item) => {
    const name = localized(item.name, ctx.lang);
    return { label: name, displayText: name, data: encodePostback(action, { [field]: item.code }) };
  });
}

const cancelChoice = (ctx: BotContext): SurveyChoice => ({ label: ctx.t('common.cancel'), data: encodePostback('conversation.cancel') });

/** The survey menu: which office to rate, among those that serve the public. */
async function showMenu(ctx: BotContext): Promise<void> {
  const departments = await menuDepartments(PICKER_MAX);
  if (departments.length === 0) {
    ctx.reply({ type: 'text', text: ctx.t('surveys.menu.none') });
    return;
  }
  ctx.reply(buildSurveyPointPicker({ choices: pickerChoices(ctx, departments, 'surveys.department', 'd'), cancel: cancelChoice(ctx) }, ctx.t));
}

/**
 * A department was chosen: a department without counter services is rated as a whole; one with a
 * single service rates it at once; otherwise its services are offered, and its other work too
 * when it also takes complaints.
 */
async function pickDepartment(ctx: BotContext, code: string): Promise<void> {
  const services = await departmentServices(code, PICKER_MAX);
  const wholeToo = services.length > 0 && (await hasCategories(code));
  if (services.length === 0 || (services.length === 1 && !wholeToo)) {
    await rateAtPoint(ctx, services[0]?.code ?? code, 'menu');
    return;
  }
  const department = await resolvePoint(code);
  if (!department) {
    await rateAtPoint(ctx, code, 'menu');
    return;
  }
  const choices = pickerChoices(ctx, services, 'surveys.point', 'p');
  if (wholeToo) choices.push({ label: ctx.t('surveys.menu.otherWork'), data: encodePostback('surveys.point', { p: code }) });
  const name = pointLabel(department, ctx.t, ctx.lang);
  ctx.reply(buildSurveyPointPicker({ choices: choices.slice(0, PICKER_MAX), cancel: cancelChoice(ctx), department: name }, ctx.t));
}

let unsubscribe: (() => void)[] = [];

/** Subscribes to the triggers; a new runtime (tests start several) replaces the old subscription. */
function subscribeToTriggers(): void {
  for (const off of unsubscribe) off();
  unsubscribe = [onDomainEvent('complaint.closed', inviteAfterCase), onDomainEvent('queue.ticketServed', inviteAfterTicket)];
}

/** Registers the survey commands, buttons, the QR text, the question flow and the triggers. */
export function registerSurveys({ router, engine }: { router: BotRouter; engine: ConversationEngine }): void {
  engine.register(answerSurveyFlow);
  router.command(SURVEY_COMMANDS, showMenu);
  router.postback('surveys.menu', z.object({}), showMenu);
  router.postback('surveys.department', departmentFields, (ctx, { d }) => pickDepartment(ctx, d));
  router.postback('surveys.point', pointFields, (ctx, { p }) => rateAtPoint(ctx, p, 'menu'));
  router.postback('surveys.start', startFields, async (ctx, { t }) => beginSurvey(ctx, await startFromInvitation(t, ctx.userId, ctx.now)));
  router.postback(FIRST_ANSWER_ACTION, firstFields, async (ctx, { t, x }) => answerFirstQuestion(ctx, await startFromInvitation(t, ctx.userId, ctx.now), x));
  router.pattern(POINT_TEXT_PATTERN, (ctx, match) => rateAtPoint(ctx, match[1], 'qr'));
  subscribeToTriggers();
}
