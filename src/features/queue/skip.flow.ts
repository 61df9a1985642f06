import { cancelQuickReply, flowAnswer, flowAnswerValue } from '../../conversation/engine';
import { defineFlow, DONE } from '../../conversation/flow';
import { encodePostback } from '../../line/postback';
import type { QuickReplyItem } from '../../line/types';
import { isUserFacing } from '../../shared/errors';
import { shortLabel } from '../../shared/text';
import { SKIP_REASON_KEYS, skipTicket, type SkipReasonKey } from './counter.service';

export const SKIP_FLOW_ID = 'queue.skip';

export interface SkipAnswers {
  ticketId: string;
  label: string;
  /** A typed reason. */
  reason?: string;
  /** A preset reason, kept as its key so the citizen reads it in their own language. */
  reasonKey?: SkipReasonKey;
}

const isPreset = (value: string | undefined): value is SkipReasonKey => (SKIP_REASON_KEYS as readonly string[]).includes(value ?? '');

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
        const items: QuickReplyItem[] = SKIP_REASON_KEYS.map((key) => ({
          type: 'action',
          action: { type: 'postback', label: shortLabel(ctx.t(`queue.skip.reasons.${key}`)), data: flowAnswer(SKIP_FLOW_ID, 'reason', key), displayText: ctx.t(`queue.skip.reasons.${key}`) },
        }));
        items.push(cancelQuickReply(ctx.t('common.cancel')));
        return [{ type: 'text', text: ctx.t('queue.skip.askReason', { label: answers.label }), quickReply: { items } }];
      },
      parse: (input, answers) => {
        const preset = flowAnswerValue(input, 'reason');
        if (isPreset(preset)) return { ok: true, answers: { ...answers, reasonKey: preset, reason: undefined } };
        if (input.kind === 'text') {
          const reason = input.text.replace(/\s+/g, ' ').trim();
          if (reason.length >= 2 && reason.length <= 200) return { ok: true, answers: { ...answers, reason, reasonKey: undefined } };
        }
        return { ok: false, reasonKey: 'queue.skip.reasonRequired' };
      },
      next: () => DONE,
    },
  },
  async onDone(ctx, answers) {
    let skipped;
    try {
      skipped = await skipTicket({ officerLineUserId: ctx.userId, ticketId: answers.ticketId, reason: answers.reason, reasonKey: answers.reasonKey, now: ctx.now });
    } catch (err) {
      // The ticket was served, skipped or moved meanwhile: say so and end the question.
      if (!isUserFacing(err) || err.messageKey === 'queue.skip.reasonRequired') throw err;
      ctx.reply({ type: 'text', text: ctx.t(err.messageKey, err.params) });
      return;
    }
    const reason = skipped.skipReasonKey ? ctx.t(`queue.skip.reasons.${skipped.skipReasonKey}`) : skipped.skipReason;
    ctx.reply({
      type: 'text',
      text: ctx.t('queue.skip.done', { label: skipped.label, reason }),
      quickReply: { items: [{ type: 'action', action: { type: 'postback', label: shortLabel(ctx.t('queue.buttons.callNext')), data: encodePostback('queue.callNext'), displayText: ctx.t('queue.buttons.callNext') } }] },
    });
  },
});
