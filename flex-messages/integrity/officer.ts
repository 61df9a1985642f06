import type { FlexBubble, FlexComponent, FlexMessage } from '../../src/line/types';
import type { Translate } from '../../src/i18n/languages';
import { bubble, button, COLORS, flex, header, postbackAction, row, separator, text, uriAction, vbox } from '../components';

/** Builders of what integrity officers see. Alerts carry no content, only the reference. */

export interface IntegrityAlertView {
  reference: string;
  /**
   * 'new': a new report; 'due' / 'dueToday': a deadline reminder; 'overdue': the deadline
   * passed; 'unaccepted': still not taken up after the acceptance days.
   */
  reason: 'new' | 'due' | 'dueToday' | 'overdue' | 'unaccepted';
  dueDate?: string;
  daysLeft?: number;
  /** The acceptance days ('unaccepted'). */
  acceptDays?: number;
  viewData: string;
}

export function buildIntegrityOfficerAlert(view: IntegrityAlertView, t: Translate): FlexMessage {
  const params = { reference: view.reference, date: view.dueDate ?? '', count: view.daysLeft ?? 0, days: view.acceptDays ?? 0 };
  const message = t(`integrity.alert.${view.reason}`, params);
  const body = vbox([text(message), text(t('integrity.alert.confidential'), { size: 'xs', color: COLORS.muted })]);
  const footer = vbox([button(postbackAction(t('integrity.alert.open'), view.viewData))]);
  return flex(message, bubble({ header: header(t('integrity.alert.title'), undefined, COLORS.danger), body, footer }));
}

export interface IntegrityAlertDigestView {
  /** "N reports near their due date" or "N reports to chase". */
  title: string;
  /** One line per report, already in the reader's language. */
  lines: string[];
  /** Reports left out of the lines. */
  more: number;
  /** Postback data of the button that lists open reports. */
  listData: string;
}

/** Several reports in one push (one message per officer per run, not one per report): references only. */
export function buildIntegrityAlertDigest(view: IntegrityAlertDigestView, t: Translate): FlexMessage {
  const rows: FlexComponent[] = [text(view.title, { weight: 'bold' }), ...view.lines.map((line) => text(line, { size: 'sm' }))];
  if (view.more > 0) rows.push(text(t('integrity.alert.more', { count: view.more }), { size: 'sm', color: COLORS.muted }));
  rows.push(text(t('integrity.alert.confidential'), { size: 'xs', color: COLORS.muted }));
  const footer = vbox([button(postbackAction(t('integrity.alert.openList'), view.listData))]);
  return flex(view.title, bubble({ header: header(t('integrity.alert.title'), undefined, COLORS.danger), body: vbox(rows), footer }));
}

export interface IntegrityHistoryLine {
  at: string;
  statusLabel: string;
  officerName?: string;
  note?: string;
  publicText?: string;
}

export interface IntegrityReportCardView {
  reference: string;
  statusLabel: string;
  kindLabel: string;
  receivedAt: string;
  dueDate: string;
  overdue: boolean;
  anonymous: boolean;
  identity?: { name: string; phone: string };
  notify: boolean;
  subject?: string;
  whenWhere?: string;
  description: string;
  evidence: { label: string; url?: string }[];
  history: IntegrityHistoryLine[];
  publicOutcome?: string;
  /** Postback data of "change status"; absent when the report is closed. */
  statusData?: string;
}

const MAX_HISTORY = 5;

