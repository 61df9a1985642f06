import type { Translate } from '../../src/i18n/languages';
import { encodePostback } from '../../src/line/postback';
import type { FlexBubble, FlexComponent, FlexMessage, Message } from '../../src/line/types';
import { excerpt } from '../../src/shared/text';
import { bubble, button, COLORS, flex, header, postbackAction, row, separator, text, uriAction, vbox } from '../components';
import type { CaseAction, CaseCardView, CaseDetailView } from './views';
import { LINE_LIMITS } from '../../src/line/limits';

/** Postback action names of the officer buttons; each carries the case id as `c`. */
export const CASE_ACTIONS: Record<CaseAction, string> = {
  accept: 'officers.accept',
  update: 'officers.update',
  ask: 'officers.ask',
  forward: 'officers.forward',
  resolve: 'officers.resolve',
  refer: 'officers.refer',
  delayReason: 'officers.delayReason',
};

/** The postback data of a case button. */
export function casePostback(action: CaseAction | 'detail', caseId: string): string {
  return encodePostback(action === 'detail' ? 'officers.detail' : CASE_ACTIONS[action], { c: caseId });
}

function actionButton(action: CaseAction, caseId: string, t: Translate): FlexComponent {
  const label = t(`officers.actions.${action}`);
  const style = action === 'accept' || action === 'resolve' ? 'primary' : 'secondary';
  return button(postbackAction(label, casePostback(action, caseId), label), style);
}

const ALT_TEXT_KEPT = 400;

/** Photo links shown per row; more are counted ("+3"). */
const PHOTO_LINKS_SHOWN = 5;

/** "รูปที่ 1  รูปที่ 2 ..." as tappable links, so an officer sees every photo, not just the first. */
function photoLinks(urls: string[], t: Translate): FlexComponent {
  const links = urls.slice(0, PHOTO_LINKS_SHOWN).map((url, i) => {
    const label = t('officers.card.photoN', { n: i + 1 });
    return text(label, { size: 'xs', flex: 0, color: COLORS.primary, decoration: 'underline', action: uriAction(label, url) });
  });
  const more = urls.length > PHOTO_LINKS_SHOWN ? [text(`+${urls.length - PHOTO_LINKS_SHOWN}`, { size: 'xs', flex: 0, color: COLORS.muted })] : [];
  return { type: 'box', layout: 'horizontal', spacing: 'md', contents: [...links, ...more] };
}

function hero(url: string | undefined): Pick<FlexBubble, 'hero'> {
  return url ? { hero: { type: 'image', url, size: 'full', aspectRatio: '20:13', aspectMode: 'cover' } } : {};
}

function summaryRows(view: CaseCardView, t: Translate): FlexComponent[] {
  const rows: FlexComponent[] = [
    row(t('officers.card.category'), view.categoryName),
    row(t('officers.card.channel'), view.channelLabel),
    row(t('officers.card.filed'), view.filedAt),
    row(t('officers.card.due'), view.overdue ? t('officers.card.overdueValue', { date: view.dueAt }) : view.dueAt, view.overdue ? COLORS.danger : COLORS.text),
  ];
  if (view.address) rows.push(row(t('officers.card.place'), view.address));
  return rows;
}

/**
 * The card a department gets for a new (or forwarded, or returned) case: number, category,
 * excerpt, photo, map link, filing and due dates, and the buttons its reader may use (accept and
 * details for the department). Never the phone.
 */
export function buildNewCaseCard(view: CaseCardView, t: Translate): FlexMessage {
  const title = t(view.returned ? 'officers.card.returnedTitle' : view.forwardedFrom ? 'officers.card.forwardedTitle' : 'officers.card.newTitle');
  const body: FlexComponent[] = [text(view.excerpt, { size: 'md' }), separator(), ...summaryRows(view, t)];
  if (view.forwardedFrom) {
    body.push(separator(), row(t('officers.card.forwardedFrom'), view.forwardedFrom.departmentName), row(t('officers.card.reason'), view.forwardedFrom.reason));
  }
  const footer: FlexComponent[] = view.actions.map((action) => actionButton(action, view.caseId, t));
  if (view.offersDetail) footer.push(button(postbackAction(t('officers.actions.detail'), casePostback('detail', view.caseId)), 'secondary'));
  if (view.mapUrl) footer.push(button(uriAction(t('officers.actions.map'), view.mapUrl), 'link'));
  const altText = t(view.returned ? 'officers.card.returnedAlt' : view.forwardedFrom ? 'officers.card.forwardedAlt' : 'officers.card.newAlt', { number: view.number, category: view.categoryName, due: view.dueAt });
  return flex(
    altText,
    bubble({
      size: 'mega',
      header: header(title, `${view.number} · ${view.departmentName}`, view.forwardedFrom || view.returned ? COLORS.accent : COLORS.primary),
      ...hero(view.photoUrl),
      body: vbox(body),
      ...(footer.length > 0 ? { footer: vbox(footer) } : {}),
    }),
  );
}

