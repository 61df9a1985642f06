import { buildComplaintReceipt } from '../../../flex-messages/complaints/receipt';
import { buildComplaintSummary } from '../../../flex-messages/complaints/summary';
import { buildDuplicateHint } from '../../../flex-messages/complaints/duplicate-hint';
import { buildUrgentHotline } from '../../../flex-messages/complaints/urgent';
import { cancelQuickReply, flowAnswer, flowAnswerValue } from '../../conversation/engine';
import { defineFlow, DONE, type FlowDefinition, type ParseResult } from '../../conversation/flow';
import type { Lang } from '../../i18n/languages';
import type { BotContext } from '../../line/context';
import type { BotInput } from '../../line/input';
import { encodePostback } from '../../line/postback';
import type { Message, QuickReplyItem } from '../../line/types';
import { formatDate } from '../../shared/dates';
import { isUserFacing } from '../../shared/errors';
import { logger } from '../../shared/logger';
import { excerpt } from '../../shared/text';
import { localized } from '../departments/department.model';
import { getSettings } from '../municipality/settings';
import { discardPhotos, storeLinePhoto, type PhotoRef } from '../photos/photos.service';
import { receiptView, statusLabel } from './case-views';
import { activeCategories, findActiveCategory, type CategoryDoc, type Requirement } from './category.model';
import { DESCRIPTION_MAX, DESCRIPTION_MIN, fileComplaint, findNearbyOpenCase, followCase } from './complaints.service';
import { normalizeThaiPhone } from './phone';
import { typedChoice, typedForm } from './typed-words';

export const FILE_FLOW_ID = 'complaints.file';

/** The category as the flow keeps it: what the next steps need, as plain JSON. */
interface ChosenCategory {
  code: string;
  name: { th: string; en?: string | null; my?: string | null };
  photo: Requirement;
  location: Requirement;
  hotline?: string | null;
}

export interface FileAnswers {
  /** The step being asked now (kept here so `absorb` knows whether a map pin answers it). */
  step: string;
  categoryPage?: number;
  category?: ChosenCategory;
  description?: string;
  photos: (PhotoRef & { messageId: string })[];
  /** Photos set aside by "send new photos": deleted when the draft ends, never filed. */
  replacedPhotos?: Pick<PhotoRef, 'fileId'>[];
  location?: { latitude: number; longitude: number; address?: string };
  /** A Thai phone number, or null when the citizen skipped it. */
  phone?: string | null;
  /** True after "edit": each answered step returns to the summary. */
  editing?: boolean;
  /** Follow this open case ("me too") instead of filing. */
  meTooCaseId?: string;
  /** Set by the last step's answer: the flow is finished. */
  done?: boolean;
}

const ORDER = ['category', 'description', 'photos', 'location', 'phone', 'confirm'] as const;
const EDITABLE = ['category', 'description', 'photos', 'location', 'phone'] as const;
/** Quick replies hold 13 items: 10 categories, back, more and cancel. */
const PAGE_SIZE = 10;
const LABEL_MAX = 20;

const needsPhotos = (a: FileAnswers) => a.category?.photo === 'required' && a.photos.length === 0;
const needsLocation = (a: FileAnswers) => a.category?.location === 'required' && !a.location;

/** The step after `from`, skipping what the category does not ask or what was given already. */
export function nextStep(from: string, a: FileAnswers): string {
  if (a.category?.hotline) return DONE;
  if (a.editing) {
    if (needsPhotos(a)) return 'photos';
    if (needsLocation(a)) return 'location';
    return 'confirm';
  }
  for (let i = ORDER.indexOf(from as (typeof ORDER)[number]) + 1; i < ORDER.length; i += 1) {
    const id = ORDER[i];
    if (id === 'photos' && a.category?.photo === 'none' && a.photos.length === 0) continue;
    if (id === 'location' && (a.category?.location === 'none' || a.location)) continue;
    return id;
  }
  return 'confirm';
}

