import dayjs, { type Dayjs } from 'dayjs';
import 'dayjs/locale/th';
import 'dayjs/locale/my';
import buddhistEra from 'dayjs/plugin/buddhistEra';
import timezone from 'dayjs/plugin/timezone';
import utc from 'dayjs/plugin/utc';
import type { Lang } from '../i18n/languages';

dayjs.extend(utc);
dayjs.extend(timezone);
dayjs.extend(buddhistEra);

/** Every date the municipality shows or counts is in Bangkok time, whatever the machine's TZ. */
export const TIME_ZONE = 'Asia/Bangkok';

/** A dayjs in Bangkok time. */
export function bangkok(date: Date | string | number = Date.now()): Dayjs {
  return dayjs(date).tz(TIME_ZONE);
}

/** The Buddhist-era year of a date in Bangkok (2026 -> 2569). */
export function buddhistYear(date: Date): number {
  return bangkok(date).year() + 543;
}

/** "21 พ.ย. 2569" in Thai, "21 Nov 2026" otherwise. */
export function formatDate(date: Date, lang: Lang): string {
  const d = bangkok(date);
  if (lang === 'th') return d.locale('th').format('D MMM BBBB');
  return d.locale('en').format('D MMM YYYY');
}

/** "13.30 น." in Thai, "13:30" otherwise. */
export function formatTime(date: Date, lang: Lang): string {
  const d = bangkok(date);
  return lang === 'th' ? `${d.format('HH.mm')} น.` : d.format('HH:mm');
}

/** "21 พ.ย. 2569 13.30 น." */
export function formatDateTime(date: Date, lang: Lang): string {
  return `${formatDate(date, lang)} ${formatTime(date, lang)}`;
}

/** The start of the Bangkok day containing `date`, as an instant. */
export function startOfBangkokDay(date: Date): Date {
  return bangkok(date).startOf('day').toDate();
}

/** "2026-11-21": the Bangkok calendar day, used to key daily counters and limits. */
export function bangkokDayKey(date: Date): string {
  return bangkok(date).format('YYYY-MM-DD');
}

/** Adds calendar days in Bangkok time (a due date 15 days after filing). */
export function addDays(date: Date, days: number): Date {
  return bangkok(date).add(days, 'day').toDate();
}

/**
 * The Thai fiscal year (1 October to 30 September) and half (1: Oct-Mar, 2: Apr-Sep) of a date,
 * with the fiscal year in the Buddhist era: 1 Oct 2026 starts fiscal year 2570.
 */
export function fiscalPeriod(date: Date): { fiscalYearBE: number; half: 1 | 2 } {
  const d = bangkok(date);
  const month = d.month() + 1;
  const fiscalYearCE = month >= 10 ? d.year() + 1 : d.year();
  return { fiscalYearBE: fiscalYearCE + 543, half: month >= 10 || month <= 3 ? 1 : 2 };
}