/** The full report for an integrity officer, with the decrypted identity of a named reporter. */
export function buildIntegrityReportCard(view: IntegrityReportCardView, t: Translate): FlexMessage {
  const none = t('integrity.summary.none');
  const rows: FlexComponent[] = [
    row(t('integrity.track.status'), view.statusLabel, COLORS.primary),
    row(t('integrity.summary.kind'), view.kindLabel),
    row(t('integrity.receipt.receivedAt'), view.receivedAt),
    row(t('integrity.card.due'), view.dueDate, view.overdue ? COLORS.danger : COLORS.text),
    row(t('integrity.summary.mode'), view.anonymous ? t('integrity.mode.anonymous') : t('integrity.mode.named')),
  ];
  if (view.identity) rows.push(row(t('integrity.summary.name'), view.identity.name), row(t('integrity.summary.phone'), view.identity.phone));
  rows.push(
    row(t('integrity.summary.notify'), view.notify ? t('common.yes') : t('common.no')),
    separator(),
    row(t('integrity.summary.subject'), view.subject ?? none),
    row(t('integrity.summary.whenWhere'), view.whenWhere ?? none),
    text(t('integrity.summary.description'), { color: COLORS.muted }),
    text(view.description.slice(0, 2000)),
  );
  if (view.publicOutcome) rows.push(row(t('integrity.card.publicOutcome'), view.publicOutcome));
  if (view.history.length > 0) {
    rows.push(separator(), text(t('integrity.card.history'), { weight: 'bold' }));
    for (const h of view.history.slice(-MAX_HISTORY)) {
      const line = h.officerName ? t('integrity.card.historyLineBy', { at: h.at, status: h.statusLabel, officer: h.officerName }) : t('integrity.card.historyLine', { at: h.at, status: h.statusLabel });
      rows.push(text(line, { size: 'xs', color: COLORS.muted }));
      if (h.note) rows.push(text(t('integrity.card.note', { note: h.note.slice(0, 300) }), { size: 'xs' }));
      if (h.publicText) rows.push(text(t('integrity.card.publicText', { text: h.publicText.slice(0, 300) }), { size: 'xs' }));
    }
  }
  const buttons: FlexComponent[] = [];
  for (const e of view.evidence) {
    if (e.url) buttons.push(button(uriAction(e.label, e.url), 'secondary'));
  }
  const unlinked = view.evidence.filter((e) => !e.url).length;
  if (unlinked > 0) rows.push(text(t('integrity.card.evidenceNoLink', { count: unlinked }), { size: 'xs', color: COLORS.muted }));
  if (view.statusData) buttons.push(button(postbackAction(t('integrity.card.changeStatus'), view.statusData)));
  const card: FlexBubble = bubble({ size: 'giga', header: header(t('integrity.card.title', { reference: view.reference }), t('integrity.card.confidential'), COLORS.danger), body: vbox(rows) });
  if (buttons.length > 0) card.footer = vbox(buttons);
  return flex(t('integrity.card.alt', { reference: view.reference }), card);
}

export interface IntegrityListItem {
  reference: string;
  statusLabel: string;
  kindLabel: string;
  receivedAt: string;
  dueDate: string;
  overdue: boolean;
  viewData: string;
}

const MAX_BUBBLES = 12;

/** Open reports as a carousel (at most 12; the oldest deadline first). */
export function buildIntegrityReportList(items: IntegrityListItem[], total: number, t: Translate): FlexMessage {
  const bubbles = items.slice(0, MAX_BUBBLES).map((item) =>
    bubble({
      size: 'kilo',
      header: header(item.reference, item.statusLabel, item.overdue ? COLORS.danger : COLORS.primary),
      body: vbox([row(t('integrity.summary.kind'), item.kindLabel), row(t('integrity.receipt.receivedAt'), item.receivedAt), row(t('integrity.card.due'), item.dueDate, item.overdue ? COLORS.danger : COLORS.text)]),
      footer: vbox([button(postbackAction(t('integrity.alert.open'), item.viewData))]),
    }),
  );
  return flex(t('integrity.list.alt', { count: total }), { type: 'carousel', contents: bubbles });
}

export interface IntegrityStatsView {
  asOf: string;
  total: number;
  byStatus: { label: string; count: number }[];
  byKind: { label: string; count: number }[];
}

/** Counts only: what any active officer may see. */
export function buildIntegrityStats(view: IntegrityStatsView, t: Translate): FlexMessage {
  const rows: FlexComponent[] = [row(t('integrity.stats.total'), String(view.total), COLORS.primary), separator(), text(t('integrity.stats.byStatus'), { weight: 'bold' })];
  for (const s of view.byStatus) rows.push(row(s.label, String(s.count)));
  rows.push(separator(), text(t('integrity.stats.byKind'), { weight: 'bold' }));
  for (const k of view.byKind) rows.push(row(k.label, String(k.count)));
  return flex(t('integrity.stats.alt', { total: view.total }), bubble({ header: header(t('integrity.stats.title'), t('integrity.stats.asOf', { date: view.asOf })), body: vbox(rows) }));
}
