import { buildIntegrityTrackResult } from '../../../flex-messages/integrity/citizen';
import { cancelQuickReply } from '../../conversation/engine';
import { defineFlow, DONE } from '../../conversation/flow';
import type { BotContext } from '../../line/context';
import type { BotInput } from '../../line/input';
import type { Message } from '../../line/types';
import { formatDateTime, formatTime } from '../../shared/dates';
import { userInput } from '../../shared/errors';
import { MAX_PIN_FAILURES, normalizeReference, PIN_LOCK_MS, PIN_PATTERN, trackReport } from './integrity.service';

/**
 * Following a report from any LINE account: the reference, then the PIN. Nothing links the
 * account to the report: the session holding the reference is sealed (a confidential flow) and
 * deleted when the flow ends, and the PIN is never stored at all, not even sealed: it is read
 * from the message that carries it, so a wrong PIN leaves only the reference behind.
 */
export const TRACK_FLOW = 'integrity.track';

export interface TrackAnswers {
  reference?: string;
}

/** The PIN in a typed message (spaces dropped), or undefined. */
function typedPin(input: BotInput): string | undefined {
  const pin = input.kind === 'text' ? input.text.replace(/\s/g, '') : '';
  return PIN_PATTERN.test(pin) ? pin : undefined;
}

const ask = (ctx: BotContext, key: string): Message[] => [{ type: 'text', text: ctx.t(key), quickReply: { items: [cancelQuickReply(ctx.t('common.cancel'))] } }];

/** Looks the report up and answers: the status card, a wrong-PIN error (thrown) or the lock notice. */
export async function answerTracking(ctx: BotContext, reference: string, pin: string): Promise<void> {
  const result = await trackReport(reference, pin, ctx.now);
  if (result.ok) {
    const r = result.report;
    ctx.reply(
      buildIntegrityTrackResult(
        {
          reference: r.reference,
          statusLabel: ctx.t(`integrity.status.${r.status}`),
          kindLabel: ctx.t(`integrity.kind.${r.kind}`),
          receivedAt: formatDateTime(r.receivedAt, ctx.lang),
          updatedAt: formatDateTime(r.updatedAt, ctx.lang),
          publicOutcome: r.publicOutcome,
        },
        ctx.t,
      ),
    );
    return;
  }
  if (result.reason === 'locked') {
    ctx.reply({ type: 'text', text: ctx.t('integrity.track.locked', { time: formatTime(result.until, ctx.lang) }) });
    return;
  }
  // One answer for a wrong PIN and an unknown reference, with no count of attempts left.
  throw userInput('integrity.track.wrong', { count: MAX_PIN_FAILURES, minutes: PIN_LOCK_MS / 60_000 });
}

export const trackFlow = defineFlow<TrackAnswers>({
  id: TRACK_FLOW,
  // 2: the PIN is no longer kept in the answers; a session of version 1 may hold one, and is dropped.
  version: 2,
  confidential: true,
  titleKey: 'integrity.trackTitle',
  firstStep: (a) => (a.reference ? 'pin' : 'reference'),
  steps: {
    reference: {
      prompt: (ctx) => ask(ctx, 'integrity.track.askReference'),
      parse(input, answers) {
        const reference = input.kind === 'text' ? normalizeReference(input.text) : undefined;
        return reference ? { ok: true, answers: { ...answers, reference } } : { ok: false, reasonKey: 'integrity.track.badReference' };
      },
    },
    pin: {
      prompt: (ctx) => ask(ctx, 'integrity.track.askPin'),
      // Checked here, used in onDone from the same message: the answers never hold it.
      parse: (input, answers) => (typedPin(input) ? { ok: true, answers } : { ok: false, reasonKey: 'integrity.track.badPin' }),
      next: () => DONE,
    },
  },
  async onDone(ctx, a) {
    // A wrong PIN throws: the engine keeps the reporter on the PIN step (with the reference only) to try again.
    await answerTracking(ctx, a.reference ?? '', typedPin(ctx.input) ?? '');
  },
});
