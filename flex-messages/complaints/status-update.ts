import type { Translate } from '../../src/i18n/languages';
import type { FlexComponent, FlexMessage } from '../../src/line/types';
import { bubble, button, COLORS, flex, header, postbackAction, row, text, vbox } from '../components';

/** A change on a case, as pushed to the citizen (and to followers, without the owner's buttons). */
export interface StatusUpdateView {
  number: string;
  categoryName: string;
  statusLabel: string;
  /** One sentence: what happened ("เจ้าหน้าที่รับเรื่องของท่านแล้ว"). */
  headline: string;
  /** The officer's note, question or reason. */
  note?: string;
  /** What the note is ("ข้อความจากเจ้าหน้าที่", "คำถาม"). */
  noteLabel?: string;
  photoUrl?: string;
  /** A line about what the citizen can do next, e.g. the reopen deadline. */
  footnote?: string;
  actions: { details: string; answer?: string; confirm?: string; reopen?: string };
}

/** The push a citizen gets when their case changes. */
export function buildStatusUpdate(view: StatusUpdateView, t: Translate): FlexMessage {
  const body: FlexComponent[] = [
    text(view.headline, { weight: 'bold' }),
    row(t('complaints.card.category'), view.categoryName),
    row(t('complaints.card.status'), view.statusLabel, COLORS.primary),
  ];
  if (view.note) body.push(text(view.noteLabel ?? t('complaints.update.noteLabel'), { color: COLORS.muted, margin: 'md', size: 'xs' }), text(view.note.slice(0, 1000)));
  if (view.footnote) body.push(text(view.footnote, { size: 'xs', color: COLORS.muted, margin: 'md' }));
  const footer: FlexComponent[] = [];
  if (view.actions.answer) footer.push(button(postbackAction(t('complaints.actions.answer'), view.actions.answer, t('complaints.actions.answer'))));
  if (view.actions.confirm) footer.push(button(postbackAction(t('complaints.actions.confirm'), view.actions.confirm, t('complaints.actions.confirm'))));
  if (view.actions.reopen) footer.push(button(postbackAction(t('complaints.actions.reopen'), view.actions.reopen, t('complaints.actions.reopen')), 'secondary'));
  footer.push(button(postbackAction(t('complaints.card.details'), view.actions.details, t('complaints.card.detailsOf', { number: view.number })), 'link'));
  const altNote = view.note ? ` ${view.note.slice(0, 200)}` : '';
  return flex(
    t('complaints.update.altText', { number: view.number, headline: view.headline }) + altNote,
    bubble({
      size: 'mega',
      header: header(view.number, view.statusLabel),
      ...(view.photoUrl ? { hero: { type: 'image' as const, url: view.photoUrl, size: 'full', aspectMode: 'cover' as const, aspectRatio: '4:3' } } : {}),
      body: vbox(body),
      footer: vbox(footer),
    }),
  );
}
