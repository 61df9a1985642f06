import { cancelQuickReply, flowAnswerValue } from '../../conversation/engine';
import type { ParseResult } from '../../conversation/flow';
import type { BotContext } from '../../line/context';
import type { BotInput } from '../../line/input';
import type { Message, QuickReplyItem } from '../../line/types';
import { isUserFacing } from '../../shared/errors';
import { logger } from '../../shared/logger';
import { getSettings } from '../municipality/settings';
import { storeLinePhoto } from '../photos/photos.service';
import { needsLocation, needsPhotos, ok, quick, refuse, textWith, type FileAnswers } from './file-steps';
import { typedChoice } from './typed-words';

/** The filing dialog's photo and map-pin steps, and the photos and pins it takes at any step. */

export async function askPhotos(ctx: BotContext, a: FileAnswers): Promise<Message[]> {
  const max = (await getSettings()).complaints.maxPhotos;
  const count = a.photos.length;
  const items: QuickReplyItem[] = [];
  if (count < max) {
    items.push({ type: 'action', action: { type: 'camera', label: ctx.t('complaints.file.camera') } });
    items.push({ type: 'action', action: { type: 'cameraRoll', label: ctx.t('complaints.file.cameraRoll') } });
  }
  const required = a.category?.photo === 'required';
  if (count > 0 || !required) items.push(quick(ctx.t(count > 0 ? 'complaints.file.photosDone' : 'complaints.file.noPhoto'), 'photos', 'done'));
  items.push(cancelQuickReply(ctx.t('complaints.file.cancel')));
  let body: string;
  if (count === 0) body = ctx.t(required ? 'complaints.file.askPhotosRequired' : 'complaints.file.askPhotos', { max });
  else if (count >= max) body = ctx.t('complaints.file.photosFull', { count, max });
  else body = ctx.t('complaints.file.photosSoFar', { count, max });
  return [textWith(body, items)];
}

export function parsePhotos(input: BotInput, a: FileAnswers, ctx: BotContext): ParseResult<FileAnswers> {
  const done = flowAnswerValue(input, 'photos') === 'done' || typedChoice(input, ctx, { done: ['complaints.file.photosDone', 'complaints.file.noPhoto'] }) === 'done';
  if (!done) return refuse(input.kind === 'media' ? 'complaints.file.photosOnly' : 'complaints.file.photoExpected');
  if (needsPhotos(a)) return refuse('complaints.file.photoRequired');
  return ok('photos', a);
}

export function askLocation(ctx: BotContext, a: FileAnswers): Message[] {
  const required = a.category?.location === 'required';
  const items: QuickReplyItem[] = [{ type: 'action', action: { type: 'location', label: ctx.t('complaints.file.sendLocation') } }];
  if (!required) items.push(quick(ctx.t('complaints.file.skipLocation'), 'location', 'skip'));
  items.push(cancelQuickReply(ctx.t('complaints.file.cancel')));
  return [textWith(ctx.t(required ? 'complaints.file.askLocationRequired' : 'complaints.file.askLocation'), items)];
}

export function parseLocation(input: BotInput, a: FileAnswers, ctx: BotContext): ParseResult<FileAnswers> {
  if (input.kind === 'location') return ok('location', { ...a, location: { latitude: input.latitude, longitude: input.longitude, ...(input.address ? { address: input.address.slice(0, 300) } : {}) } });
  if (flowAnswerValue(input, 'location') === 'skip' || typedChoice(input, ctx, { skip: ['complaints.file.skipLocation'] })) {
    if (needsLocation(a)) return refuse('complaints.file.locationRequired');
    return ok('location', a);
  }
  return refuse('complaints.file.locationExpected');
}

function isLastOfSet(input: Extract<BotInput, { kind: 'image' }>): boolean {
  const set = input.imageSet;
  return !set || set.index === undefined || set.total === undefined || set.index >= set.total;
}

/**
 * A photo at any step is downloaded at once (LINE deletes content after a while), cleaned and
 * kept; several sent together as an image set are all taken, with one answer after the last.
 * A map pin at any step other than the location question is kept too. `currentPrompt` asks the
 * step's question again after the acknowledgement.
 */
export function absorbMedia(currentPrompt: (ctx: BotContext, a: FileAnswers) => Promise<Message[]>) {
  return async (input: BotInput, a: FileAnswers, ctx: BotContext) => {
    if (input.kind === 'image') {
      if (a.photos.some((p) => p.messageId === input.messageId)) return { answers: a, messages: [] };
      const max = (await getSettings()).complaints.maxPhotos;
      const last = isLastOfSet(input);
      if (a.photos.length >= max) {
        return { answers: a, messages: last ? [{ type: 'text', text: ctx.t('complaints.file.photoLimit', { max }) } as Message, ...(await currentPrompt(ctx, a))] : [] };
      }
      let answers = a;
      const notes: Message[] = [];
      try {
        const ref = await storeLinePhoto(input.messageId);
        answers = { ...a, photos: [...a.photos, { ...ref, messageId: input.messageId }] };
      } catch (err) {
        logger.warn({ webhookEventId: ctx.webhookEventId, kind: isUserFacing(err) ? err.messageKey : 'error' }, 'complaint photo not kept');
        notes.push({ type: 'text', text: ctx.t(isUserFacing(err) && err.messageKey !== 'photos.errors.downloadFailed' ? err.messageKey : 'complaints.file.photoFailed', isUserFacing(err) ? err.params : {}) });
      }
      if (!last) return { answers, messages: notes };
      if (answers.step !== 'photos' && answers.photos.length > a.photos.length) {
        notes.push({ type: 'text', text: ctx.t('complaints.file.photoKept', { count: answers.photos.length, max }) });
      }
      return { answers, messages: [...notes, ...(await currentPrompt(ctx, answers))] };
    }
    if (input.kind === 'location' && a.step !== 'location') {
      const answers: FileAnswers = { ...a, location: { latitude: input.latitude, longitude: input.longitude, ...(input.address ? { address: input.address.slice(0, 300) } : {}) } };
      return { answers, messages: [{ type: 'text', text: ctx.t('complaints.file.locationKept') } as Message, ...(await currentPrompt(ctx, answers))] };
    }
    return undefined;
  };
}
