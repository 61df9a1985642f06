import { cancelQuickReply, flowAnswer, flowAnswerValue } from '../../conversation/engine';
import { defineFlow, DONE } from '../../conversation/flow';
import { encodePostback } from '../../line/postback';
import type { QuickReplyItem } from '../../line/types';
import { isUserFacing } from '../../shared/errors';
import { skipTicket } from './counter.service';

export const SKIP_FLOW_ID = 'queue.skip';
const PRESET_REASONS = ['absent', 'documents', 'wrongService'] as const;

export interface SkipAnswers {
  ticketId: string;
  label: string;
  reason?: string;
}

/** The officer skipping a ticket is asked for the reason (a preset or typed); it is recorded. */
export const skipFlow = defineFlow<SkipAnswers>({
  id: SKIP_FLOW_ID,
  version: 1,
  titleKey: 'queue.skip.title',
  ttlMinutes: 10,
  firstStep: () => 'reason',
  steps: {
    reason: {
      prompt: (ctx, answers) => {
        const items: QuickReplyItem[] = PRESET_REASONS.map((code) => ({
          type: 'action',
          action: { type: 'postback', label: ctx.t(`queue.skip.reasons.${code}`).slice(0, 20), data: flowAnswer(SKIP_FLOW_ID, 'reason', code), displayText: ctx.t(`queue.skip.reasons.${code}`) },
        }));
        items.push(cancelQuickReply(ctx.t('common.cancel')));
        return [{ type: 'text', text: ctx.t('queue.skip.askReason', { label: answers.label }), quickReply: { items } }];
      },
      parse: (input, answers, ctx) => {
        const preset = flowAnswerValue(input, 'reason');
        if (preset && (PRESET_REASONS as readonly string[]).includes(preset)) return { ok: true, answers: { ...answers, reason: ctx.t(`queue.skip.reasons.${preset}`) } };
        if (input.kind === 'text') {
          const reason = input.text.replace(/\s+/g, ' ').trim();
          if (reason.length >= 2 && reason.length <= 200) return { ok: true, answers: { ...answers, reason } };
        }
        return { ok: false, reasonKey: 'queue.skip.reasonRequired' };
      },
      next: () => DONE,
    },
  },
  async onDone(ctx, answers) {
    let skipped;
    try {
      skipped = await skipTicket({ officerLineUserId: ctx.userId, ticketId: answers.ticketId, reason: answers.reason ?? '', now: ctx.now });
    } catch (err) {
      // The ticket was served, skipped or moved meanwhile: say so and end the question.
      if (!isUserFacing(err) || err.messageKey === 'queue.skip.reasonRequired') throw err;
      ctx.reply({ type: 'text', text: ctx.t(err.messageKey, err.params) });
      return;
    }
    ctx.reply({
      type: 'text',
      text: ctx.t('queue.skip.done', { label: skipped.label, reason: skipped.skipReason }),
      quickReply: { items: [{ type: 'action', action: { type: 'postback', label: ctx.t('queue.buttons.callNext').slice(0, 20), data: encodePostback('queue.callNext'), displayText: ctx.t('queue.buttons.callNext') } }] },
    });
  },
});
