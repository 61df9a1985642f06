import { CommandError } from './errors';

/** A time zone as MongoDB accepts it: an Olson name ('Asia/Bangkok', 'UTC') or an offset ('+07:00', '-0530', '+07'). */
export interface TimeZone {
  /** Minutes to add to UTC to get local time at the instant `utcMs`. */
  offsetAt(utcMs: number): number;
}

const OFFSET_RE = /^([+-])(\d{2}):?(\d{2})?$/;
const UTC: TimeZone = { offsetAt: () => 0 };
const zones = new Map<string, TimeZone>();

function fixedOffset(sign: string, hours: string, minutes: string | undefined): TimeZone {
  const offset = (Number(hours) * 60 + Number(minutes ?? 0)) * (sign === '-' ? -1 : 1);
  return { offsetAt: () => offset };
}

function olson(name: string): TimeZone {
  let format: Intl.DateTimeFormat;
  try {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone: name,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
  } catch {
    throw new CommandError(40485, `unrecognized time zone identifier: "${name}"`);
  }
  return {
    offsetAt(utcMs) {
      const parts: Record<string, number> = {};
      for (const p of format.formatToParts(new Date(utcMs))) if (p.type !== 'literal') parts[p.type] = Number(p.value);
      const local = Date.UTC(parts.year, parts.month - 1, parts.day, parts.hour, parts.minute, parts.second);
      return Math.round((local - Math.floor(utcMs / 1000) * 1000) / 60_000);
    },
  };
}

/** The time zone a `timezone` argument names; undefined or null mean UTC. */
export function timeZone(spec: unknown): TimeZone {
  if (spec === undefined || spec === null) return UTC;
  if (typeof spec !== 'string') throw new CommandError(40517, `timezone must evaluate to a string, found ${typeof spec}`);
  let zone = zones.get(spec);
  if (!zone) {
    const m = OFFSET_RE.exec(spec);
    zone = m ? fixedOffset(m[1], m[2], m[3]) : spec === 'UTC' || spec === 'GMT' || spec === 'Z' ? UTC : olson(spec);
    zones.set(spec, zone);
  }
  return zone;
}

/** Local wall-clock time of a UTC instant, as milliseconds read with the UTC getters. */
export function toLocal(utcMs: number, zone: TimeZone): number {
  return utcMs + zone.offsetAt(utcMs) * 60_000;
}

/** The UTC instant of a local wall-clock time (the earlier one when a DST change repeats it). */
export function fromLocal(localMs: number, zone: TimeZone): number {
  let utc = localMs - zone.offsetAt(localMs) * 60_000;
  utc = localMs - zone.offsetAt(utc) * 60_000;
  return utc;
}
