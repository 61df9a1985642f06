import { buildIntegrityIntro, buildIntegrityReceipt, buildIntegritySummary } from '../../../flex-messages/integrity/citizen';
import { cancelQuickReply, flowAnswer, flowAnswerValue } from '../../conversation/engine';
import { defineFlow, DONE, type ParseResult } from '../../conversation/flow';
import type { BotContext } from '../../line/context';
import type { BotInput } from '../../line/input';
import { LineApiError, lineClient } from '../../line/line-client';
import { encodePostback } from '../../line/postback';
import type { Message, QuickReplyItem } from '../../line/types';
import { formatDateTime } from '../../shared/dates';
import { AppError, userInput } from '../../shared/errors';
import { getSettings } from '../municipality/settings';
import { deleteEvidence, MAX_EVIDENCE_BYTES, storeFile, storePhoto, type StoredEvidence } from './evidence.store';
import { INTEGRITY_KINDS, type IntegrityKind } from './integrity.model';
import { newReferenceAndPin, submitReport } from './integrity.service';

/**
 * The reporter's dialog: explanation, anonymous or named, kind, unit or officer, when and where,
 * description, evidence, notifications, summary. The session (deleted when the flow ends) is the
 * only place the answers sit next to the LINE id, only while the dialog lasts, and sealed with
 * the data key (a confidential flow): not readable in the database nor in its journal.
 */
export const REPORT_FLOW = 'integrity.report';
export const MAX_EVIDENCE_ITEMS = 10;

export interface ReportAnswers {
  anonymousAllowed?: boolean;
  mode?: 'anonymous' | 'named';
  name?: string;
  phone?: string;
  kind?: IntegrityKind;
  subject?: string;
  whenWhere?: string;
  description?: string;
  evidence?: StoredEvidence[];
  notify?: boolean;
  /** Made before the summary, so a retried confirmation finds the report it already stored. */
  reference?: string;
  pin?: string;
  /** Anonymous reports were switched off while this anonymous report was being written. */
  anonymousClosed?: boolean;
}

type Result = ParseResult<ReportAnswers>;

const answer = (step: string, value: string) => flowAnswer(REPORT_FLOW, step, value);
const postbackItem = (label: string, data: string): QuickReplyItem => ({ type: 'action', action: { type: 'postback', label, data, displayText: label } });
const ask = (ctx: BotContext, textKey: string, items: QuickReplyItem[] = [], params?: Record<string, unknown>): Message[] => [
  { type: 'text', text: ctx.t(textKey, params), quickReply: { items: [...items, cancelQuickReply(ctx.t('common.cancel'))] } },
];

function typedText(input: BotInput, min: number, max: number, reasonKey: string): { ok: true; value: string } | { ok: false; reasonKey: string; params: Record<string, unknown> } {
  if (input.kind !== 'text') return { ok: false, reasonKey, params: { min, max } };
  const value = input.text.trim();
  if (Array.from(value).length < min || Array.from(value).length > max) return { ok: false, reasonKey, params: { min, max } };
  return { ok: true, value };
}

function textStep(key: keyof ReportAnswers, min: number, max: number, reasonKey: string, skippable: boolean) {
  return (input: BotInput, answers: ReportAnswers): Result => {
    if (skippable && flowAnswerValue(input, key) === 'skip') return { ok: true, answers: { ...answers, [key]: undefined } };
    const read = typedText(input, min, max, reasonKey);
    return read.ok ? { ok: true, answers: { ...answers, [key]: read.value } } : read;
  };
}

/** Removes the evidence item sent last (a file the reporter would rather not send as it is). */
async function removeLastEvidence(answers: ReportAnswers, ctx: BotContext) {
  const evidence = answers.evidence ?? [];
  const last = evidence.at(-1);
  if (last) await deleteEvidence([last.fileId]);
  const next = evidence.slice(0, -1);
  ctx.reply({ type: 'text', text: ctx.t('integrity.evidence.removed', { count: next.length }) });
  return { answers: { ...answers, evidence: next } };
}

/** Downloads a photo or file sent at any step and keeps it as evidence (or removes the last one on request). */
async function absorbEvidence(input: BotInput, answers: ReportAnswers, ctx: BotContext) {
  if (flowAnswerValue(input, 'evidence') === 'removeLast') return removeLastEvidence(answers, ctx);
  if (input.kind !== 'image' && input.kind !== 'media') return undefined;
  const evidence = answers.evidence ?? [];
  if (evidence.length >= MAX_EVIDENCE_ITEMS) throw userInput('integrity.evidence.max', { max: MAX_EVIDENCE_ITEMS });
  if (input.kind === 'media' && (input.fileSize ?? 0) > MAX_EVIDENCE_BYTES) throw userInput('integrity.evidence.tooLarge', { mb: MAX_EVIDENCE_BYTES / 1024 / 1024 });
  let content: Buffer;
  try {
    content = await lineClient().getMessageContent(input.messageId, MAX_EVIDENCE_BYTES);
  } catch (err) {
    if (err instanceof LineApiError && err.status === 413) throw userInput('integrity.evidence.tooLarge', { mb: MAX_EVIDENCE_BYTES / 1024 / 1024 });
    if (err instanceof LineApiError && !err.retryable) throw userInput('integrity.evidence.unavailable');
    throw err;
  }
  const stored = input.kind === 'image' ? await storePhoto(content) : await storeFile(content, input.fileName, input.mediaType);
  const next = [...evidence, stored];
  // A file kept as it is may carry its author's name or where it was made: say so now, with a way back.
  ctx.reply({ type: 'text', text: ctx.t(stored.kind === 'photo' ? 'integrity.evidence.received' : 'integrity.evidence.receivedAsIs', { count: next.length }) });
  return { answers: { ...answers, evidence: next } };
}

