import { cancelQuickReply, flowAnswer, flowAnswerValue } from '../../conversation/engine';
import type { Absorbed, FlowStep, ParseResult } from '../../conversation/flow';
import type { BotContext } from '../../line/context';
import type { BotInput } from '../../line/input';
import type { Message, QuickReplyItem } from '../../line/types';
import { isUserFacing } from '../../shared/errors';
import { normalizeCommandText, shortLabel } from '../../shared/text';
import { getSettings } from '../municipality/settings';
import { storeLinePhoto, type PhotoRef } from '../photos/photos.service';

/**
 * Step builders shared by the officers' short flows: a typed note, photos until "done", a
 * choice from quick replies. Each prompt carries a cancel button.
 */

/** Shortest note ("ซ่อมแล้ว" is fine); reasons and referrals need a little more, as the complaints service asks. */
export const NOTE_MIN = 2;
export const REASON_MIN = 5;
export const NOTE_MAX = 1000;
const DONE_WORDS = new Set(['เสร็จ', 'เสร็จแล้ว', 'done', 'ไม่มีรูป', 'no photo'].map(normalizeCommandText));

/** A text message with quick replies and a cancel item at the end. */
export function ask(ctx: BotContext, body: string, items: QuickReplyItem[] = []): Message {
  return { type: 'text', text: body, quickReply: { items: [...items, cancelQuickReply(ctx.t('common.cancel'))].slice(-13) } };
}

/** A quick reply answering a flow step. */
export function answerItem(flowId: string, stepId: string, label: string, value: string): QuickReplyItem {
  return { type: 'action', action: { type: 'postback', label: shortLabel(label), data: flowAnswer(flowId, stepId, value), displayText: label } };
}

/** Reads a typed note of `min`..NOTE_MAX characters into `key`. */
export function parseNote<A>(input: BotInput, answers: A, key: keyof A & string, min = NOTE_MIN): ParseResult<A> {
  if (input.kind !== 'text') return { ok: false, reasonKey: 'officers.errors.needText' };
  const note = input.raw.trim();
  if (note.length < min) return { ok: false, reasonKey: 'officers.errors.noteTooShort', params: { min } };
  if (note.length > NOTE_MAX) return { ok: false, reasonKey: 'officers.errors.noteTooLong', params: { max: NOTE_MAX } };
  return { ok: true, answers: { ...answers, [key]: note } };
}

/** A step asking for a note; `askKey` gets the case number. */
export function noteStep<A extends { number?: string }>(askKey: string, key: keyof A & string, min = NOTE_MIN): FlowStep<A> {
  return {
    prompt: (ctx, answers) => [ask(ctx, ctx.t(askKey, { number: answers.number }))],
    parse: (input, answers) => parseNote(input, answers, key, min),
  };
}

export interface PhotoAnswers {
  number?: string;
  photos?: PhotoRef[];
}

function photoItems(ctx: BotContext, flowId: string, doneLabel: string): QuickReplyItem[] {
  return [
    { type: 'action', action: { type: 'camera', label: ctx.t('officers.flow.camera') } },
    { type: 'action', action: { type: 'cameraRoll', label: ctx.t('officers.flow.cameraRoll') } },
    answerItem(flowId, 'photos', doneLabel, 'done'),
  ];
}

/** A step collecting photos (sent at any step, see absorbPhotos) until the officer taps "done". */
export function photosStep<A extends PhotoAnswers>(flowId: string, askKey: string, requiredWhen: boolean | ((answers: A) => boolean), missingKey = 'officers.errors.needPhoto'): FlowStep<A> {
  const isRequired = (answers: A) => (typeof requiredWhen === 'function' ? requiredWhen(answers) : requiredWhen);
  return {
    prompt: (ctx, answers) => {
      const required = isRequired(answers);
      const count = answers.photos?.length ?? 0;
      const doneLabel = ctx.t(count === 0 && !required ? 'officers.flow.noPhoto' : 'officers.flow.done');
      return [ask(ctx, ctx.t(askKey, { number: answers.number }), photoItems(ctx, flowId, doneLabel))];
    },
    parse: (input, answers) => {
      const done = flowAnswerValue(input, 'photos') === 'done' || (input.kind === 'text' && DONE_WORDS.has(normalizeCommandText(input.text)));
      if (!done) return { ok: false, reasonKey: 'officers.errors.chooseButton' };
      if (isRequired(answers) && (answers.photos?.length ?? 0) === 0) return { ok: false, reasonKey: missingKey };
      return { ok: true, answers };
    },
  };
}

/**
 * Keeps a photo sent at any step of the flow: downloads it from LINE at once (LINE deletes
 * content after a while) and stores it. Of an album (imageSet) only the last photo is answered.
 */
export function absorbPhotos<A extends PhotoAnswers>(flowId: string) {
  return async (input: BotInput, answers: A, ctx: BotContext): Promise<Absorbed<A> | undefined> => {
    if (input.kind !== 'image') return undefined;
    const photos = answers.photos ?? [];
    const { complaints } = await getSettings();
    if (photos.length >= complaints.maxPhotos) return { answers, messages: [ask(ctx, ctx.t('officers.errors.tooManyPhotos', { max: complaints.maxPhotos }), photoItems(ctx, flowId, ctx.t('officers.flow.done')))] };
    let photo: PhotoRef;
    try {
      photo = await storeLinePhoto(input.messageId);
    } catch (err) {
      if (!isUserFacing(err)) throw err;
      return { answers, messages: [{ type: 'text', text: ctx.t(err.messageKey, err.params) }] };
    }
    const next = { ...answers, photos: [...photos, photo] };
    const set = input.imageSet;
    const lastOfSet = !set || !set.total || set.index === undefined || set.index >= set.total;
    return { answers: next, messages: lastOfSet ? [ask(ctx, ctx.t('officers.flow.photoKept', { count: next.photos.length }), photoItems(ctx, flowId, ctx.t('officers.flow.done')))] : [] };
  };
}