/**
 * A notice about a case (the citizen's answer, a reopening) with the case buttons its reader may
 * use; a plain text when there are none.
 */
export function buildCaseNotice(view: { caseId: string; text: string; actions: CaseAction[] }, t: Translate): Message {
  if (view.actions.length === 0) return { type: 'text', text: view.text };
  const footer = view.actions.map((action) => actionButton(action, view.caseId, t));
  // flex() keeps 400 characters of an altText; a longer text is cut here, between whole characters.
  const altText = view.text.length <= ALT_TEXT_KEPT ? view.text : excerpt(view.text, ALT_TEXT_KEPT);
  return flex(altText, bubble({ body: vbox([text(view.text)]), footer: vbox(footer) }));
}

/**
 * A case in full for an officer: status, holder, history, the delay reason, the citizen's phone
 * (the caller passes it only to the holder) and the buttons the viewer may use now.
 */
export function buildCaseDetail(view: CaseDetailView, t: Translate): FlexMessage {
  const body: FlexComponent[] = [
    row(t('officers.card.status'), view.statusLabel, COLORS.primary),
    row(t('officers.card.holder'), view.holderName ?? t('officers.card.noHolder')),
    ...summaryRows(view, t),
  ];
  if (view.phone) body.push(row(t('officers.card.phone'), view.phone));
  if (view.delayReason) body.push(row(t('officers.card.delayReason'), view.delayReason));
  body.push(separator(), text(view.description, { size: 'sm' }));
  const filed = view.photoUrls ?? [];
  if (filed.length > 0) body.push(text(t('officers.card.photos', { count: filed.length }), { size: 'xs', color: COLORS.muted }), photoLinks(filed, t));
  if (view.history.length > 0) {
    body.push(separator(), text(t('officers.card.history'), { weight: 'bold', size: 'sm' }));
    for (const entry of view.history) {
      const photos = entry.photoUrls ?? [];
      body.push(text(`${entry.at} · ${entry.label}${photos.length > 0 ? ` · ${t('officers.card.entryPhotos', { count: photos.length })}` : ''}`, { size: 'xs', color: COLORS.muted }));
      if (entry.note) body.push(text(entry.note, { size: 'xs' }));
      if (photos.length > 0) body.push(photoLinks(photos, t));
    }
  }
  const footer: FlexComponent[] = view.actions.map((action) => actionButton(action, view.caseId, t));
  if (view.phone) footer.push(button(uriAction(t('officers.actions.call'), `tel:${view.phone.replace(/[^0-9+]/g, '')}`), 'link'));
  if (view.mapUrl) footer.push(button(uriAction(t('officers.actions.map'), view.mapUrl), 'link'));
  return flex(
    t('officers.card.detailAlt', { number: view.number, status: view.statusLabel }),
    bubble({
      size: 'mega',
      header: header(view.number, `${view.categoryName} · ${view.departmentName}`, view.overdue ? COLORS.danger : COLORS.primary),
      ...hero(view.photoUrl),
      body: vbox(body),
      ...(footer.length > 0 ? { footer: vbox(footer) } : {}),
    }),
  );
}

/** Case cards side by side (LINE shows at most 12 bubbles in a carousel: the caller passes at most that many). */
export function buildCaseCarousel(altText: string, cards: FlexMessage[]): FlexMessage {
  const bubbles = cards.slice(0, LINE_LIMITS.carouselBubbles).map((card) => card.contents as FlexBubble);
  return flex(altText, { type: 'carousel', contents: bubbles });
}
