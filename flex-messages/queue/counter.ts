import type { Translate } from '../../src/i18n/languages';
import { encodePostback } from '../../src/line/postback';
import type { FlexComponent, FlexMessage } from '../../src/line/types';
import { bubble, button, COLORS, flex, header, postbackAction, row, separator, text, vbox } from '../components';

/** A called ticket as the counter officer sees it. */
export interface CalledTicketView {
  ticketId: string;
  label: string;
  serviceName: string;
  counterNo: number;
  /** "ผ่าน LINE" or "Walk-in" */
  channelText: string;
  calledAtText: string;
  waitedText: string;
  callCount: number;
  waitingAfter: number;
  transferredFromText?: string;
}

/** The ticket just called to the officer's counter, with served, arrived, recall, skip and transfer. */
export function buildCalledTicket(view: CalledTicketView, t: Translate): FlexMessage {
  const details: FlexComponent[] = [
    text(view.label, { size: '4xl', weight: 'bold', align: 'center', color: COLORS.primary }),
    text(t('queue.counterCard.toCounter', { counter: view.counterNo }), { align: 'center', weight: 'bold' }),
    separator(),
    row(t('queue.counterCard.channel'), view.channelText),
    row(t('queue.counterCard.calledAt'), view.calledAtText),
    row(t('queue.counterCard.waited'), view.waitedText),
    row(t('queue.counterCard.calls'), String(view.callCount)),
    row(t('queue.counterCard.waitingAfter'), t('queue.card.people', { count: view.waitingAfter })),
  ];
  if (view.transferredFromText) details.push(row(t('queue.counterCard.transferredFrom'), view.transferredFromText));
  const pb = (action: string) => encodePostback(action, { t: view.ticketId });
  return flex(
    t('queue.counterCard.altText', { label: view.label, counter: view.counterNo }),
    bubble({
      size: 'kilo',
      header: header(t('queue.counterCard.title'), view.serviceName),
      body: vbox(details),
      footer: vbox([
        button(postbackAction(t('queue.buttons.served'), pb('queue.served'), t('queue.buttons.servedDisplay', { label: view.label }))),
        button(postbackAction(t('queue.buttons.arrived'), pb('queue.arrived'), t('queue.buttons.arrivedDisplay', { label: view.label })), 'secondary'),
        button(postbackAction(t('queue.buttons.recall'), pb('queue.recall'), t('queue.buttons.recallDisplay', { label: view.label })), 'secondary'),
        button(postbackAction(t('queue.buttons.skip'), pb('queue.skip')), 'secondary'),
        button(postbackAction(t('queue.buttons.transfer'), pb('queue.transfer')), 'link'),
      ]),
    }),
  );
}

export interface SummaryRowView {
  serviceName: string;
  issued: number;
  served: number;
  skipped: number;
  noShows: number;
  waiting: number;
  /** "1 (A001 → B003)": tickets moved to another service. */
  transfersOutText: string;
  /** "1 (B003 ← A001)": tickets moved in, keeping their original time. */
  transfersInText: string;
  /** "12.5 นาที" or "ไม่มีข้อมูล" */
  averageWaitText: string;
  averageServiceText: string;
}

/** Today's figures per service of the officer's department. */
export function buildDailySummary(view: { dateText: string; rows: SummaryRowView[] }, t: Translate): FlexMessage {
  const body: FlexComponent[] = [];
  view.rows.slice(0, 8).forEach((r, i) => {
    if (i > 0) body.push(separator());
    body.push(
      text(r.serviceName, { weight: 'bold', margin: 'md' }),
      row(t('queue.summary.issued'), String(r.issued)),
      row(t('queue.summary.served'), String(r.served)),
      row(t('queue.summary.skipped'), String(r.skipped)),
      row(t('queue.summary.noShows'), String(r.noShows)),
      row(t('queue.summary.transfersOut'), r.transfersOutText),
      row(t('queue.summary.transfersIn'), r.transfersInText),
      row(t('queue.summary.waiting'), String(r.waiting)),
      row(t('queue.summary.averageWait'), r.averageWaitText),
      row(t('queue.summary.averageService'), r.averageServiceText),
    );
  });
  if (body.length === 0) body.push(text(t('queue.summary.noServices')));
  return flex(t('queue.summary.altText', { date: view.dateText }), bubble({ size: 'mega', header: header(t('queue.summary.title'), view.dateText), body: vbox(body) }));
}
