import { buildComplaintReceipt } from '../../../flex-messages/complaints/receipt';
import { buildUrgentHotline } from '../../../flex-messages/complaints/urgent';
import { cancelQuickReply, flowAnswerValue } from '../../conversation/engine';
import { DONE, defineFlow, type FlowDefinition, type ParseResult } from '../../conversation/flow';
import type { Lang } from '../../i18n/languages';
import type { BotContext } from '../../line/context';
import type { BotInput } from '../../line/input';
import type { Message } from '../../line/types';
import { shortLabel } from '../../shared/text';
import { localized } from '../departments/department.model';
import { discardPhotos } from '../photos/photos.service';
import { receiptView } from './case-views';
import { activeCategories, findActiveCategory, type CategoryDoc } from './category.model';
import { DESCRIPTION_MAX, DESCRIPTION_MIN, fileComplaint } from './filing';
import { followCase } from './following';
import { absorbMedia, askLocation, askPhotos, parseLocation, parsePhotos } from './file-media.steps';
import { categoryNameOf, FILE_FLOW_ID, LABEL_MAX, ok, quick, refuse, stay, textWith, type ChosenCategory, type FileAnswers } from './file-steps';
import { askConfirm, askEditWhat, parseConfirm, parseEditWhat } from './file-summary.steps';
import { normalizeThaiPhone } from './phone';
import { typedChoice, typedForm } from './typed-words';

export { FILE_FLOW_ID } from './file-steps';

/** Quick replies hold 13 items: 10 categories, back, more and cancel. */
const PAGE_SIZE = 10;

/** "💡 ไฟฟ้าส่องสว่าง", without the icon when that would pass LINE's 20 characters. */
export function categoryLabel(category: Pick<CategoryDoc, 'name' | 'icon'>, lang: Lang): string {
  const name = localized(category.name, lang);
  const withIcon = category.icon ? `${category.icon} ${name}` : name;
  return withIcon.length <= LABEL_MAX ? withIcon : shortLabel(name);
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

/** The current step's question again, after an acknowledgement. */
async function currentPrompt(ctx: BotContext, a: FileAnswers): Promise<Message[]> {
  const step = fileComplaintFlow.steps[a.step];
  return step ? step.prompt(ctx, a) : [];
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
  absorb: absorbMedia(currentPrompt),
  onDone,
  // The photos of an abandoned complaint are not kept, nor those it had replaced.
  onAbandon: (a) => discardPhotos([...(a.photos ?? []), ...(a.replacedPhotos ?? [])]),
});

/** The answers a new filing starts with. */
export function initialFileAnswers(): FileAnswers {
  return { step: 'category', photos: [] };
}
