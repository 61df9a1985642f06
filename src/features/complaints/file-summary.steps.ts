import { buildComplaintSummary } from '../../../flex-messages/complaints/summary';
import { buildDuplicateHint } from '../../../flex-messages/complaints/duplicate-hint';
import { cancelQuickReply, flowAnswer, flowAnswerValue } from '../../conversation/engine';
import { DONE, type ParseResult } from '../../conversation/flow';
import type { BotContext } from '../../line/context';
import type { BotInput } from '../../line/input';
import { encodePostback } from '../../line/postback';
import type { Message } from '../../line/types';
import { formatDate } from '../../shared/dates';
import { statusLabel } from './case-views';
import { categoryNameOf, FILE_FLOW_ID, quick, refuse, stay, textWith, type FileAnswers } from './file-steps';
import { findNearbyOpenCase } from './following';
import { typedChoice } from './typed-words';

/** The filing dialog's summary (with the "me too" hint) and the choice of what to edit. */

const EDITABLE = ['category', 'description', 'photos', 'location', 'phone'] as const;

function locationText(a: FileAnswers, ctx: BotContext): string | undefined {
  if (!a.location) return undefined;
  return a.location.address ?? ctx.t('complaints.card.pinned', { lat: a.location.latitude.toFixed(5), lng: a.location.longitude.toFixed(5) });
}

export async function askConfirm(ctx: BotContext, a: FileAnswers): Promise<Message[]> {
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

export function parseConfirm(input: BotInput, a: FileAnswers, ctx: BotContext): ParseResult<FileAnswers> {
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

export function askEditWhat(ctx: BotContext, a: FileAnswers): Message[] {
  const fields = EDITABLE.filter((f) => !(f === 'location' && a.category?.location === 'none') && !(f === 'photos' && a.category?.photo === 'none'));
  const labels = [...fields.map((f) => ctx.t(`complaints.file.editField.${f}`)), ctx.t('complaints.file.backToSummary')];
  const items = [...fields, 'back'].map((f, i) => quick(labels[i], 'editWhat', f));
  items.push(cancelQuickReply(ctx.t('complaints.file.cancel')));
  return [textWith(ctx.t('complaints.file.askEditWhat', { choices: labels.join(', ') }), items)];
}

export function parseEditWhat(input: BotInput, a: FileAnswers, ctx: BotContext): ParseResult<FileAnswers> {
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