/** Moves to a step; DONE keeps the current step id (a refused filing stays on the summary). */
const stay = (answers: FileAnswers, step: string): ParseResult<FileAnswers> => ({ ok: true, answers: step === DONE ? { ...answers, done: true } : { ...answers, step, done: false } });
const ok = (from: string, answers: FileAnswers): ParseResult<FileAnswers> => stay(answers, nextStep(from, answers));
const refuse = (reasonKey: string, params?: Record<string, unknown>): ParseResult<FileAnswers> => ({ ok: false, reasonKey, params });

function quick(label: string, step: string, value: string, displayText: string = label): QuickReplyItem {
  return { type: 'action', action: { type: 'postback', label: excerpt(label, LABEL_MAX), data: flowAnswer(FILE_FLOW_ID, step, value), displayText } };
}

function textWith(body: string, items: QuickReplyItem[]): Message {
  return { type: 'text', text: body, quickReply: { items } };
}

/** "💡 ไฟฟ้าส่องสว่าง", without the icon when that would pass LINE's 20 characters. */
export function categoryLabel(category: Pick<CategoryDoc, 'name' | 'icon'>, lang: Lang): string {
  const name = localized(category.name, lang);
  const withIcon = category.icon ? `${category.icon} ${name}` : name;
  return withIcon.length <= LABEL_MAX ? withIcon : excerpt(name, LABEL_MAX);
}

const chosen = (c: CategoryDoc): ChosenCategory => ({ code: c.code, name: { th: c.name.th, en: c.name.en ?? undefined, my: c.name.my ?? undefined }, photo: c.photo, location: c.location, hotline: c.hotline ?? undefined });

/** The categories on one page of the question (a second page when they pass a quick reply's 13). */
function categoryPage(categories: CategoryDoc[], wanted: number | undefined): { shown: CategoryDoc[]; page: number; pages: number } {
  const paged = categories.length > 12;
  const pages = paged ? Math.ceil(categories.length / PAGE_SIZE) : 1;
  const page = Math.min(Math.max(1, wanted ?? 1), pages);
  return { shown: paged ? categories.slice((page - 1) * PAGE_SIZE, page * PAGE_SIZE) : categories, page, pages };
}

async function askCategory(ctx: BotContext, a: FileAnswers): Promise<Message[]> {
  const { shown, page, pages } = categoryPage(await activeCategories(), a.categoryPage);
  const items = shown.map((c) => quick(categoryLabel(c, ctx.lang), 'category', c.code, localized(c.name, ctx.lang)));
  if (page > 1) items.unshift(quick(ctx.t('complaints.file.previousPage'), 'category', `page:${page - 1}`));
  if (page < pages) items.push(quick(ctx.t('complaints.file.nextPage'), 'category', `page:${page + 1}`));
  items.push(cancelQuickReply(ctx.t('complaints.file.cancel')));
  // The names are written out too: LINE for PC shows no quick replies, and they can be typed.
  const names = shown.map((c) => localized(c.name, ctx.lang)).join(', ');
  const paging = [page < pages ? ctx.t('complaints.file.typeNextPage') : '', page > 1 ? ctx.t('complaints.file.typePreviousPage') : ''].join('');
  return [textWith(ctx.t(page > 1 ? 'complaints.file.askCategoryMore' : 'complaints.file.askCategory', { page, pages, names, paging }), items)];
}

/** The page a tapped or typed "more"/"back" asks for, if it was one. */
function pageAsked(input: BotInput, a: FileAnswers, ctx: BotContext): number | undefined {
  const value = flowAnswerValue(input, 'category');
  if (value?.startsWith('page:')) return Number(value.slice(5)) || 1;
  const typed = typedChoice(input, ctx, { next: ['complaints.file.nextPage'], previous: ['complaints.file.previousPage'] });
  if (!typed) return undefined;
  return (a.categoryPage ?? 1) + (typed === 'next' ? 1 : -1);
}

