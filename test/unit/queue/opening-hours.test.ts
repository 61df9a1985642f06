import { translator } from '../../../src/i18n';
import { hoursLines, nextOpeningAfterToday, openingState, servesLaterToday, servingMinutesLeft } from '../../../src/features/queue/opening-hours';
import type { QueueService } from '../../../src/features/queue/service.model';

const service: Pick<QueueService, 'hours' | 'holidays'> = {
  hours: [
    { days: ['mon', 'tue', 'wed', 'thu', 'fri'], open: '08:30', close: '16:30', lunchBreak: { start: '12:00', end: '13:00' } },
    { days: ['sat'], open: '09:00', close: '12:00' },
  ],
  holidays: ['2026-12-07'],
};

/** Bangkok wall time -> instant (Bangkok is UTC+7 all year). */
const bkk = (local: string) => new Date(`${local}:00+07:00`);

describe('openingState', () => {
  it.each([
    ['2026-11-23T08:29', false, 'before_open', '2026-11-23T08:30'],
    ['2026-11-23T08:30', true, undefined, undefined],
    ['2026-11-23T11:59', true, undefined, undefined],
    ['2026-11-23T12:00', false, 'lunch', '2026-11-23T13:00'],
    ['2026-11-23T12:59', false, 'lunch', '2026-11-23T13:00'],
    ['2026-11-23T13:00', true, undefined, undefined],
    ['2026-11-23T16:29', true, undefined, undefined],
    ['2026-11-23T16:30', false, 'after_close', '2026-11-24T08:30'],
    ['2026-11-27T17:00', false, 'after_close', '2026-11-28T09:00'],
    ['2026-11-28T10:00', true, undefined, undefined],
    ['2026-11-28T12:00', false, 'after_close', '2026-11-30T08:30'],
    ['2026-11-29T10:00', false, 'closed_day', '2026-11-30T08:30'],
    ['2026-12-07T10:00', false, 'holiday', '2026-12-08T08:30'],
    ['2026-12-06T10:00', false, 'closed_day', '2026-12-08T08:30'],
  ])('when it is %s in Bangkok, then open is %s (%s), next opening %s', (local, open, reason, next) => {
    const state = openingState(service, bkk(local));
    expect(state.open).toBe(open);
    if (!state.open) {
      expect(state.reason).toBe(reason);
      expect(state.nextOpen?.toISOString()).toBe(bkk(next as string).toISOString());
    }
  });

  it('when a service has no hours at all, then it is closed with no next opening', () => {
    expect(openingState({ hours: [], holidays: [] }, bkk('2026-11-23T10:00'))).toEqual({ open: false, reason: 'closed_day', nextOpen: undefined });
  });
});

describe('hoursLines', () => {
  it('when shown in Thai and English, then days are ranges and only hours spanning 12.00-13.00 say they serve through lunch', () => {
    expect(hoursLines(service, translator('th'), 'th')).toEqual(['จันทร์-ศุกร์ 08.30-16.30 น. (พักเที่ยง 12.00-13.00 น.)', 'เสาร์ 09.00-12.00 น.']);
    expect(hoursLines(service, translator('en'), 'en')).toEqual(['Mon-Fri 08:30-16:30 (lunch break 12:00-13:00)', 'Sat 09:00-12:00']);
    expect(hoursLines({ hours: [{ days: ['mon', 'wed'], open: '09:00', close: '10:00' }] }, translator('th'), 'th')).toEqual(['จันทร์, พุธ 09.00-10.00 น.']);
  });

  it.each([
    ['08:30', '16:30', true],
    ['12:00', '13:00', true],
    ['09:00', '12:30', false],
    ['12:30', '16:00', false],
    ['13:00', '16:00', false],
  ])('when the hours are %s-%s without a break, then "open through lunch" is said: %s', (open, close, said) => {
    const [line] = hoursLines({ hours: [{ days: ['mon'], open, close }] }, translator('th'), 'th');
    expect(line.endsWith('(เปิดบริการช่วงพักเที่ยง)')).toBe(said);
  });
});

describe('what is left of the day', () => {
  it.each([
    ['2026-11-23T08:00', 420, true],
    ['2026-11-23T11:30', 240, true],
    ['2026-11-23T12:30', 210, true],
    ['2026-11-23T16:29', 1, true],
    ['2026-11-23T16:30', 0, false],
    ['2026-11-23T20:00', 0, false],
    ['2026-11-28T11:00', 60, true],
    ['2026-12-07T10:00', 0, false],
    ['2026-11-29T10:00', 0, false],
  ])('when it is %s in Bangkok, then %i serving minutes are left (lunch not counted) and the counters serve later today: %s', (local, minutes, later) => {
    expect(servingMinutesLeft(service, bkk(local))).toBe(minutes);
    expect(servesLaterToday(service, bkk(local))).toBe(later);
  });

  it('when asked for the next opening on a later day, then holidays and closed days are skipped', () => {
    expect(nextOpeningAfterToday(service, bkk('2026-11-23T07:00'))?.toISOString()).toBe(bkk('2026-11-24T08:30').toISOString());
    expect(nextOpeningAfterToday(service, bkk('2026-12-04T16:35'))?.toISOString()).toBe(bkk('2026-12-05T09:00').toISOString());
    expect(nextOpeningAfterToday(service, bkk('2026-12-06T16:35'))?.toISOString()).toBe(bkk('2026-12-08T08:30').toISOString());
  });
});
