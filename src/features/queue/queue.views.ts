import type { CalledTicketView } from '../../../flex-messages/queue/counter';
import type { RulesView, ServiceCardView, TicketCardView } from '../../../flex-messages/queue/citizen';
import type { Lang, Translate } from '../../i18n/languages';
import { bangkokDayKey, formatDateTime, formatTime } from '../../shared/dates';
import { DepartmentModel, localized } from '../departments/department.model';
import { getSettings } from '../municipality/settings';
import { clockText, hoursLines, nextOpeningAfterToday, type OpeningState } from './opening-hours';
import type { QueuePosition } from './queue-position';
import type { QueueService } from './service.model';
import { ticketWindow, type TicketWindow } from './ticket-window';
import { QueueTicketModel, type QueueTicket } from './ticket.model';
import type { WaitEstimate } from './wait-estimate';

/**
 * Turns services and tickets into the plain, formatted views the flex builders take, in the
 * reader's language. No LINE types here beyond the builders' view shapes.
 */
interface Reader {
  t: Translate;
  lang: Lang;
}

/** "ประมาณ 15-25 นาที", "ประมาณไม่เกิน 5 นาที", "ใกล้ถึงคิวแล้ว", or after closing "served while time allows". */
export function waitText(wait: WaitEstimate, { t }: Reader): string {
  if (wait.kind === 'next') return t('queue.wait.next');
  if (wait.kind === 'afterClose') return t('queue.wait.afterClose');
  return wait.low === 0 ? t('queue.wait.upTo', { high: wait.high }) : t('queue.wait.range', { low: wait.low, high: wait.high });
}

function countersText(counters: number[], { t }: Reader): string {
  return t(counters.length > 1 ? 'queue.card.counters' : 'queue.card.counterOne', { counters: counters.join(', ') });
}

/** The citizen's ticket card view. */
export function ticketView(position: QueuePosition, reader: Reader, note?: string): TicketCardView {
  const { ticket, service, ahead, wait } = position;
  const counterText =
    ticket.status === 'called' && ticket.counterNo !== undefined ? reader.t('queue.card.counterOne', { counters: ticket.counterNo }) : countersText(service.counters, reader);
  return {
    ticketId: ticket._id.toString(),
    label: ticket.label,
    serviceCode: service.code,
    serviceName: localized(service.name, reader.lang),
    status: ticket.status,
    ahead,
    waitText: waitText(wait, reader),
    counterText,
    takenAtText: formatTime(ticket.takenAt, reader.lang),
    note,
  };
}

function hoursBlock(service: QueueService, { t, lang }: Reader): string[] {
  return [t('queue.closed.hoursTitle'), ...hoursLines(service, t, lang).map((l) => `- ${l}`)];
}

/** Why a closed service is closed and when it opens again, with its hours. */
export function closedText(service: QueueService, state: Extract<OpeningState, { open: false }>, reader: Reader): string {
  const { t, lang } = reader;
  const lines = [t('queue.closed.intro', { service: localized(service.name, lang), reason: t(`queue.closed.reasons.${state.reason}`) })];
  if (state.nextOpen) lines.push(t('queue.closed.nextOpen', { at: formatDateTime(state.nextOpen, lang) }));
  return [...lines, ...hoursBlock(service, reader)].join('\n');
}

/** Why no ticket is given now although the service is open (too close to closing), and when to come. */
export function tooLateText(service: QueueService, window: Extract<TicketWindow, { kind: 'tooLate' }>, reader: Reader): string {
  const { t, lang } = reader;
  const name = localized(service.name, lang);
  const lines = [window.lastTicketAt ? t('queue.take.tooLateAt', { service: name, time: clockText(window.lastTicketAt, lang) }) : t('queue.take.tooLate', { service: name })];
  if (window.nextOpen) lines.push(t('queue.closed.nextOpen', { at: formatDateTime(window.nextOpen, lang) }));
  return [...lines, ...hoursBlock(service, reader)].join('\n');
}

/** The answer to a refused ticket: closed, or too late today. */
export function refusedText(service: QueueService, window: Exclude<TicketWindow, { ok: true }>, reader: Reader): string {
  return window.kind === 'closed' ? closedText(service, window.state, reader) : tooLateText(service, window, reader);
}

/** A no-show asked to rejoin after the counters stopped serving for the day. */
export function rejoinClosedText(service: QueueService, now: Date, reader: Reader): string {
  const { t, lang } = reader;
  const next = nextOpeningAfterToday(service, now);
  const lines = [t('queue.rejoin.closedToday', { service: localized(service.name, lang) })];
  if (next) lines.push(t('queue.closed.nextOpen', { at: formatDateTime(next, lang) }));
  return lines.join('\n');
}