async function parseCategory(input: BotInput, a: FileAnswers, ctx: BotContext): Promise<ParseResult<FileAnswers>> {
  const categories = await activeCategories();
  const page = pageAsked(input, a, ctx);
  if (page !== undefined) return stay({ ...a, categoryPage: categoryPage(categories, page).page }, 'category');
  const value = flowAnswerValue(input, 'category');
  let category: CategoryDoc | null = null;
  if (value) {
    category = await findActiveCategory(value);
    if (!category) return refuse('complaints.file.categoryGone');
  } else if (input.kind === 'text') {
    const typed = typedForm(input.text);
    category = categories.find((c) => [c.name.th, c.name.en, c.name.my, localized(c.name, ctx.lang)].some((n) => n && typedForm(n) === typed)) ?? null;
  }
  if (!category) return refuse('complaints.file.chooseCategory');
  return ok('category', { ...a, category: chosen(category) });
}

function categoryNameOf(a: FileAnswers, lang: Lang): string {
  return a.category ? localized(a.category.name, lang) : '';
}

function askDescription(ctx: BotContext, a: FileAnswers): Message[] {
  return [textWith(ctx.t('complaints.file.askDescription', { category: categoryNameOf(a, ctx.lang), min: DESCRIPTION_MIN, max: DESCRIPTION_MAX }), [cancelQuickReply(ctx.t('complaints.file.cancel'))])];
}

function parseDescription(input: BotInput, a: FileAnswers): ParseResult<FileAnswers> {
  if (input.kind !== 'text') return refuse('complaints.file.descriptionExpected');
  const description = input.raw.trim();
  if (description.length < DESCRIPTION_MIN) return refuse('complaints.file.descriptionTooShort', { min: DESCRIPTION_MIN });
  if (description.length > DESCRIPTION_MAX) return refuse('complaints.file.descriptionTooLong', { max: DESCRIPTION_MAX, length: description.length });
  return ok('description', { ...a, description });
}

