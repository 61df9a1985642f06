import type { FlexComponent, FlexMessage } from '../../src/line/types';
import type { Translate } from '../../src/i18n/languages';
import { bubble, button, COLORS, flex, header, postbackAction, row, separator, text, uriAction, vbox } from '../components';

/** Builders of what the reporter sees: the explanation, the summary, the receipt, the status. */

export interface IntegrityIntroView {
  hotlines: { damrongdham: string; nacc: string; pacc: string };
  anonymousAllowed: boolean;
  /** Postback data of "continue" and "cancel". */
  continueData: string;
  cancelData: string;
}

/** Telephone links accept digits only. */
const tel = (number: string) => `tel:${number.replace(/[^0-9+]/g, '')}`;

export function buildIntegrityIntro(view: IntegrityIntroView, t: Translate): FlexMessage {
  const { damrongdham, nacc, pacc } = view.hotlines;
  const body = vbox([
    text(t('integrity.intro.what'), { size: 'sm' }),
    text(t('integrity.intro.who'), { size: 'sm' }),
    text(t(view.anonymousAllowed ? 'integrity.intro.anonymous' : 'integrity.intro.namedOnly'), { size: 'sm' }),
    separator(),
    text(t('integrity.intro.executives', { damrongdham, nacc, pacc }), { size: 'xs', color: COLORS.muted }),
  ]);
  const footer = vbox([
    button(postbackAction(t('integrity.intro.continue'), view.continueData, t('integrity.intro.continue'))),
    button(uriAction(t('integrity.intro.callDamrongdham', { number: damrongdham }), tel(damrongdham)), 'secondary'),
    button(uriAction(t('integrity.intro.callNacc', { number: nacc }), tel(nacc)), 'secondary'),
    button(uriAction(t('integrity.intro.callPacc', { number: pacc }), tel(pacc)), 'secondary'),
    button(postbackAction(t('common.cancel'), view.cancelData, t('common.cancel')), 'link'),
  ]);
  return flex(t('integrity.intro.alt'), bubble({ header: header(t('integrity.intro.title'), t('integrity.intro.subtitle')), body, footer }));
}

export interface IntegritySummaryView {
  anonymous: boolean;
  name?: string;
  phone?: string;
  kindLabel: string;
  subject?: string;
  whenWhere?: string;
  description: string;
  evidenceCount: number;
  notify: boolean;
  confirmData: string;
  restartData: string;
  cancelData: string;
}

export function buildIntegritySummary(view: IntegritySummaryView, t: Translate): FlexMessage {
  const dash = t('integrity.summary.none');
  const rows: FlexComponent[] = [
    row(t('integrity.summary.mode'), view.anonymous ? t('integrity.mode.anonymous') : t('integrity.mode.named')),
  ];
  if (!view.anonymous) {
    rows.push(row(t('integrity.summary.name'), view.name ?? dash), row(t('integrity.summary.phone'), view.phone ?? dash));
  }
  rows.push(
    row(t('integrity.summary.kind'), view.kindLabel),
    row(t('integrity.summary.subject'), view.subject ?? dash),
    row(t('integrity.summary.whenWhere'), view.whenWhere ?? dash),
    row(t('integrity.summary.description'), view.description),
    row(t('integrity.summary.evidence'), view.evidenceCount > 0 ? t('integrity.summary.evidenceCount', { count: view.evidenceCount }) : dash),
    row(t('integrity.summary.notify'), view.notify ? t('common.yes') : t('common.no')),
  );
  const footer = vbox([
    button(postbackAction(t('integrity.summary.confirm'), view.confirmData, t('integrity.summary.confirm'))),
    button(postbackAction(t('integrity.summary.restart'), view.restartData, t('integrity.summary.restart')), 'secondary'),
    button(postbackAction(t('common.cancel'), view.cancelData, t('common.cancel')), 'link'),
  ]);
  return flex(t('integrity.summary.alt'), bubble({ header: header(t('integrity.summary.title')), body: vbox(rows), footer }));
}

export interface IntegrityReceiptView {
  reference: string;
  pin: string;
  receivedAt: string;
  dueDays: number;
  notify: boolean;
}

/** Shown once: the reference and PIN are not stored in a readable form anywhere. */
export function buildIntegrityReceipt(view: IntegrityReceiptView, t: Translate): FlexMessage {
  const body = vbox([
    row(t('integrity.receipt.reference'), view.reference, COLORS.primary),
    row(t('integrity.receipt.pin'), view.pin, COLORS.primary),
    row(t('integrity.receipt.receivedAt'), view.receivedAt),
    separator(),
    text(t('integrity.receipt.keepSafe'), { weight: 'bold', color: COLORS.danger }),
    text(t('integrity.receipt.howToTrack', { reference: view.reference })),
    text(t('integrity.receipt.timeFrame', { days: view.dueDays })),
    text(t(view.notify ? 'integrity.receipt.willNotify' : 'integrity.receipt.noNotify'), { size: 'xs', color: COLORS.muted }),
  ]);
  return flex(t('integrity.receipt.alt', { reference: view.reference }), bubble({ header: header(t('integrity.receipt.title')), body }));
}

export interface IntegrityTrackView {
  reference: string;
  statusLabel: string;
  kindLabel: string;
  receivedAt: string;
  updatedAt: string;
  publicOutcome?: string;
}

/** The reporter's view of a report: status and the public outcome text, never internal notes. */
export function buildIntegrityTrackResult(view: IntegrityTrackView, t: Translate): FlexMessage {
  const rows: FlexComponent[] = [
    row(t('integrity.receipt.reference'), view.reference),
    row(t('integrity.track.status'), view.statusLabel, COLORS.primary),
    row(t('integrity.summary.kind'), view.kindLabel),
    row(t('integrity.receipt.receivedAt'), view.receivedAt),
    row(t('integrity.track.updatedAt'), view.updatedAt),
  ];
  if (view.publicOutcome) rows.push(separator(), text(t('integrity.track.outcome'), { weight: 'bold' }), text(view.publicOutcome));
  return flex(t('integrity.track.alt', { reference: view.reference, status: view.statusLabel }), bubble({ header: header(t('integrity.track.title')), body: vbox(rows) }));
}
