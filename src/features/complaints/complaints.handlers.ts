import { z } from 'zod';
import { buildCaseCarousel, MAX_CASES_IN_LIST } from '../../../flex-messages/complaints/case-list';
import { buildCaseTimeline } from '../../../flex-messages/complaints/timeline';
import type { BotContext } from '../../line/context';
import { conflict, notFound } from '../../shared/errors';
import type { BotRouter } from '../../line/router';
import type { BotRegistry } from '../feature';
import { answerFlow, ANSWER_FLOW_ID, cancelCaseFlow, CANCEL_CASE_FLOW_ID, reopenFlow, REOPEN_FLOW_ID } from './case-actions.flow';
import { answeredByViewer } from './case-number-viewers';
import { caseCardView, timelineView } from './case-views';
import type { ComplaintDoc } from './complaint.model';
import { canAct, isOpen } from './complaint-status';
import { assertReopenable, confirmResolved, findCaseForCitizen, getCaseForCitizen, listCasesForCitizen, normalizeCaseNumber } from './complaints.service';
import { FILE_FLOW_ID, fileComplaintFlow, initialFileAnswers } from './file-complaint.flow';

/** Words that start filing, in every language the OA speaks. */
export const FILE_WORDS = ['แจ้งเรื่อง', 'ร้องเรียน', 'ร้องทุกข์', 'แจ้งเรื่องร้องเรียน', 'complaint', 'complain', 'file a complaint', 'တိုင်ကြားရန်'];
/** Words that list the citizen's cases. */
export const TRACK_WORDS = ['ติดตามเรื่อง', 'เรื่องที่แจ้ง', 'ติดตาม', 'track', 'track my complaint', 'ခြေရာခံရန်'];
/** A case number as typed: C2569-00042, c2569-42. */
export const CASE_NUMBER_PATTERN = /^[cC]\s*-?\s*\d{4}\s*-\s*\d{1,5}$/;

const caseIdFields = z.object({ id: z.string().regex(/^[0-9a-f]{24}$/) });

async function startFiling(ctx: BotContext): Promise<void> {
  await ctx.conversation.start(FILE_FLOW_ID, { ...initialFileAnswers() });
}

async function showCases(ctx: BotContext): Promise<void> {
  const cases = await listCasesForCitizen(ctx.userId, MAX_CASES_IN_LIST);
  if (cases.length === 0) {
    ctx.reply({ type: 'text', text: ctx.t('complaints.track.none') });
    return;
  }
  const views = await Promise.all(cases.map((c) => caseCardView(c, ctx.userId, ctx.lang, ctx.t, ctx.now)));
  ctx.reply(buildCaseCarousel({ cases: views }, ctx.t));
}

async function showTimeline(ctx: BotContext, doc: ComplaintDoc): Promise<void> {
  ctx.reply(buildCaseTimeline(await timelineView(doc, ctx.userId, ctx.lang, ctx.t, ctx.now), ctx.t));
}

/** The case if the user filed or follows it; otherwise the same "not found" as an unknown case. */
async function visibleCase(ctx: BotContext, caseId: string): Promise<ComplaintDoc> {
  const doc = await getCaseForCitizen(caseId, ctx.userId);
  if (!doc) throw notFound('complaints.errors.notFound');
  return doc;
}

/** The case if the user filed it (followers cannot act on it). */
async function ownCase(ctx: BotContext, caseId: string): Promise<ComplaintDoc> {
  const doc = await visibleCase(ctx, caseId);
  if (doc.citizenId !== ctx.userId) throw notFound('complaints.errors.notFound');
  return doc;
}

/** The owner's case, when the status table lets the citizen take this action on it now. */
async function ownCaseFor(ctx: BotContext, caseId: string, action: Parameters<typeof canAct>[0]): Promise<ComplaintDoc> {
  const doc = await ownCase(ctx, caseId);
  if (!canAct(action, doc.status, 'citizen')) throw conflict('complaints.errors.notAllowedNow', { status: doc.status });
  return doc;
}

/**
 * A typed case number: another feature's viewer answers first (an officer who may see the case
 * gets the officer's card); anyone else sees it only if they filed or follow it, and otherwise
 * the same "not found" as for a number that does not exist.
 */
function showCaseByNumber(router: BotRouter) {
  return async (ctx: BotContext): Promise<void> => {
    const number = ctx.input.kind === 'text' ? normalizeCaseNumber(ctx.input.text) : undefined;
    if (number && (await answeredByViewer(router, ctx, number))) return;
    const doc = number ? await findCaseForCitizen(number, ctx.userId) : null;
    if (!doc) throw notFound('complaints.errors.numberNotFound');
    await showTimeline(ctx, doc);
  };
}

/** Registers the citizen's side of complaints: filing, tracking, and acting on a case. */
export function registerComplaints({ router, engine }: BotRegistry): void {
  engine.register(fileComplaintFlow);
  engine.register(cancelCaseFlow);
  engine.register(reopenFlow);
  engine.register(answerFlow);

  router.command(FILE_WORDS, startFiling);
  router.postback('complaints.start', z.object({}), startFiling);
  router.command(TRACK_WORDS, showCases);
  router.postback('complaints.track', z.object({}), showCases);

  router.pattern(CASE_NUMBER_PATTERN, showCaseByNumber(router));

  router.postback('complaints.details', caseIdFields, async (ctx, { id }) => showTimeline(ctx, await visibleCase(ctx, id)));

  router.postback('complaints.cancelCase', caseIdFields, async (ctx, { id }) => {
    const doc = await ownCaseFor(ctx, id, 'cancel');
    await ctx.conversation.start(CANCEL_CASE_FLOW_ID, { caseId: id, number: doc.number });
  });

  router.postback('complaints.answer', caseIdFields, async (ctx, { id }) => {
    const doc = await ownCase(ctx, id);
    if (!canAct('answer', doc.status, 'citizen')) throw conflict('complaints.errors.noQuestionPending', { number: doc.number });
    await ctx.conversation.start(ANSWER_FLOW_ID, { caseId: id, number: doc.number, photos: [] });
  });

  router.postback('complaints.confirm', caseIdFields, async (ctx, { id }) => {
    const doc = await ownCase(ctx, id);
    // Pressed again, or after the case closed by itself: it is over, say so kindly.
    if (!canAct('confirm', doc.status, 'citizen') && !isOpen(doc.status)) {
      ctx.reply({ type: 'text', text: ctx.t('complaints.caseFlows.alreadyClosed', { number: doc.number }) });
      return;
    }
    await confirmResolved(id, ctx.userId, ctx.now);
    ctx.reply({ type: 'text', text: ctx.t('complaints.caseFlows.confirmed', { number: doc.number }) });
  });

  router.postback('complaints.reopen', caseIdFields, async (ctx, { id }) => {
    const doc = await ownCaseFor(ctx, id, 'reopen');
    await assertReopenable(doc, ctx.now);
    await ctx.conversation.start(REOPEN_FLOW_ID, { caseId: id, number: doc.number });
  });
}
