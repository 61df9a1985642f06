import { cancelQuickReply, flowAnswer, flowAnswerValue } from '../../conversation/engine';
import { defineFlow, DONE, type FlowDefinition } from '../../conversation/flow';
import type { BotContext } from '../../line/context';
import type { Message, QuickReplyItem } from '../../line/types';
import { isUserFacing } from '../../shared/errors';
import { logger } from '../../shared/logger';
import { getSettings } from '../municipality/settings';
import { discardPhotos, storeLinePhoto, type PhotoRef } from '../photos/photos.service';
import { answerQuestion, cancelByCitizen, reopenCase } from './complaints.service';

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
}

export const CANCEL_CASE_FLOW_ID = 'complaints.cancelCase';
export const REOPEN_FLOW_ID = 'complaints.reopen';
export const ANSWER_FLOW_ID = 'complaints.answer';

const REASON_MIN = 5;
const REASON_MAX = 1000;

function ask(ctx: BotContext, key: string, a: CaseAnswers): Message[] {
  return [{ type: 'text', text: ctx.t(key, { number: a.number, min: REASON_MIN }), quickReply: { items: [cancelQuickReply(ctx.t('complaints.caseFlows.back'))] } }];
}

/** A one-step flow that asks for a reason and hands it to the service. */
function reasonFlow(id: string, titleKey: string, askKey: string, doneKey: string, act: (ctx: BotContext, a: CaseAnswers, reason: string) => Promise<unknown>): FlowDefinition<CaseAnswers> {
  return defineFlow<CaseAnswers>({
    id,
    version: 1,
    titleKey,
    firstStep: () => 'reason',
    steps: {
      reason: {
        prompt: (ctx, a) => ask(ctx, askKey, a),
        parse: (input, a) => {
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
      await act(ctx, a, a.reason ?? '');
      ctx.reply({ type: 'text', text: ctx.t(doneKey, { number: a.number }) });
    },
  });
}

export const cancelCaseFlow = reasonFlow(CANCEL_CASE_FLOW_ID, 'complaints.caseFlows.cancelTitle', 'complaints.caseFlows.askCancelReason', 'complaints.caseFlows.cancelled', (ctx, a, reason) =>
  cancelByCitizen(a.caseId, ctx.userId, { reason }, ctx.now),
);

export const reopenFlow = reasonFlow(REOPEN_FLOW_ID, 'complaints.caseFlows.reopenTitle', 'complaints.caseFlows.askReopenReason', 'complaints.caseFlows.reopened', (ctx, a, reason) =>
  reopenCase(a.caseId, ctx.userId, { reason }, ctx.now),
);

function askAnswer(ctx: BotContext, a: CaseAnswers): Message[] {
  const count = a.photos?.length ?? 0;
  const items: QuickReplyItem[] = [
    { type: 'action', action: { type: 'camera', label: ctx.t('complaints.file.camera') } },
    { type: 'action', action: { type: 'cameraRoll', label: ctx.t('complaints.file.cameraRoll') } },
  ];
  if (count > 0) items.push({ type: 'action', action: { type: 'postback', label: ctx.t('complaints.caseFlows.sendPhotos'), data: flowAnswer(ANSWER_FLOW_ID, 'answer', 'send'), displayText: ctx.t('complaints.caseFlows.sendPhotos') } });
  items.push(cancelQuickReply(ctx.t('complaints.caseFlows.back')));
  const text = count > 0 ? ctx.t('complaints.caseFlows.photosReady', { count, number: a.number }) : ctx.t('complaints.caseFlows.askAnswer', { number: a.number });
  return [{ type: 'text', text, quickReply: { items } }];
}

/** Answering an officer's question: text, or photos then "send". */
export const answerFlow: FlowDefinition<CaseAnswers> = defineFlow<CaseAnswers>({
  id: ANSWER_FLOW_ID,
  version: 1,
  titleKey: 'complaints.caseFlows.answerTitle',
  firstStep: () => 'answer',
  steps: {
    answer: {
      prompt: askAnswer,
      parse: (input, a) => {
        if (flowAnswerValue(input, 'answer') === 'send' && (a.photos?.length ?? 0) > 0) return { ok: true, answers: a };
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
    if (photos.some((p) => p.messageId === input.messageId) || photos.length >= max) return { answers: a, messages: [] };
    try {
      const ref = await storeLinePhoto(input.messageId);
      const answers = { ...a, photos: [...photos, { ...ref, messageId: input.messageId }] };
      const last = !input.imageSet?.total || (input.imageSet.index ?? 0) >= input.imageSet.total;
      return { answers, messages: last ? askAnswer(ctx, answers) : [] };
    } catch (err) {
      logger.warn({ webhookEventId: ctx.webhookEventId }, 'answer photo not kept');
      return { answers: a, messages: [{ type: 'text', text: ctx.t(isUserFacing(err) && err.messageKey !== 'photos.errors.downloadFailed' ? err.messageKey : 'complaints.file.photoFailed', isUserFacing(err) ? err.params : {}) }] };
    }
  },
  async onDone(ctx, a) {
    await answerQuestion(a.caseId, ctx.userId, { text: a.text, photos: (a.photos ?? []).map(({ fileId, contentType, bytes }) => ({ fileId, contentType, bytes })) }, ctx.now);
    ctx.reply({ type: 'text', text: ctx.t('complaints.caseFlows.answered', { number: a.number }) });
  },
  onAbandon: (a) => discardPhotos(a.photos),
});
