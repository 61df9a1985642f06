import { flowAnswer, flowAnswerValue } from '../../conversation/engine';
import { defineFlow, DONE, type FlowDefinition, type ParseResult } from '../../conversation/flow';
import type { BotContext } from '../../line/context';
import type { BotInput } from '../../line/input';
import type { Message, QuickReplyItem } from '../../line/types';
import { isUserFacing } from '../../shared/errors';
import { logger } from '../../shared/logger';
import { getSettings } from '../municipality/settings';
import { discardPhotos, storeLinePhoto, type PhotoRef } from '../photos/photos.service';
import { answerQuestion, cancelByCitizen, reopenCase } from './complaints.service';
import { typedChoice } from './typed-words';

/**
 * The short dialogs on an existing case: withdrawing it, reopening it, answering an officer's
 * question. Each asks one thing; the service checks ownership and status again at the end.
 */
interface CaseAnswers {
  caseId: string;
  number: string;
  photos?: (PhotoRef & { messageId: string })[];
  reason?: string;
  text?: string;
  /** The citizen left the dialog with "back": nothing is done to the case. */
  left?: boolean;
}

export const CANCEL_CASE_FLOW_ID = 'complaints.cancelCase';
export const REOPEN_FLOW_ID = 'complaints.reopen';
export const ANSWER_FLOW_ID = 'complaints.answer';

const REASON_MIN = 5;
const REASON_MAX = 1000;

/**
 * "Back" (ไม่ทำรายการ) is the dialog's own answer rather than the engine's cancel, so that
 * leaving says what it means for the case ("case X goes on as usual"), not "cancelled".
 */
function backItem(ctx: BotContext, flowId: string, stepId: string): QuickReplyItem {
  const label = ctx.t('complaints.caseFlows.back');
  return { type: 'action', action: { type: 'postback', label, data: flowAnswer(flowId, stepId, 'back'), displayText: label } };
}

/** True when the citizen tapped or typed "back". */
function wantsBack(input: BotInput, stepId: string, ctx: BotContext): boolean {
  return flowAnswerValue(input, stepId) === 'back' || typedChoice(input, ctx, { back: ['complaints.caseFlows.back'] }) === 'back';
}

const leave = (a: CaseAnswers): ParseResult<CaseAnswers> => ({ ok: true, answers: { ...a, left: true } });

/** A one-step flow that asks for a reason and hands it to the service. */
function reasonFlow(id: string, titleKey: string, askKey: string, doneKey: string, leftKey: string, act: (ctx: BotContext, a: CaseAnswers, reason: string) => Promise<unknown>): FlowDefinition<CaseAnswers> {
  return defineFlow<CaseAnswers>({
    id,
    version: 1,
    titleKey,
    cancelledKey: leftKey,
    firstStep: () => 'reason',
    steps: {
      reason: {
        prompt: (ctx, a) => [{ type: 'text', text: ctx.t(askKey, { number: a.number, min: REASON_MIN }), quickReply: { items: [backItem(ctx, id, 'reason')] } }],
        parse: (input, a, ctx) => {
          if (wantsBack(input, 'reason', ctx)) return leave(a);
          if (input.kind !== 'text') return { ok: false, reasonKey: 'complaints.caseFlows.reasonExpected', params: { min: REASON_MIN } };
          const reason = input.raw.trim();
          if (reason.length < REASON_MIN) return { ok: false, reasonKey: 'complaints.caseFlows.reasonTooShort', params: { min: REASON_MIN } };
          if (reason.length > REASON_MAX) return { ok: false, reasonKey: 'complaints.caseFlows.reasonTooLong', params: { max: REASON_MAX } };
          return { ok: true, answers: { ...a, reason } };
        },
        next: () => DONE,
      },
    },
    async onDone(ctx, a) {
      if (!a.left) await act(ctx, a, a.reason ?? '');
      ctx.reply({ type: 'text', text: ctx.t(a.left ? leftKey : doneKey, { number: a.number }) });
    },
  });
}

export const cancelCaseFlow = reasonFlow(
  CANCEL_CASE_FLOW_ID,
  'complaints.caseFlows.cancelTitle',
  'complaints.caseFlows.askCancelReason',
  'complaints.caseFlows.cancelled',
  'complaints.caseFlows.left.cancelCase',
  (ctx, a, reason) => cancelByCitizen(a.caseId, ctx.userId, { reason }, ctx.now),
);

