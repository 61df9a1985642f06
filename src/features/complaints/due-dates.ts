import { addDays, bangkok } from '../../shared/dates';

/**
 * The due date `days` after `from`: calendar days by default (the 15-day rule), or working days
 * Monday to Friday when the municipality counts that way. Always in Bangkok time.
 */
export function dueDateAfter(from: Date, days: number, counting: 'calendar' | 'working'): Date {
  if (counting === 'calendar') return addDays(from, days);
  let d = bangkok(from);
  let left = days;
  while (left > 0) {
    d = d.add(1, 'day');
    const weekday = d.day();
    if (weekday !== 0 && weekday !== 6) left -= 1;
  }
  return d.toDate();
}

/** Bangkok calendar days from the day of `from` to the day of `to`: 0 on the same day, negative when `to` is earlier. */
export function calendarDaysBetween(from: Date, to: Date): number {
  return bangkok(to).startOf('day').diff(bangkok(from).startOf('day'), 'day');
}

/**
 * How many days `from` is before `due`, counted the way the due date was set: the "N" of
 * "within N days" (or N working days) on the receipt. Never less than 1.
 */
export function daysUntilDue(from: Date, due: Date, counting: 'calendar' | 'working'): number {
  if (counting === 'calendar') return Math.max(1, calendarDaysBetween(from, due));
  const end = bangkok(due).startOf('day');
  let d = bangkok(from).startOf('day');
  let days = 0;
  while (d.isBefore(end)) {
    d = d.add(1, 'day');
    if (d.day() !== 0 && d.day() !== 6) days += 1;
  }
  return Math.max(1, days);
}

/** Metres between two points on the Earth (haversine): enough for "within 50 metres". */
export function distanceMeters(a: { latitude: number; longitude: number }, b: { latitude: number; longitude: number }): number {
  const R = 6_371_000;
  const rad = (x: number) => (x * Math.PI) / 180;
  const dLat = rad(b.latitude - a.latitude);
  const dLng = rad(b.longitude - a.longitude);
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(rad(a.latitude)) * Math.cos(rad(b.latitude)) * Math.sin(dLng / 2) ** 2;
  return 2 * R * Math.asin(Math.min(1, Math.sqrt(h)));
}