async function departmentNames(codes: string[], lang: Lang): Promise<Map<string, string>> {
  const departments = await DepartmentModel.find({ code: { $in: [...new Set(codes)] } }).lean();
  return new Map(departments.map((d) => [d.code, localized(d.name, lang)]));
}

/** The service picker's cards: open or closed now, people waiting, the hours. */
export async function serviceCards(services: QueueService[], now: Date, reader: Reader): Promise<ServiceCardView[]> {
  const names = await departmentNames(services.map((s) => s.departmentCode), reader.lang);
  const dayKey = bangkokDayKey(now);
  return Promise.all(
    services.map(async (service) => {
      const [window, waiting] = await Promise.all([ticketWindow(service, now), QueueTicketModel.countDocuments({ serviceCode: service.code, dayKey, status: 'waiting' })]);
      return {
        code: service.code,
        name: localized(service.name, reader.lang),
        departmentName: names.get(service.departmentCode) ?? service.departmentCode,
        openNow: window.ok,
        statusText: pickerStatus(window, reader),
        hoursLines: hoursLines(service, reader.t, reader.lang),
        waiting,
      };
    }),
  );
}

/** "เปิดให้บริการ", "ปิดอยู่ เปิดอีกครั้ง ...", or, open but too late for another ticket, "วันนี้งดรับบัตรคิวเพิ่มแล้ว ...". */
function pickerStatus(window: TicketWindow, { t, lang }: Reader): string {
  if (window.ok) return t('queue.picker.open');
  const nextOpen = window.kind === 'closed' ? window.state.nextOpen : window.nextOpen;
  if (!nextOpen) return t('queue.picker.closed');
  return t(window.kind === 'closed' ? 'queue.picker.closedUntil' : 'queue.picker.noMoreToday', { at: formatDateTime(nextOpen, lang) });
}

/** A service's rules, in the reader's language (Thai when the service has no translation). */
export async function rulesView(service: QueueService, reader: Reader): Promise<RulesView> {
  const { noShowMinutes } = (await getSettings()).queue;
  const rules = service.rules ?? {};
  // The standard sentence carries the no-show time and the rejoin-once rule for every service;
  // a service's own text adds to it.
  const noShow = [reader.t('queue.rules.noShowStandard', { minutes: noShowMinutes })];
  if (rules.noShow) noShow.push(localized(rules.noShow, reader.lang));
  return {
    serviceCode: service.code,
    serviceName: localized(service.name, reader.lang),
    hoursLines: hoursLines(service, reader.t, reader.lang),
    howItWorks: rules.howItWorks ? localized(rules.howItWorks, reader.lang) : reader.t('queue.rules.howItWorksStandard'),
    noShow: noShow.join(' '),
    documents: (rules.documents ?? []).map((d) => localized(d, reader.lang)),
  };
}

const minutesText = (ms: number, { t }: Reader) => t('queue.minutes', { count: Math.max(0, Math.round(ms / 60_000)) });

/** The officer's card for a called ticket. */
export async function calledTicketView(ticket: QueueTicket, service: QueueService, reader: Reader): Promise<CalledTicketView> {
  const waitingAfter = await QueueTicketModel.countDocuments({ serviceCode: ticket.serviceCode, dayKey: ticket.dayKey, status: 'waiting' });
  const calledAt = ticket.calledAt ?? ticket.takenAt;
  return {
    ticketId: ticket._id.toString(),
    label: ticket.label,
    serviceName: localized(service.name, reader.lang),
    counterNo: ticket.counterNo ?? 0,
    channelText: reader.t(`queue.channels.${ticket.channel}`),
    calledAtText: formatTime(calledAt, reader.lang),
    waitedText: minutesText((ticket.firstCalledAt ?? calledAt).getTime() - ticket.takenAt.getTime(), reader),
    callCount: ticket.callCount,
    waitingAfter,
    transferredFromText: ticket.transferredFrom?.label,
  };
}

/** A printable walk-in label: municipality, service, label, people ahead, time. */
export async function walkInLabelText(position: QueuePosition, reader: Reader): Promise<string> {
  const settings = await getSettings();
  const { ticket, service } = position;
  return reader.t('queue.walkIn.label', {
    municipality: localized(settings.municipalityName, reader.lang),
    service: localized(service.name, reader.lang),
    label: ticket.label,
    ahead: position.ahead,
    wait: waitText(position.wait, reader),
    counters: countersText(service.counters, reader),
    at: formatDateTime(ticket.takenAt, reader.lang),
  });
}
