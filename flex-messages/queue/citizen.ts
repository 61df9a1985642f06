import type { Translate } from '../../src/i18n/languages';
import { encodePostback } from '../../src/line/postback';
import type { FlexBubble, FlexComponent, FlexMessage } from '../../src/line/types';
import { excerpt } from '../../src/shared/text';
import { bubble, button, COLORS, flex, header, postbackAction, row, separator, text, vbox } from '../components';

/** A service as the picker shows it (texts already formatted). */
export interface ServiceCardView {
  code: string;
  name: string;
  departmentName: string;
  openNow: boolean;
  /** "เปิดให้บริการ" or "ปิดอยู่ เปิดอีกครั้ง จ. 08.30 น." */
  statusText: string;
  hoursLines: string[];
  waiting: number;
}

function serviceBubble(view: ServiceCardView, t: Translate): FlexBubble {
  return bubble({
    size: 'kilo',
    header: header(view.name, view.departmentName, view.openNow ? COLORS.primary : COLORS.muted),
    body: vbox([
      text(view.statusText, { weight: 'bold', color: view.openNow ? COLORS.primary : COLORS.danger }),
      row(t('queue.card.waiting'), t('queue.card.people', { count: view.waiting })),
      separator(),
      ...view.hoursLines.slice(0, 4).map((line) => text(line, { size: 'xs', color: COLORS.muted })),
    ]),
    footer: vbox([
      button(postbackAction(t('queue.buttons.take'), encodePostback('queue.take', { s: view.code }), excerpt(t('queue.buttons.takeDisplay', { service: view.name }), 300))),
      button(postbackAction(t('queue.buttons.rules'), encodePostback('queue.rules', { s: view.code })), 'link'),
    ]),
  });
}

/** The services to pick from: one bubble each, with "take a ticket" and "rules". */
export function buildServicePicker(services: ServiceCardView[], t: Translate): FlexMessage {
  const bubbles = services.slice(0, 12).map((s) => serviceBubble(s, t));
  return flex(t('queue.picker.altText'), { type: 'carousel', contents: bubbles });
}

/** A ticket as the citizen sees it (texts already formatted). */
export interface TicketCardView {
  ticketId: string;
  label: string;
  serviceCode: string;
  serviceName: string;
  status: 'waiting' | 'called' | 'served' | 'skipped' | 'no_show' | 'cancelled' | 'transferred' | 'expired';
  ahead: number;
  /** "ประมาณ 15-25 นาที" */
  waitText: string;
  /** "ช่องบริการ 1-2" or "ช่องบริการ 2" when called. */
  counterText: string;
  takenAtText: string;
  /** A line above the card's details, e.g. "ท่านมีบัตรคิวของบริการนี้อยู่แล้ว". */
  note?: string;
}

/** The queue ticket: its label large, people ahead, the estimated wait, the counter, and buttons. */
export function buildTicketCard(view: TicketCardView, t: Translate): FlexMessage {
  const active = view.status === 'waiting' || view.status === 'called';
  const details: FlexComponent[] = [];
  if (view.note) details.push(text(view.note, { size: 'xs', color: COLORS.accent, weight: 'bold' }));
  details.push(text(view.label, { size: '4xl', weight: 'bold', align: 'center', color: COLORS.primary }));
  details.push(text(t(`queue.status.${view.status}`), { align: 'center', weight: 'bold', color: view.status === 'called' ? COLORS.danger : COLORS.text }));
  details.push(separator());
  if (view.status === 'waiting') {
    details.push(row(t('queue.card.ahead'), t('queue.card.people', { count: view.ahead })));
    details.push(row(t('queue.card.wait'), view.waitText));
  }
  details.push(row(t('queue.card.counter'), view.counterText));
  details.push(row(t('queue.card.takenAt'), view.takenAtText));
  const buttons = [];
  if (active) {
    buttons.push(button(postbackAction(t('queue.buttons.refresh'), encodePostback('queue.status', { t: view.ticketId }))));
    buttons.push(button(postbackAction(t('queue.buttons.cancel'), encodePostback('queue.cancel', { t: view.ticketId }), t('queue.buttons.cancelDisplay', { label: view.label })), 'secondary'));
  }
  buttons.push(button(postbackAction(t('queue.buttons.rules'), encodePostback('queue.rules', { s: view.serviceCode })), 'link'));
  const alt = view.status === 'waiting' ? t('queue.card.altWaiting', { label: view.label, count: view.ahead, wait: view.waitText }) : t('queue.card.alt', { label: view.label, status: t(`queue.status.${view.status}`) });
  return flex(alt, bubble({ size: 'kilo', header: header(t('queue.card.title'), view.serviceName), body: vbox(details), footer: vbox(buttons) }));
}

/** A service's published queue rules. */
export interface RulesView {
  serviceCode: string;
  serviceName: string;
  hoursLines: string[];
  howItWorks: string;
  noShow: string;
  documents: string[];
}

/** How the queue works, the no-show rule, the documents to bring and the hours. */
export function buildServiceRules(view: RulesView, t: Translate): FlexMessage {
  const section = (title: string, lines: string[]): FlexComponent[] => [text(title, { weight: 'bold', margin: 'md' }), ...lines.map((l) => text(l, { size: 'xs' }))];
  const body: FlexComponent[] = [
    ...section(t('queue.rules.howItWorks'), [view.howItWorks]),
    ...section(t('queue.rules.noShow'), [view.noShow]),
    ...section(t('queue.rules.documents'), view.documents.length > 0 ? view.documents.slice(0, 15).map((d) => `• ${d}`) : [t('queue.rules.noDocuments')]),
    ...section(t('queue.rules.hours'), view.hoursLines),
  ];
  return flex(
    t('queue.rules.altText', { service: view.serviceName }),
    bubble({
      size: 'mega',
      header: header(t('queue.rules.title'), view.serviceName),
      body: vbox(body),
      footer: vbox([button(postbackAction(t('queue.buttons.take'), encodePostback('queue.take', { s: view.serviceCode })))]),
    }),
  );
}
