import { cancelQuickReply, flowAnswer, flowAnswerValue } from '../../conversation/engine';
import { defineFlow, DONE } from '../../conversation/flow';
import type { BotContext } from '../../line/context';
import type { Message, QuickReplyItem } from '../../line/types';
import { isIntegrityStatus, nextStatuses, type IntegrityStatus } from './integrity-status';
import { changeReportStatus } from './integrity.service';

/** An integrity officer changes a report's status: the new status, an internal note, an optional public outcome. */
export const STATUS_FLOW = 'integrity.officerStatus';

export interface StatusAnswers {
  reportId: string;
  reference: string;
  from: IntegrityStatus;
  to?: IntegrityStatus;
  note?: string;
  publicText?: string;
}

const item = (label: string, data: string): QuickReplyItem => ({ type: 'action', action: { type: 'postback', label, data, displayText: label } });
const ask = (ctx: BotContext, text: string, items: QuickReplyItem[] = []): Message[] => [{ type: 'text', text, quickReply: { items: [...items, cancelQuickReply(ctx.t('common.cancel'))] } }];

export const officerStatusFlow = defineFlow<StatusAnswers>({
  id: STATUS_FLOW,
  version: 1,
  titleKey: 'integrity.statusFlowTitle',
  firstStep: () => 'status',
  steps: {
    status: {
      prompt: (ctx, a) =>
        ask(
          ctx,
          ctx.t('integrity.officer.askStatus', { reference: a.reference, status: ctx.t(`integrity.status.${a.from}`) }),
          nextStatuses(a.from).map((s) => item(ctx.t(`integrity.status.${s}`), flowAnswer(STATUS_FLOW, 'status', s))),
        ),
      parse(input, a) {
        const value = flowAnswerValue(input, 'status');
        return isIntegrityStatus(value) && nextStatuses(a.from).includes(value) ? { ok: true, answers: { ...a, to: value } } : { ok: false, reasonKey: 'integrity.errors.pressButton' };
      },
    },
    note: {
      prompt: (ctx) => ask(ctx, ctx.t('integrity.officer.askNote')),
      parse: (input, a) =>
        input.kind === 'text' && input.text.trim().length >= 2 && input.text.length <= 1000
          ? { ok: true, answers: { ...a, note: input.text.trim() } }
          : { ok: false, reasonKey: 'integrity.errors.length', params: { min: 2, max: 1000 } },
    },
    outcome: {
      prompt: (ctx) => ask(ctx, ctx.t('integrity.officer.askOutcome'), [item(ctx.t('integrity.officer.noOutcome'), flowAnswer(STATUS_FLOW, 'outcome', 'skip'))]),
      parse(input, a) {
        if (flowAnswerValue(input, 'outcome') === 'skip') return { ok: true, answers: { ...a, publicText: undefined } };
        return input.kind === 'text' && input.text.trim().length >= 2 && input.text.length <= 1000
          ? { ok: true, answers: { ...a, publicText: input.text.trim() } }
          : { ok: false, reasonKey: 'integrity.errors.length', params: { min: 2, max: 1000 } };
      },
      next: () => DONE,
    },
  },
  async onDone(ctx, a) {
    if (!a.to || !a.note) return;
    const result = await changeReportStatus({ lineUserId: ctx.userId, reportId: a.reportId, to: a.to, note: a.note, publicText: a.publicText, eventKey: ctx.webhookEventId, now: ctx.now });
    ctx.reply({ type: 'text', text: ctx.t('integrity.officer.changed', { reference: result.reference, status: ctx.t(`integrity.status.${result.status}`) }) });
  },
});
