import type { Translate } from '../../src/i18n/languages';
import type { FlexComponent, FlexMessage } from '../../src/line/types';
import { excerpt } from '../../src/shared/text';
import { bubble, button, COLORS, flex, header, postbackAction, row, separator, text, vbox } from '../components';

/** One line of the timeline: a status change or a note, with its date and time. */
export interface TimelineEntryView {
  when: string;
  label: string;
  note?: string;
  /** A signed link to the first photo of the entry (the after-photo), if any. */
  photoUrl?: string;
}

export interface CaseTimelineView {
  number: string;
  categoryName: string;
  departmentName: string;
  statusLabel: string;
  open: boolean;
  /** Left out for followers: the description is the filer's. */
  description?: string;
  filedDate: string;
  dueDate: string;
  entries: TimelineEntryView[];
  /** Postback data for what the citizen may do now. */
  actions: { cancel?: string; answer?: string; confirm?: string; reopen?: string };
}

/** At most this many timeline entries (the latest), so the bubble stays well under 30 KB. */
export const MAX_TIMELINE_ENTRIES = 12;
/** The description in full (complaints allow 1,000 characters); a note up to 300. */
const DESCRIPTION_SHOWN = 1000;
const NOTE_SHOWN = 300;

/** The text as written when it fits, else cut with an ellipsis so the reader sees there is more. */
function clip(value: string, max: number): string {
  return Array.from(value).length <= max ? value : excerpt(value, max);
}

function entry(e: TimelineEntryView): FlexComponent[] {
  const parts: FlexComponent[] = [text(e.when, { size: 'xs', color: COLORS.muted }), text(e.label, { weight: 'bold' })];
  if (e.note) parts.push(text(clip(e.note, NOTE_SHOWN), { size: 'xs' }));
  if (e.photoUrl) parts.push({ type: 'image', url: e.photoUrl, size: 'full', aspectMode: 'cover', aspectRatio: '4:3', margin: 'sm' });
  return [vbox(parts, { spacing: 'xs', margin: 'md' })];
}

/** One case in full: its facts and every change, with the actions open to the citizen. */
export function buildCaseTimeline(view: CaseTimelineView, t: Translate): FlexMessage {
  const entries = view.entries.slice(-MAX_TIMELINE_ENTRIES);
  const body: FlexComponent[] = [
    row(t('complaints.card.category'), view.categoryName),
    row(t('complaints.card.department'), view.departmentName),
    row(t('complaints.card.status'), view.statusLabel, view.open ? COLORS.accent : COLORS.primary),
    row(t('complaints.card.filed'), view.filedDate),
    row(t('complaints.card.due'), view.dueDate),
  ];
  if (view.description) body.push(separator(), text(clip(view.description, DESCRIPTION_SHOWN), { margin: 'md', size: 'xs' }));
  body.push(separator(), text(t('complaints.timeline.heading'), { weight: 'bold', margin: 'md' }));
  if (view.entries.length > entries.length) body.push(text(t('complaints.timeline.earlier', { count: view.entries.length - entries.length }), { size: 'xxs', color: COLORS.muted }));
  for (const e of entries) body.push(...entry(e));
  const footer: FlexComponent[] = [];
  if (view.actions.answer) footer.push(button(postbackAction(t('complaints.actions.answer'), view.actions.answer, t('complaints.actions.answer'))));
  if (view.actions.confirm) footer.push(button(postbackAction(t('complaints.actions.confirm'), view.actions.confirm, t('complaints.actions.confirm'))));
  if (view.actions.reopen) footer.push(button(postbackAction(t('complaints.actions.reopen'), view.actions.reopen, t('complaints.actions.reopen')), 'secondary'));
  if (view.actions.cancel) footer.push(button(postbackAction(t('complaints.actions.cancelCase'), view.actions.cancel, t('complaints.actions.cancelCase')), 'link', COLORS.danger));
  return flex(
    t('complaints.timeline.altText', { number: view.number, status: view.statusLabel }),
    bubble({ size: 'mega', header: header(view.number, view.statusLabel), body: vbox(body), ...(footer.length > 0 ? { footer: vbox(footer) } : {}) }),
  );
}
