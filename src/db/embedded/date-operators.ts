import type { Document } from 'bson';
import { evalExpr } from 'mingo/core';
import { CommandError } from './errors';
import { fromLocal, timeZone, toLocal, type TimeZone } from './timezones';
import { isPlainObject } from './values';

/**
 * Date expression operators mingo gets wrong, computed as MongoDB's date_time_support does:
 * $dateTrunc in the given time zone, $week as strftime's %U, and $dateAdd/$dateSubtract keeping
 * the day within the target month (31 January + 1 month is 29 February in 2024).
 */

type ExpressionOperator = (obj: Document, expr: unknown, options: never) => unknown;

const DAY_MS = 86_400_000;
const UNIT_MS: Record<string, number> = { millisecond: 1, second: 1000, minute: 60_000, hour: 3_600_000 };
const CALENDAR_UNITS = new Set(['day', 'week', 'month', 'quarter', 'year']);
const WEEKDAYS = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'];
/** 2000-01-01T00:00:00Z, MongoDB's reference point for $dateTrunc bins; a Saturday. */
const REFERENCE_MS = 946_684_800_000;

function toMillis(v: unknown, op: string): number {
  if (v instanceof Date) return v.getTime();
  const t = (v as { _bsontype?: string } | null)?._bsontype;
  if (t === 'Timestamp') return ((v as { high: number }).high >>> 0) * 1000;
  if (t === 'ObjectId') return (v as { getTimestamp(): Date }).getTimestamp().getTime();
  throw new CommandError(16006, `${op}: can't convert from BSON type ${v === null ? 'null' : typeof v} to Date`);
}

function integral(v: unknown, op: string, name: string): number {
  const n = typeof v === 'number' ? v : Number(v);
  if (!Number.isInteger(n)) throw new CommandError(5166405, `${op} expects integer ${name}`);
  return n;
}

function unitOf(v: unknown, op: string): string {
  if (typeof v === 'string' && (v in UNIT_MS || CALENDAR_UNITS.has(v))) return v;
  throw new CommandError(5439014, `${op} parameter 'unit' value cannot be recognized as a time unit: ${String(v)}`);
}

function daysInMonth(year: number, month0: number): number {
  return new Date(Date.UTC(year, month0 + 1, 0)).getUTCDate();
}

/** Adds whole units; day and larger units move the local calendar, keeping the local time of day. */
function addUnits(utcMs: number, unit: string, amount: number, zone: TimeZone): number {
  if (unit in UNIT_MS) return utcMs + amount * UNIT_MS[unit];
  const local = new Date(toLocal(utcMs, zone));
  if (unit === 'day' || unit === 'week') return fromLocal(local.getTime() + amount * (unit === 'week' ? 7 : 1) * DAY_MS, zone);
  const months = amount * (unit === 'year' ? 12 : unit === 'quarter' ? 3 : 1);
  const total = local.getUTCFullYear() * 12 + local.getUTCMonth() + months;
  const year = Math.floor(total / 12);
  const month0 = total - year * 12;
  const day = Math.min(local.getUTCDate(), daysInMonth(year, month0));
  const timeOfDay = local.getTime() - Date.UTC(local.getUTCFullYear(), local.getUTCMonth(), local.getUTCDate());
  return fromLocal(Date.UTC(year, month0, day) + timeOfDay, zone);
}

function dateArithmetic(op: '$dateAdd' | '$dateSubtract', sign: 1 | -1): ExpressionOperator {
  return (obj, expr, options) => {
    const args = evalExpr(obj, expr, options) as Document;
    if (!isPlainObject(args)) throw new CommandError(5166400, `${op} expects an object as its argument`);
    const { startDate, unit, amount, timezone } = args;
    if (startDate == null || unit == null || amount == null || timezone === null) return null;
    const start = toMillis(startDate, op);
    return new Date(addUnits(start, unitOf(unit, op), sign * integral(amount, op, 'amount of time units'), timeZone(timezone)));
  };
}

/** Whole bins of `binSize` from the reference point, rounded down (also for dates before it). */
function binFloor(distance: number, binSize: number): number {
  return distance - (((distance % binSize) + binSize) % binSize);
}

function calendarDistance(unit: string, from: Date, to: Date): number {
  const years = to.getUTCFullYear() - from.getUTCFullYear();
  switch (unit) {
    case 'year':
      return years;
    case 'quarter':
      return years * 4 + Math.floor(to.getUTCMonth() / 3) - Math.floor(from.getUTCMonth() / 3);
    case 'month':
      return years * 12 + to.getUTCMonth() - from.getUTCMonth();
    default: {
      const dayOf = (d: Date) => Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()) / DAY_MS;
      const days = dayOf(to) - dayOf(from);
      return unit === 'week' ? Math.floor(days / 7) : days;
    }
  }
}

function weekStart(v: unknown): number {
  if (v == null) return 0;
  const name = typeof v === 'string' ? v.toLowerCase() : '';
  const i = WEEKDAYS.findIndex((d) => d === name || d.slice(0, 3) === name);
  if (i < 0) throw new CommandError(5439016, `$dateTrunc parameter 'startOfWeek' value cannot be recognized as a day of a week: ${String(v)}`);
  return i;
}

const $dateTrunc: ExpressionOperator = (obj, expr, options) => {
  const args = evalExpr(obj, expr, options) as Document;
  if (!isPlainObject(args)) throw new CommandError(5439007, '$dateTrunc only supports an object as its argument');
  const { date, unit, binSize, timezone, startOfWeek } = args;
  if (date == null || unit == null || binSize === null || timezone === null) return null;
  const u = unitOf(unit, '$dateTrunc');
  const bins = binSize === undefined ? 1 : integral(binSize, '$dateTrunc', "'binSize'");
  if (bins <= 0) throw new CommandError(5439017, `$dateTrunc requires 'binSize' to be greater than 0, but got value ${bins}`);
  if (u === 'week' && startOfWeek === null) return null;
  const zone = timeZone(timezone);
  const ms = toMillis(date, '$dateTrunc');
  let reference = REFERENCE_MS - zone.offsetAt(REFERENCE_MS) * 60_000;
  if (u in UNIT_MS) {
    const size = bins * UNIT_MS[u];
    return new Date(ms - (((ms - reference) % size) + size) % size);
  }
  if (u === 'week') reference += ((weekStart(startOfWeek) - 6 + 7) % 7) * DAY_MS;
  const distance = calendarDistance(u, new Date(toLocal(reference, zone)), new Date(toLocal(ms, zone)));
  return new Date(addUnits(reference, u, binFloor(distance, bins), zone));
};

/** $week: weeks start on Sunday; days before the year's first Sunday are week 0 (strftime %U). */
const $week: ExpressionOperator = (obj, expr, options) => {
  let value = evalExpr(obj, expr, options);
  if (Array.isArray(value)) value = value[0];
  const args = isPlainObject(value) && 'date' in value ? value : { date: value };
  if (args.date == null || args.timezone === null) return null;
  const local = new Date(toLocal(toMillis(args.date, '$week'), timeZone(args.timezone)));
  const yearDay = (local.getTime() - Date.UTC(local.getUTCFullYear(), 0, 1)) / DAY_MS;
  return Math.floor((Math.floor(yearDay) + 7 - local.getUTCDay()) / 7);
};

/** The date expression operators that replace mingo's own. */
export const dateOperatorOverrides: Record<string, ExpressionOperator> = {
  $dateTrunc,
  $week,
  $dateAdd: dateArithmetic('$dateAdd', 1),
  $dateSubtract: dateArithmetic('$dateSubtract', -1),
};
