import type { CaseAction, CaseCardView, CaseDetailView, CaseListItemView } from '../../../flex-messages/officers/views';
import { translator } from '../../i18n';
import { LANGUAGES, type Lang } from '../../i18n/languages';
import { formatDate, formatDateTime } from '../../shared/dates';
import { excerpt } from '../../shared/text';
import { DepartmentModel, localized } from '../departments/department.model';
import { findCategory } from '../complaints/category.model';
import { isOpen, statusLabelKey } from '../complaints/complaint-status';
import type { ComplaintDoc } from '../complaints/complaint.model';
import type { ImageMessage } from '../../line/types';
import { photoUrl } from '../photos/photos.service';

type Name = { th: string; en?: string | null; my?: string | null };

/** Google Maps link for a pin (opens the map app on phones). */
export function mapUrl(location: { latitude: number; longitude: number } | undefined | null): string | undefined {
  if (!location) return undefined;
  return `https://www.google.com/maps/search/?api=1&query=${location.latitude.toFixed(6)},${location.longitude.toFixed(6)}`;
}

/** A photo link LINE can show as a Flex image or an image message: LINE loads images over https only. */
function heroUrl(fileId: string): string | undefined {
  const url = photoUrl(fileId);
  return url.startsWith('https://') ? url : undefined;
}

/** The photo as a LINE image message, or undefined when the public address is not https (local mode). */
export function imageMessage(fileId: string): ImageMessage | undefined {
  const url = heroUrl(fileId);
  return url ? { type: 'image', originalContentUrl: url, previewImageUrl: url } : undefined;
}

/** Names a view needs, looked up once per case. */
export interface CaseNames {
  category?: Name;
  department?: Name;
  departments: Map<string, Name>;
  photoUrl?: string;
}

/** Looks up the category and department names (and, unless told not to, the first photo's URL) of a case. */
export async function namesOf(doc: ComplaintDoc, options: { photo?: boolean } = {}): Promise<CaseNames> {
  const [category, departments] = await Promise.all([
    findCategory(doc.categoryCode),
    DepartmentModel.find({ code: { $in: [doc.departmentCode, ...doc.forwards.map((f) => f.fromDepartmentCode)] } }).lean(),
  ]);
  const map = new Map<string, Name>(departments.map((d) => [d.code, d.name]));
  const first = doc.photos[0];
  return { category: category?.name, department: map.get(doc.departmentCode), departments: map, photoUrl: first && options.photo !== false ? heroUrl(first.fileId) : undefined };
}

const DIGIT = '[0-9๐-๙]';
/** A Thai phone number (0 or +66 and 8 to 9 digits) or a 13-digit citizen id, with spaces, dots or dashes. */
const CONTACT_NUMBER = new RegExp(`(?<!${DIGIT})(?:(?:\\+66|[0๐])(?:[\\s.-]?${DIGIT}){8,9}|${DIGIT}(?:[\\s.-]?${DIGIT}){12})(?!${DIGIT})`, 'g');

/**
 * The text with phone numbers and citizen ids a citizen typed into it hidden: the department
 * card (often a LINE group) and colleagues see the problem, only the holder the contact.
 */
export function hideContactNumbers(text: string): string {
  return text.replace(CONTACT_NUMBER, '***');
}

/** True when the case is still open and its due date has passed. */
export function isOverdue(doc: Pick<ComplaintDoc, 'status' | 'dueAt'>, now: Date): boolean {
  return isOpen(doc.status) && doc.dueAt.getTime() < now.getTime();
}

/** Why a department gets the card: a new case, one forwarded to it, or one back from a revoked holder. */
export type CardKind = 'new' | 'forwarded' | 'returned';

/** The card view in one language. */
export function cardView(doc: ComplaintDoc, names: CaseNames, lang: Lang, now: Date, kind: CardKind = 'new'): CaseCardView {
  const t = translator(lang);
  const last = doc.forwards[doc.forwards.length - 1];
  return {
    caseId: String(doc._id),
    number: doc.number,
    categoryName: localized(names.category, lang) || doc.categoryCode,
    departmentName: localized(names.department, lang) || doc.departmentCode,
    statusLabel: t(statusLabelKey(doc.status)),
    excerpt: excerpt(hideContactNumbers(doc.description), 120),
    photoUrl: names.photoUrl,
    mapUrl: mapUrl(doc.location),
    address: doc.location?.address ? excerpt(hideContactNumbers(doc.location.address), 80) : undefined,
    filedAt: formatDateTime(doc.filedAt, lang),
    dueAt: formatDate(doc.dueAt, lang),
    overdue: isOverdue(doc, now),
    channelLabel: t(`officers.channels.${doc.channel}`),
    holderName: doc.holder?.name ?? undefined,
    returned: kind === 'returned' || undefined,
    actions: ['accept'],
    offersDetail: true,
    forwardedFrom: kind === 'forwarded' && last ? { departmentName: localized(names.departments.get(last.fromDepartmentCode), lang) || last.fromDepartmentCode, reason: excerpt(hideContactNumbers(last.reason), 200) } : undefined,
  };
}

/** The card in every language, so one push per language can be built synchronously. */
export function cardViews(doc: ComplaintDoc, names: CaseNames, now: Date, kind: CardKind = 'new'): Record<Lang, CaseCardView> {
  return Object.fromEntries(LANGUAGES.map((lang) => [lang, cardView(doc, names, lang, now, kind)])) as Record<Lang, CaseCardView>;
}

const HISTORY_SHOWN = 5;

/** The detail view; `phone` is passed only when the viewer holds the case. */
export function detailView(doc: ComplaintDoc, names: CaseNames, lang: Lang, now: Date, options: { showPhone: boolean; actions: CaseAction[] }): CaseDetailView {
  const t = translator(lang);
  const shown = (text: string) => (options.showPhone ? text : hideContactNumbers(text));
  const history = doc.history
    .slice(-HISTORY_SHOWN)
    .reverse()
    .map((h) => ({
      at: formatDateTime(h.at, lang),
      label: h.kind === 'forward' ? t('officers.history.forward') : t(h.kind === 'status' ? statusLabelKey(h.to) : `officers.history.${h.kind}`),
      note: h.note ? excerpt(shown(h.note), 160) : undefined,
      photoUrls: h.photos.map((p) => photoUrl(p.fileId)),
    }));
  return {
    ...cardView(doc, names, lang, now),
    description: shown(doc.description),
    phone: options.showPhone && doc.phone ? doc.phone : undefined,
    delayReason: doc.delayReason ? shown(doc.delayReason) : undefined,
    photoUrls: doc.photos.map((p) => photoUrl(p.fileId)),
    history,
    actions: options.actions,
  };
}

/** A row of the officer's or the head's list; `actions`: the buttons the reader may use on it now. */
export function listItemView(doc: ComplaintDoc, names: CaseNames, lang: Lang, now: Date, options: Pick<CaseListItemView, 'flag' | 'actions'> = {}): CaseListItemView {
  const card = cardView(doc, names, lang, now);
  return { caseId: card.caseId, number: card.number, categoryName: card.categoryName, statusLabel: card.statusLabel, excerpt: excerpt(hideContactNumbers(doc.description), 60), dueAt: card.dueAt, overdue: card.overdue, holderName: card.holderName, ...options };
}
