import type { CaseCardView } from '../../../flex-messages/complaints/case-list';
import type { ComplaintReceiptView } from '../../../flex-messages/complaints/receipt';
import type { StatusUpdateView } from '../../../flex-messages/complaints/status-update';
import type { CaseTimelineView, TimelineEntryView } from '../../../flex-messages/complaints/timeline';
import type { Lang, Translate } from '../../i18n/languages';
import { encodePostback } from '../../line/postback';
import { formatDate, formatDateTime } from '../../shared/dates';
import { localized } from '../departments/department.model';
import { departmentName } from '../departments/departments.service';
import { getSettings } from '../municipality/settings';
import { photoUrl } from '../photos/photos.service';
import { findCategory } from './category.model';
import type { ComplaintDoc, HistoryEntry } from './complaint.model';
import { canAct, isOpen, isTransition, statusLabelKey, statusesPendingForCitizen } from './complaint-status';
import { daysUntilDue } from './due-dates';
import { reopenWindow } from './reopen-window';

/**
 * Turns cases into the plain views the flex builders take: names in the reader's language,
 * dates formatted in Bangkok time, and postback data for the actions the reader may take.
 */

export const caseAction = (action: 'details' | 'answer' | 'confirm' | 'reopen' | 'cancelCase', doc: Pick<ComplaintDoc, '_id'>) =>
  encodePostback(`complaints.${action}`, { id: doc._id.toHexString() });

export async function categoryName(code: string, lang: Lang): Promise<string> {
  const category = await findCategory(code);
  return category ? localized(category.name, lang) : code;
}

export function statusLabel(t: Translate, status: string): string {
  return t(statusLabelKey(status));
}

/** Which headline a history entry gets (complaints.update.headline.<key>). */
export function headlineKey(entry: Pick<HistoryEntry, 'kind' | 'from' | 'to'>): string {
  if (entry.kind !== 'status') return entry.kind;
  if (isTransition('reopen', entry.from, entry.to)) return 'reopened';
  if (entry.from == null) return 'filed';
  return entry.to;
}

export async function receiptView(doc: ComplaintDoc, lang: Lang): Promise<ComplaintReceiptView> {
  const counting = (await getSettings()).complaints.dayCounting;
  return {
    number: doc.number,
    categoryName: await categoryName(doc.categoryCode, lang),
    departmentName: await departmentName(doc.departmentCode, lang),
    filedDate: formatDate(doc.filedAt, lang),
    dueDate: formatDate(doc.dueAt, lang),
    dueDays: daysUntilDue(new Date(doc.filedAt), new Date(doc.dueAt), counting),
    workingDays: counting === 'working',
    detailsData: caseAction('details', doc),
  };
}

export async function caseCardView(doc: ComplaintDoc, citizenId: string, lang: Lang, t: Translate, now: Date): Promise<CaseCardView> {
  return {
    number: doc.number,
    categoryName: await categoryName(doc.categoryCode, lang),
    statusLabel: statusLabel(t, doc.status),
    open: isOpen(doc.status),
    ongoing: statusesPendingForCitizen().includes(doc.status),
    lastUpdate: formatDateTime(doc.lastActivityAt ?? doc.filedAt, lang),
    dueDate: formatDate(doc.dueAt, lang),
    overdue: now.getTime() > new Date(doc.dueAt).getTime(),
    following: doc.citizenId !== citizenId,
    detailsData: caseAction('details', doc),
  };
}

/** What the owner may do now, as the status table allows it, as postback data (followers get none). */
async function ownerActions(doc: ComplaintDoc, now: Date): Promise<{ cancel?: string; answer?: string; confirm?: string; reopen?: string }> {
  const may = (action: Parameters<typeof canAct>[0]) => canAct(action, doc.status, 'citizen');
  const window = await reopenWindow(doc);
  return {
    ...(may('answer') ? { answer: caseAction('answer', doc) } : {}),
    ...(may('confirm') ? { confirm: caseAction('confirm', doc) } : {}),
    ...(may('reopen') && window && now.getTime() <= window.until.getTime() ? { reopen: caseAction('reopen', doc) } : {}),
    ...(may('cancel') ? { cancel: caseAction('cancelCase', doc) } : {}),
  };
}

