import type { Lang, Translate } from '../../i18n/languages';
import { bangkok, bangkokDayKey, startOfBangkokDay } from '../../shared/dates';
import { WEEKDAYS, type QueueService, type Weekday } from './service.model';

export type ClosedReason = 'holiday' | 'closed_day' | 'before_open' | 'after_close' | 'lunch';

export type OpeningState = { open: true } | { open: false; reason: ClosedReason; nextOpen?: Date };

const DAY_MS = 86_400_000;

function minutesOf(hhmm: string): number {
  const [h, m] = hhmm.split(':').map(Number);
  return h * 60 + m;
}

type Hours = QueueService['hours'][number];

function entriesFor(service: Pick<QueueService, 'hours'>, day: Weekday): Hours[] {
  return service.hours.filter((h) => h.days.includes(day));
}

/** When the service next opens after `now` (within two weeks), counting lunch breaks and holidays. */
function nextOpening(service: Pick<QueueService, 'hours' | 'holidays'>, now: Date): Date | undefined {
  const dayStart = startOfBangkokDay(now).getTime();
  for (let d = 0; d <= 14; d += 1) {
    const start = dayStart + d * DAY_MS;
    const probe = new Date(start + 12 * 3_600_000);
    if (service.holidays.includes(bangkokDayKey(probe))) continue;
    const weekday = WEEKDAYS[bangkok(probe).day()];
    const candidates = entriesFor(service, weekday)
      .flatMap((h) => [h.open, ...(h.lunchBreak ? [h.lunchBreak.end] : [])])
      .map((hhmm) => new Date(start + minutesOf(hhmm) * 60_000))
      .filter((at) => at.getTime() > now.getTime())
      .sort((a, b) => a.getTime() - b.getTime());
    if (candidates.length > 0) return candidates[0];
  }
  return undefined;
}

/**
 * Whether the service takes tickets at `now` (Bangkok time): not on a holiday, on a weekday with
 * hours, between opening and closing, outside the lunch break (services without one serve
 * through lunch). When closed, says why and when it next opens.
 */
export function openingState(service: Pick<QueueService, 'hours' | 'holidays'>, now: Date): OpeningState {
  const local = bangkok(now);
  const closed = (reason: ClosedReason): OpeningState => ({ open: false, reason, nextOpen: nextOpening(service, now) });
  if (service.holidays.includes(bangkokDayKey(now))) return closed('holiday');
  const entries = entriesFor(service, WEEKDAYS[local.day()]);
  if (entries.length === 0) return closed('closed_day');
  const minute = local.hour() * 60 + local.minute();
  let reason: ClosedReason = 'after_close';
  for (const h of entries) {
    if (minute < minutesOf(h.open)) {
      reason = 'before_open';
      continue;
    }
    if (minute >= minutesOf(h.close)) continue;
    if (h.lunchBreak && minute >= minutesOf(h.lunchBreak.start) && minute < minutesOf(h.lunchBreak.end)) {
      reason = 'lunch';
      continue;
    }
    return { open: true };
  }
  return closed(reason);
}

/** "08:30" as the language writes it: "08.30" in Thai. */
export function clockText(hhmm: string, lang: Lang): string {
  return lang === 'th' ? hhmm.replace(':', '.') : hhmm;
}

/** "จันทร์-ศุกร์" for a run of days, "จันทร์, พุธ" otherwise (Monday first). */
function daysText(days: readonly Weekday[], t: Translate): string {
  const order: Weekday[] = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];
  const sorted = order.filter((d) => days.includes(d));
  const idx = sorted.map((d) => order.indexOf(d));
  const consecutive = idx.every((v, i) => i === 0 || v === idx[i - 1] + 1);
  const name = (d: Weekday) => t(`queue.days.${d}`);
  if (sorted.length >= 3 && consecutive) return `${name(sorted[0])}-${name(sorted[sorted.length - 1])}`;
  return sorted.map(name).join(', ');
}

const LUNCH = { start: 12 * 60, end: 13 * 60 };

/**
 * One line per hours entry: "จันทร์-ศุกร์ 08.30-16.30 น. (พักเที่ยง 12.00-13.00 น.)". Hours that
 * span 12.00-13.00 without a break say they serve through lunch; hours that end before noon or
 * start after it say nothing about lunch.
 */
export function hoursLines(service: Pick<QueueService, 'hours'>, t: Translate, lang: Lang): string[] {
  return service.hours.map((h) => {
    const base = t('queue.hours.line', { days: daysText(h.days, t), open: clockText(h.open, lang), close: clockText(h.close, lang) });
    if (h.lunchBreak) return `${base} ${t('queue.hours.lunchBreak', { start: clockText(h.lunchBreak.start, lang), end: clockText(h.lunchBreak.end, lang) })}`;
    const servesThroughLunch = minutesOf(h.open) <= LUNCH.start && minutesOf(h.close) >= LUNCH.end;
    return servesThroughLunch ? `${base} ${t('queue.hours.lunchService')}` : base;
  });
}

/** Today's serving periods in minutes of the Bangkok day, lunch breaks left out; none on a holiday. */
function servingPeriods(service: Pick<QueueService, 'hours' | 'holidays'>, now: Date): { start: number; end: number }[] {
  if (service.holidays.includes(bangkokDayKey(now))) return [];
  return entriesFor(service, WEEKDAYS[bangkok(now).day()]).flatMap((h) =>
    h.lunchBreak
      ? [
          { start: minutesOf(h.open), end: minutesOf(h.lunchBreak.start) },
          { start: minutesOf(h.lunchBreak.end), end: minutesOf(h.close) },
        ]
      : [{ start: minutesOf(h.open), end: minutesOf(h.close) }],
  );
}

/** Minutes the counters still serve today from `now` (lunch breaks not counted). */
export function servingMinutesLeft(service: Pick<QueueService, 'hours' | 'holidays'>, now: Date): number {
  const local = bangkok(now);
  const minute = local.hour() * 60 + local.minute() + local.second() / 60;
  return servingPeriods(service, now).reduce((sum, p) => sum + Math.max(0, p.end - Math.max(p.start, minute)), 0);
}

/** Whether the counters serve again today (open now, or at lunch or before opening). */
export function servesLaterToday(service: Pick<QueueService, 'hours' | 'holidays'>, now: Date): boolean {
  return servingMinutesLeft(service, now) > 0;
}

/** When the service opens on a later day than `now`'s. */
export function nextOpeningAfterToday(service: Pick<QueueService, 'hours' | 'holidays'>, now: Date): Date | undefined {
  return nextOpening(service, new Date(startOfBangkokDay(now).getTime() + DAY_MS - 1));
}

/** "16:00" today as an instant. */
export function todayAt(hhmm: string, now: Date): Date {
  return new Date(startOfBangkokDay(now).getTime() + minutesOf(hhmm) * 60_000);
}
