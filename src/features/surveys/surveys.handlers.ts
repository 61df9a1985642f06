import { z } from 'zod';
import { buildSurveyInvitation, buildSurveyPointPicker } from '../../../flex-messages/surveys/survey-messages';
import type { ConversationEngine } from '../../conversation/engine';
import { translator } from '../../i18n';
import type { BotContext } from '../../line/context';
import { encodePostback } from '../../line/postback';
import type { BotRouter } from '../../line/router';
import { enqueuePush } from '../../notifications/outbox.service';
import { clock } from '../../shared/clock';
import { onDomainEvent, type DomainEvents } from '../../shared/domain-events';
import { logger } from '../../shared/logger';
import { DepartmentModel, localized } from '../departments/department.model';
import { languageOf } from '../users/users.service';
import { ANSWER_SURVEY_FLOW, answerSurveyFlow, initialAnswers, thanksMessages } from './answer-survey.flow';
import { menuDepartments, POINT_CODE_PATTERN, type ServicePoint } from './survey-points';
import { currentSurvey } from './survey-store';
import { completeSurvey, recordInvitation, startAtPoint, startFromInvitation, type InvitationInput, type SurveyStart } from './surveys.service';

/** Words that open the survey menu (the rich menu button sends the first). */
export const SURVEY_COMMANDS = ['ประเมินความพึงพอใจ', 'แบบประเมิน', 'survey', 'satisfaction survey'];
/**
 * The text a counter's QR code pre-fills ("ประเมิน จุดบริการ REG-1"), and its English form.
 * Only the code is read from it; it is validated before any query.
 */
export const POINT_TEXT_PATTERN = /^(?:ประเมิน\s*จุดบริการ|rate\s+(?:service\s+)?point)\s+(\S{1,40})$/i;

const startFields = z.object({ t: z.string().regex(/^(case|ticket):[A-Za-z0-9_-]{1,64}$/) });
const pointFields = z.object({ p: z.string().regex(POINT_CODE_PATTERN) });

/** Starts the question flow, or completes at once a response that has every answer already. */
async function begin(ctx: BotContext, start: SurveyStart, intro?: string): Promise<void> {
  if (start.finished) {
    await completeSurvey(start.subject.key, ctx.userId, ctx.now);
    ctx.reply(...thanksMessages(ctx, start.survey.questions, start.values));
    return;
  }
  if (Object.keys(start.values).length > 0) ctx.reply({ type: 'text', text: ctx.t('surveys.resume') });
  else if (intro) ctx.reply({ type: 'text', text: intro });
  await ctx.conversation.start(ANSWER_SURVEY_FLOW, initialAnswers(start.subject, start.survey, start.values) as unknown as Record<string, unknown>);
}

function pointName(ctx: BotContext, point: ServicePoint): string {
  const service = point.serviceName ? localized(point.serviceName, ctx.lang) : point.serviceCode;
  const department = point.departmentName ? localized(point.departmentName, ctx.lang) : undefined;
  if (point.counterNo !== undefined) return ctx.t('surveys.point.counter', { service, counter: point.counterNo });
  return service ?? department ?? point.code;
}

async function rateAtPoint(ctx: BotContext, code: string, channel: 'menu' | 'qr'): Promise<void> {
  const start = await startAtPoint(code, channel, ctx.userId, ctx.now);
  await begin(ctx, start, ctx.t('surveys.point.intro', { name: pointName(ctx, start.point) }));
}

/** The survey menu: which department to rate, one quick reply each. */
async function showMenu(ctx: BotContext): Promise<void> {
  const departments = await menuDepartments(12);
  if (departments.length === 0) {
    ctx.reply({ type: 'text', text: ctx.t('surveys.menu.none') });
    return;
  }
  const choices = departments.map((d) => {
    const name = localized(d.name, ctx.lang);
    return { label: name, displayText: name, data: encodePostback('surveys.point', { p: d.code }) };
  });
  ctx.reply(buildSurveyPointPicker({ choices, cancel: { label: ctx.t('common.cancel'), data: encodePostback('conversation.cancel') } }, ctx.t));
}

/** Pushes the invitation (once per subject: the outbox dedupe key), in the citizen's language. */
async function pushInvitation(input: InvitationInput, subjectText: (t: ReturnType<typeof translator>) => string): Promise<void> {
  const now = clock.now();
  const survey = await currentSurvey(input.channel);
  if (!survey) {
    logger.warn({ channel: input.channel }, 'no active survey: invitation not sent');
    return;
  }
  const key = await recordInvitation(input, now);
  const lang = await languageOf(input.citizenId);
  const t = translator(lang);
  const department = input.departmentCode ? await DepartmentModel.findOne({ code: input.departmentCode }, { name: 1 }).lean() : null;
  const message = buildSurveyInvitation(
    {
      subject: subjectText(t),
      servedBy: department ? localized(department.name, lang) : undefined,
      questionCount: survey.questions.filter((q) => q.type !== 'text').length,
      startData: encodePostback('surveys.start', { t: key }),
    },
    t,
  );
  await enqueuePush({ to: input.citizenId, messages: [message], topic: 'surveys.invite', dedupeKey: `surveys.invite:${key}` });
}

/** complaint.closed: invite the citizen who filed the case (none for cases without a LINE citizen). */
export async function inviteAfterCase(e: DomainEvents['complaint.closed']): Promise<void> {
  if (!e.citizenId) return;
  await pushInvitation(
    { channel: 'after_case', citizenId: e.citizenId, caseId: e.caseId, departmentCode: e.departmentCode, categoryCode: e.categoryCode, officerId: e.officerId },
    (t) => t('surveys.invite.case', { number: e.caseNumber }),
  );
}

/** queue.ticketServed: invite the citizen who held the ticket. */
export async function inviteAfterTicket(e: DomainEvents['queue.ticketServed']): Promise<void> {
  if (!e.citizenId) return;
  await pushInvitation(
    { channel: 'after_ticket', citizenId: e.citizenId, ticketId: e.ticketId, departmentCode: e.departmentCode, serviceCode: e.serviceCode, officerId: e.officerId },
    (t) => t('surveys.invite.ticket', { label: e.label }),
  );
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
  router.postback('surveys.point', pointFields, (ctx, { p }) => rateAtPoint(ctx, p, 'menu'));
  router.postback('surveys.start', startFields, async (ctx, { t }) => begin(ctx, await startFromInvitation(t, ctx.userId, ctx.now)));
  router.pattern(POINT_TEXT_PATTERN, (ctx, match) => rateAtPoint(ctx, match[1], 'qr'));
  subscribeToTriggers();
}