/**
 * True when the municipality stopped taking anonymous reports while this one was being written:
 * the reporter is offered to give a name instead of losing what they wrote and sent.
 */
async function anonymousClosedMeanwhile(answers: ReportAnswers): Promise<boolean> {
  if (answers.mode === 'named') return false;
  return !(await getSettings()).integrity.allowAnonymous;
}

export const reportFlow = defineFlow<ReportAnswers>({
  id: REPORT_FLOW,
  version: 1,
  // What a reporter writes sits next to their LINE id while the dialog lasts: sealed, never plain.
  confidential: true,
  titleKey: 'integrity.flowTitle',
  firstStep: () => 'intro',
  steps: {
    intro: {
      async prompt(ctx, answers) {
        const { integrity } = await getSettings();
        return [buildIntegrityIntro({ hotlines: integrity.hotlines, anonymousAllowed: answers.anonymousAllowed !== false, continueData: answer('intro', 'go'), cancelData: encodePostback('conversation.cancel') }, ctx.t)];
      },
      parse: (input, answers) =>
        flowAnswerValue(input, 'intro') === 'go'
          ? { ok: true, answers: answers.anonymousAllowed === false ? { ...answers, mode: 'named' } : answers }
          : { ok: false, reasonKey: 'integrity.errors.pressButton' },
      next: (a) => (a.mode === 'named' ? 'name' : 'mode'),
    },
    mode: {
      prompt: (ctx) => ask(ctx, 'integrity.ask.mode', [postbackItem(ctx.t('integrity.mode.anonymous'), answer('mode', 'anonymous')), postbackItem(ctx.t('integrity.mode.named'), answer('mode', 'named'))]),
      parse(input, answers) {
        const value = flowAnswerValue(input, 'mode');
        if (value !== 'anonymous' && value !== 'named') return { ok: false, reasonKey: 'integrity.errors.pressButton' };
        return { ok: true, answers: value === 'anonymous' ? { ...answers, mode: value, name: undefined, phone: undefined } : { ...answers, mode: value } };
      },
      next: (a) => (a.mode === 'named' ? 'name' : 'kind'),
    },
    name: {
      prompt: (ctx, answers) => ask(ctx, answers.anonymousClosed ? 'integrity.ask.nameAnonymousClosed' : 'integrity.ask.name'),
      parse: textStep('name', 2, 120, 'integrity.errors.name', false),
    },
    phone: {
      prompt: (ctx) => ask(ctx, 'integrity.ask.phone'),
      parse(input, answers) {
        const phone = input.kind === 'text' ? input.text.replace(/[\s-]/g, '') : '';
        return /^0\d{8,9}$/.test(phone) ? { ok: true, answers: { ...answers, phone } } : { ok: false, reasonKey: 'integrity.errors.phone' };
      },
      // A report already written (anonymous reports closed at its confirmation) goes back to its summary.
      next: (a) => (a.anonymousClosed && a.kind ? 'confirm' : 'kind'),
    },
    kind: {
      prompt: (ctx) => [
        {
          type: 'text',
          text: [ctx.t('integrity.ask.kind'), ...INTEGRITY_KINDS.map((k, i) => `${i + 1}. ${ctx.t(`integrity.kind.${k}`)}`)].join('\n'),
          quickReply: { items: [...INTEGRITY_KINDS.map((k) => postbackItem(ctx.t(`integrity.kindShort.${k}`), answer('kind', k))), cancelQuickReply(ctx.t('common.cancel'))] },
        },
      ],
      parse(input, answers) {
        const pressed = flowAnswerValue(input, 'kind');
        const typed = input.kind === 'text' && /^[1-7]$/.test(input.text) ? INTEGRITY_KINDS[Number(input.text) - 1] : undefined;
        const kind = INTEGRITY_KINDS.find((k) => k === pressed) ?? typed;
        return kind ? { ok: true, answers: { ...answers, kind } } : { ok: false, reasonKey: 'integrity.errors.kind' };
      },
    },
    subject: {
      prompt: (ctx) => ask(ctx, 'integrity.ask.subject', [postbackItem(ctx.t('common.skip'), answer('subject', 'skip'))]),
      parse: textStep('subject', 2, 300, 'integrity.errors.length', true),
    },
    whenWhere: {
      prompt: (ctx) => ask(ctx, 'integrity.ask.whenWhere'),
      parse: textStep('whenWhere', 2, 500, 'integrity.errors.length', false),
    },
    description: {
      prompt: (ctx) => ask(ctx, 'integrity.ask.description'),
      parse: textStep('description', 10, 3000, 'integrity.errors.length', false),
    },
    evidence: {
      prompt: (ctx, answers) =>
        ask(
          ctx,
          (answers.evidence ?? []).length > 0 ? 'integrity.ask.moreEvidence' : 'integrity.ask.evidence',
          [
            { type: 'action', action: { type: 'camera', label: ctx.t('integrity.evidence.camera') } },
            { type: 'action', action: { type: 'cameraRoll', label: ctx.t('integrity.evidence.cameraRoll') } },
            postbackItem(ctx.t((answers.evidence ?? []).length > 0 ? 'integrity.evidence.done' : 'integrity.evidence.none'), answer('evidence', 'done')),
            ...((answers.evidence ?? []).length > 0 ? [postbackItem(ctx.t('integrity.evidence.removeLast'), answer('evidence', 'removeLast'))] : []),
          ],
        ),
      parse: (input, answers) => (flowAnswerValue(input, 'evidence') === 'done' ? { ok: true, answers } : { ok: false, reasonKey: 'integrity.errors.evidenceStep' }),
    },
    notify: {
      prompt: (ctx, answers) =>
        ask(ctx, answers.mode === 'anonymous' ? 'integrity.ask.notifyAnonymous' : 'integrity.ask.notifyNamed', [
          postbackItem(ctx.t('integrity.notifyChoice.yes'), answer('notify', 'yes')),
          postbackItem(ctx.t('integrity.notifyChoice.no'), answer('notify', 'no')),
        ]),
      parse(input, answers) {
        const value = flowAnswerValue(input, 'notify');
        if (value !== 'yes' && value !== 'no') return { ok: false, reasonKey: 'integrity.errors.pressButton' };
        const ids = answers.reference && answers.pin ? { reference: answers.reference, pin: answers.pin } : newReferenceAndPin();
        return { ok: true, answers: { ...answers, notify: value === 'yes', ...ids } };
      },
    },
    confirm: {
      prompt: (ctx, a) => [
        buildIntegritySummary(
          {
            anonymous: a.mode !== 'named',
            name: a.name,
            phone: a.phone,
            kindLabel: a.kind ? ctx.t(`integrity.kind.${a.kind}`) : '-',
            subject: a.subject,
            whenWhere: a.whenWhere,
            description: a.description ?? '',
            evidenceCount: (a.evidence ?? []).length,
            notify: Boolean(a.notify),
            confirmData: answer('confirm', 'yes'),
            restartData: answer('confirm', 'restart'),
            cancelData: encodePostback('conversation.cancel'),
          },
          ctx.t,
        ),
      ],
      async parse(input, answers) {
        const value = flowAnswerValue(input, 'confirm');
        if (value === 'yes') return (await anonymousClosedMeanwhile(answers)) ? { ok: true, answers: { ...answers, anonymousAllowed: false, anonymousClosed: true, mode: 'named' } } : { ok: true, answers };
        if (value === 'restart') return { ok: true, answers: { anonymousAllowed: answers.anonymousAllowed, evidence: answers.evidence, reference: answers.reference, pin: answers.pin, mode: answers.anonymousAllowed === false ? 'named' : undefined } };
        return { ok: false, reasonKey: 'integrity.errors.pressButton' };
      },
      next: (a) => (a.mode === 'named' && !a.name ? 'name' : a.kind ? DONE : 'mode'),
    },
  },
  absorb: absorbEvidence,
  async onDone(ctx, a) {
    if (!a.kind || !a.description || !a.whenWhere || !a.reference || !a.pin) throw new AppError('bug', 'common.errors.generic');
    let result;
    try {
      result = await submitReport({
        reporterLineId: ctx.userId,
        anonymous: a.mode !== 'named',
        name: a.name,
        phone: a.phone,
        kind: a.kind,
        details: { subject: a.subject, whenWhere: a.whenWhere, description: a.description },
        evidence: a.evidence ?? [],
        notify: Boolean(a.notify),
        reference: a.reference,
        pin: a.pin,
        now: ctx.now,
      });
    } catch (err) {
      // Over the daily limit: nothing to correct, so the dialog ends here. Other refusals keep
      // the reporter at the summary (anonymous reports closed this instant: the next press offers the named route).
      if (err instanceof AppError && err.messageKey === 'integrity.errors.dailyLimit') {
        await deleteEvidence((a.evidence ?? []).map((e) => e.fileId));
        await ctx.conversation.end();
        ctx.reply({ type: 'text', text: ctx.t(err.messageKey, err.params) });
        return;
      }
      throw err;
    }
    const { integrity } = await getSettings();
    ctx.reply(buildIntegrityReceipt({ reference: result.reference, pin: a.pin, receivedAt: formatDateTime(result.receivedAt, ctx.lang), dueDays: integrity.dueDays, notify: Boolean(a.notify) }, ctx.t));
  },
  onAbandon: (a) => deleteEvidence((a.evidence ?? []).map((e) => e.fileId)),
});