function entryView(entry: HistoryEntry, lang: Lang, t: Translate, forOwner: boolean, department: string): TimelineEntryView {
  const key = headlineKey(entry);
  const label = t(`complaints.timeline.entry.${key}`, { status: statusLabel(t, entry.to), department });
  const hideNote = !forOwner && entry.kind === 'answer';
  const photo = entry.photos?.[0];
  return {
    when: formatDateTime(entry.at, lang),
    label,
    ...(entry.note && !hideNote ? { note: entry.note } : {}),
    ...(photo && !hideNote ? { photoUrl: photoUrl(photo.fileId) } : {}),
  };
}

/** The case in full for its owner or a follower (followers see no description, answers or buttons). */
export async function timelineView(doc: ComplaintDoc, citizenId: string, lang: Lang, t: Translate, now: Date): Promise<CaseTimelineView> {
  const forOwner = doc.citizenId === citizenId;
  const deptNames = new Map<string, string>();
  for (const f of doc.forwards) deptNames.set(f.toDepartmentCode, await departmentName(f.toDepartmentCode, lang));
  const forwardsSeen: string[] = doc.forwards.map((f) => f.toDepartmentCode);
  let forwardIndex = 0;
  const entries = doc.history.map((entry) => {
    const department = entry.kind === 'forward' ? (deptNames.get(forwardsSeen[forwardIndex++]) ?? '') : '';
    return entryView(entry, lang, t, forOwner, department);
  });
  return {
    number: doc.number,
    categoryName: await categoryName(doc.categoryCode, lang),
    departmentName: await departmentName(doc.departmentCode, lang),
    statusLabel: statusLabel(t, doc.status),
    open: isOpen(doc.status),
    ...(forOwner ? { description: doc.description } : {}),
    filedDate: formatDate(doc.filedAt, lang),
    dueDate: formatDate(doc.dueAt, lang),
    entries,
    actions: forOwner ? await ownerActions(doc, now) : {},
  };
}

/** The push about one change, for the owner or for followers. */
export async function statusUpdateView(doc: ComplaintDoc, entry: HistoryEntry, forOwner: boolean, lang: Lang, t: Translate): Promise<StatusUpdateView> {
  const key = headlineKey(entry);
  const department = await departmentName(doc.departmentCode, lang);
  const photo = entry.photos?.[0];
  const visible = forOwner || entry.kind !== 'answer';
  const showNote = Boolean(entry.note) && visible;
  const view: StatusUpdateView = {
    number: doc.number,
    categoryName: await categoryName(doc.categoryCode, lang),
    statusLabel: statusLabel(t, doc.status),
    headline: t(`complaints.update.headline.${key}`, { department }),
    ...(showNote ? { note: entry.note, noteLabel: t(`complaints.update.noteLabels.${entry.kind === 'question' ? 'question' : entry.actor.kind === 'citizen' ? 'citizen' : 'officer'}`) } : {}),
    ...(photo && visible ? { photoUrl: photoUrl(photo.fileId) } : {}),
    actions: { details: caseAction('details', doc) },
  };
  if (!forOwner) return view;
  if (canAct('answer', doc.status, 'citizen')) view.actions.answer = caseAction('answer', doc);
  if (canAct('confirm', doc.status, 'citizen')) view.actions.confirm = caseAction('confirm', doc);
  const window = await reopenWindow(doc);
  if (canAct('reopen', doc.status, 'citizen') && window) {
    view.actions.reopen = caseAction('reopen', doc);
    view.footnote = t('complaints.update.reopenFootnote', { days: window.days, date: formatDate(window.until, lang) });
  }
  return view;
}