async function askPhotos(ctx: BotContext, a: FileAnswers): Promise<Message[]> {
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

function parsePhotos(input: BotInput, a: FileAnswers, ctx: BotContext): ParseResult<FileAnswers> {
  const done = flowAnswerValue(input, 'photos') === 'done' || typedChoice(input, ctx, { done: ['complaints.file.photosDone', 'complaints.file.noPhoto'] }) === 'done';
  if (!done) return refuse(input.kind === 'media' ? 'complaints.file.photosOnly' : 'complaints.file.photoExpected');
  if (needsPhotos(a)) return refuse('complaints.file.photoRequired');
  return ok('photos', a);
}

function askLocation(ctx: BotContext, a: FileAnswers): Message[] {
  const required = a.category?.location === 'required';
  const items: QuickReplyItem[] = [{ type: 'action', action: { type: 'location', label: ctx.t('complaints.file.sendLocation') } }];
  if (!required) items.push(quick(ctx.t('complaints.file.skipLocation'), 'location', 'skip'));
  items.push(cancelQuickReply(ctx.t('complaints.file.cancel')));
  return [textWith(ctx.t(required ? 'complaints.file.askLocationRequired' : 'complaints.file.askLocation'), items)];
}

function parseLocation(input: BotInput, a: FileAnswers, ctx: BotContext): ParseResult<FileAnswers> {
  if (input.kind === 'location') return ok('location', { ...a, location: { latitude: input.latitude, longitude: input.longitude, ...(input.address ? { address: input.address.slice(0, 300) } : {}) } });
  if (flowAnswerValue(input, 'location') === 'skip' || typedChoice(input, ctx, { skip: ['complaints.file.skipLocation'] })) {
    if (needsLocation(a)) return refuse('complaints.file.locationRequired');
    return ok('location', a);
  }
  return refuse('complaints.file.locationExpected');
}

function askPhone(ctx: BotContext): Message[] {
  return [textWith(ctx.t('complaints.file.askPhone'), [quick(ctx.t('complaints.file.skipPhone'), 'phone', 'skip'), cancelQuickReply(ctx.t('complaints.file.cancel'))])];
}

function parsePhone(input: BotInput, a: FileAnswers, ctx: BotContext): ParseResult<FileAnswers> {
  if (flowAnswerValue(input, 'phone') === 'skip' || typedChoice(input, ctx, { skip: ['complaints.file.skipPhone', 'complaints.file.skipLocation'] })) return ok('phone', { ...a, phone: null });
  if (input.kind !== 'text') return refuse('complaints.file.phoneExpected');
  const phone = normalizeThaiPhone(input.text);
  if (!phone) return refuse('complaints.file.phoneInvalid');
  return ok('phone', { ...a, phone });
}

function locationText(a: FileAnswers, ctx: BotContext): string | undefined {
  if (!a.location) return undefined;
  return a.location.address ?? ctx.t('complaints.card.pinned', { lat: a.location.latitude.toFixed(5), lng: a.location.longitude.toFixed(5) });
}

async function askConfirm(ctx: BotContext, a: FileAnswers): Promise<Message[]> {
  const messages: Message[] = [];
  if (a.category && a.location) {
    const nearby = await findNearbyOpenCase(a.category.code, a.location, ctx.userId, ctx.now);
    if (nearby) {
      messages.push(
        buildDuplicateHint(
          {
            number: nearby.doc.number,
            categoryName: categoryNameOf(a, ctx.lang),
            statusLabel: statusLabel(ctx.t, nearby.doc.status),
            filedDate: formatDate(nearby.doc.filedAt, ctx.lang),
            distanceMeters: nearby.meters,
            people: 1 + (nearby.doc.meTooCount ?? 0),
            followData: flowAnswer(FILE_FLOW_ID, 'confirm', `metoo:${nearby.doc._id.toHexString()}`),
          },
          ctx.t,
        ),
      );
    }
  }
  messages.push(
    buildComplaintSummary(
      {
        categoryName: categoryNameOf(a, ctx.lang),
        description: a.description ?? '',
        photoCount: a.photos.length,
        location: locationText(a, ctx),
        phone: a.phone ?? undefined,
        actions: { confirm: flowAnswer(FILE_FLOW_ID, 'confirm', 'confirm'), edit: flowAnswer(FILE_FLOW_ID, 'confirm', 'edit'), cancel: encodePostback('conversation.cancel') },
      },
      ctx.t,
    ),
  );
  return messages;
}

function parseConfirm(input: BotInput, a: FileAnswers, ctx: BotContext): ParseResult<FileAnswers> {
  const value = flowAnswerValue(input, 'confirm') ?? typedChoice(input, ctx, { confirm: ['complaints.summary.confirm'], edit: ['complaints.summary.edit'] });
  // A "me too" refused earlier is kept in the answers the refusal saved: each press decides anew.
  const { meTooCaseId: _earlier, ...draft } = a;
  if (value === 'confirm') return stay(draft, DONE);
  if (value === 'edit') return stay(draft, 'editWhat');
  // Which case may be followed is checked again when following (followCase), not trusted here.
  if (value?.startsWith('metoo:') && /^[0-9a-f]{24}$/.test(value.slice(6))) return stay({ ...draft, meTooCaseId: value.slice(6) }, DONE);
  return refuse('complaints.file.pressConfirm');
}

type EditChoice = (typeof EDITABLE)[number] | 'back';
const EDIT_KEYS: Readonly<Record<EditChoice, readonly string[]>> = {
  category: ['complaints.file.editField.category'],
  description: ['complaints.file.editField.description'],
  photos: ['complaints.file.editField.photos'],
  location: ['complaints.file.editField.location'],
  phone: ['complaints.file.editField.phone'],
  back: ['complaints.file.backToSummary'],
};

function askEditWhat(ctx: BotContext, a: FileAnswers): Message[] {
  const fields = EDITABLE.filter((f) => !(f === 'location' && a.category?.location === 'none') && !(f === 'photos' && a.category?.photo === 'none'));
  const labels = [...fields.map((f) => ctx.t(`complaints.file.editField.${f}`)), ctx.t('complaints.file.backToSummary')];
  const items = [...fields, 'back'].map((f, i) => quick(labels[i], 'editWhat', f));
  items.push(cancelQuickReply(ctx.t('complaints.file.cancel')));
  return [textWith(ctx.t('complaints.file.askEditWhat', { choices: labels.join(', ') }), items)];
}

function parseEditWhat(input: BotInput, a: FileAnswers, ctx: BotContext): ParseResult<FileAnswers> {
  const value = flowAnswerValue(input, 'editWhat') ?? typedChoice(input, ctx, EDIT_KEYS);
  if (value === 'back') return stay(a, 'confirm');
  if (!value || !(EDITABLE as readonly string[]).includes(value)) return refuse('complaints.file.chooseEdit');
  const edited: FileAnswers = { ...a, editing: true, categoryPage: 1 };
  if (value === 'photos') {
    // Parse stays pure: the old photos are only marked, and deleted when the draft ends.
    edited.replacedPhotos = [...(a.replacedPhotos ?? []), ...a.photos.map(({ fileId }) => ({ fileId }))];
    edited.photos = [];
  }
  if (value === 'location') delete edited.location;
  return stay(edited, value);
}

function isLastOfSet(input: Extract<BotInput, { kind: 'image' }>): boolean {
  const set = input.imageSet;
  return !set || set.index === undefined || set.total === undefined || set.index >= set.total;
}

/** The current step's question again, after an acknowledgement. */
async function currentPrompt(ctx: BotContext, a: FileAnswers): Promise<Message[]> {
  const step = fileComplaintFlow.steps[a.step];
  return step ? step.prompt(ctx, a) : [];
}

/**
 * A photo at any step is downloaded at once (LINE deletes content after a while), cleaned and
 * kept; several sent together as an image set are all taken, with one answer after the last.
 * A map pin at any step other than the location question is kept too.
 */
async function absorb(input: BotInput, a: FileAnswers, ctx: BotContext) {
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
}

async function onDone(ctx: BotContext, a: FileAnswers): Promise<void> {
  await discardPhotos(a.replacedPhotos);
  if (!a.category) return;
  if (a.category.hotline) {
    // An emergency is not filed: the draft's photos have nowhere to go.
    await discardPhotos(a.photos);
    ctx.reply(buildUrgentHotline({ categoryName: categoryNameOf(a, ctx.lang), hotline: a.category.hotline }, ctx.t));
    return;
  }
  if (a.meTooCaseId) {
    const doc = await followCase(a.meTooCaseId, ctx.userId, { categoryCode: a.category.code, location: a.location }, ctx.now);
    await discardPhotos(a.photos);
    ctx.reply({ type: 'text', text: ctx.t('complaints.duplicate.followed', { number: doc.number }) });
    return;
  }
  const doc = await fileComplaint(
    {
      citizenId: ctx.userId,
      channel: 'line',
      categoryCode: a.category.code,
      description: a.description ?? '',
      photos: a.photos.map(({ fileId, contentType, bytes }) => ({ fileId, contentType, bytes })),
      location: a.location,
      phone: a.phone ?? undefined,
      sourceEventId: ctx.webhookEventId,
    },
    ctx.now,
  );
  ctx.reply(buildComplaintReceipt(await receiptView(doc, ctx.lang), ctx.t));
}

const nextOf = (a: FileAnswers): string => (a.done ? DONE : a.step);

/**
 * Filing a complaint: category, description, photos, location, phone, summary. Under two
 * minutes on a phone: quick replies for every choice, photos and map pins taken at any step.
 */
export const fileComplaintFlow: FlowDefinition<FileAnswers> = defineFlow<FileAnswers>({
  id: FILE_FLOW_ID,
  version: 1,
  titleKey: 'complaints.file.title',
  firstStep: () => 'category',
  steps: {
    category: { prompt: askCategory, parse: parseCategory, next: nextOf },
    description: { prompt: askDescription, parse: parseDescription, next: nextOf },
    photos: { prompt: askPhotos, parse: parsePhotos, next: nextOf },
    location: { prompt: askLocation, parse: parseLocation, next: nextOf },
    phone: { prompt: askPhone, parse: parsePhone, next: nextOf },
    confirm: { prompt: askConfirm, parse: parseConfirm, next: nextOf },
    editWhat: { prompt: askEditWhat, parse: parseEditWhat, next: nextOf },
  },
  absorb,
  onDone,
  // The photos of an abandoned complaint are not kept, nor those it had replaced.
  onAbandon: (a) => discardPhotos([...(a.photos ?? []), ...(a.replacedPhotos ?? [])]),
});

/** The answers a new filing starts with. */
export function initialFileAnswers(): FileAnswers {
  return { step: 'category', photos: [] };
}