export const reopenFlow = reasonFlow(
  REOPEN_FLOW_ID,
  'complaints.caseFlows.reopenTitle',
  'complaints.caseFlows.askReopenReason',
  'complaints.caseFlows.reopened',
  'complaints.caseFlows.left.reopen',
  (ctx, a, reason) => reopenCase(a.caseId, ctx.userId, { reason }, ctx.now),
);

function askAnswer(ctx: BotContext, a: CaseAnswers): Message[] {
  const count = a.photos?.length ?? 0;
  const items: QuickReplyItem[] = [
    { type: 'action', action: { type: 'camera', label: ctx.t('complaints.file.camera') } },
    { type: 'action', action: { type: 'cameraRoll', label: ctx.t('complaints.file.cameraRoll') } },
  ];
  if (count > 0) items.push({ type: 'action', action: { type: 'postback', label: ctx.t('complaints.caseFlows.sendPhotos'), data: flowAnswer(ANSWER_FLOW_ID, 'answer', 'send'), displayText: ctx.t('complaints.caseFlows.sendPhotos') } });
  items.push(backItem(ctx, ANSWER_FLOW_ID, 'answer'));
  const text = count > 0 ? ctx.t('complaints.caseFlows.photosReady', { count, number: a.number }) : ctx.t('complaints.caseFlows.askAnswer', { number: a.number });
  return [{ type: 'text', text, quickReply: { items } }];
}

/** Answering an officer's question: text, or photos then "send". */
export const answerFlow: FlowDefinition<CaseAnswers> = defineFlow<CaseAnswers>({
  id: ANSWER_FLOW_ID,
  version: 1,
  titleKey: 'complaints.caseFlows.answerTitle',
  cancelledKey: 'complaints.caseFlows.left.answer',
  firstStep: () => 'answer',
  steps: {
    answer: {
      prompt: askAnswer,
      parse: (input, a, ctx) => {
        if (wantsBack(input, 'answer', ctx)) return leave(a);
        const send = flowAnswerValue(input, 'answer') === 'send' || typedChoice(input, ctx, { send: ['complaints.caseFlows.sendPhotos'] }) === 'send';
        if (send) return (a.photos?.length ?? 0) > 0 ? { ok: true, answers: a } : { ok: false, reasonKey: 'complaints.caseFlows.answerExpected' };
        if (input.kind !== 'text') return { ok: false, reasonKey: 'complaints.caseFlows.answerExpected' };
        const text = input.raw.trim();
        if (text.length < 2) return { ok: false, reasonKey: 'complaints.caseFlows.answerExpected' };
        if (text.length > REASON_MAX) return { ok: false, reasonKey: 'complaints.caseFlows.reasonTooLong', params: { max: REASON_MAX } };
        return { ok: true, answers: { ...a, text } };
      },
      next: () => DONE,
    },
  },
  async absorb(input, a, ctx) {
    if (input.kind !== 'image') return undefined;
    const photos = a.photos ?? [];
    const max = (await getSettings()).complaints.maxPhotos;
    const last = !input.imageSet?.total || (input.imageSet.index ?? 0) >= input.imageSet.total;
    if (photos.some((p) => p.messageId === input.messageId)) return { answers: a, messages: [] };
    // Past the limit: said once, after the last photo of a set, with the question again.
    if (photos.length >= max) return { answers: a, messages: last ? [{ type: 'text', text: ctx.t('complaints.file.photoLimit', { max }) }, ...askAnswer(ctx, a)] : [] };
    try {
      const ref = await storeLinePhoto(input.messageId);
      const answers = { ...a, photos: [...photos, { ...ref, messageId: input.messageId }] };
      return { answers, messages: last ? askAnswer(ctx, answers) : [] };
    } catch (err) {
      logger.warn({ webhookEventId: ctx.webhookEventId }, 'answer photo not kept');
      return { answers: a, messages: [{ type: 'text', text: ctx.t(isUserFacing(err) && err.messageKey !== 'photos.errors.downloadFailed' ? err.messageKey : 'complaints.file.photoFailed', isUserFacing(err) ? err.params : {}) }] };
    }
  },
  async onDone(ctx, a) {
    if (a.left) {
      await discardPhotos(a.photos);
      ctx.reply({ type: 'text', text: ctx.t('complaints.caseFlows.left.answer', { number: a.number }) });
      return;
    }
    await answerQuestion(a.caseId, ctx.userId, { text: a.text, photos: (a.photos ?? []).map(({ fileId, contentType, bytes }) => ({ fileId, contentType, bytes })) }, ctx.now);
    ctx.reply({ type: 'text', text: ctx.t('complaints.caseFlows.answered', { number: a.number }) });
  },
  onAbandon: (a) => discardPhotos(a.photos),
});
