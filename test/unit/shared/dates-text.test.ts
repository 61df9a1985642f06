import { addDays, bangkokDayKey, buddhistYear, fiscalPeriod, formatDate, formatDateTime, formatTime } from '../../../src/shared/dates';
import { excerpt, normalizeCommandText, normalizeDigits } from '../../../src/shared/text';

describe('dates in Bangkok time and the Buddhist era', () => {
  // 21 Nov 2026 06:30 UTC is 13.30 in Bangkok.
  const at = new Date('2026-11-21T06:30:00Z');

  it('when a date is formatted in Thai, then it uses the Buddhist era and Thai month abbreviations', () => {
    expect(formatDate(at, 'th')).toBe('21 พ.ย. 2569');
    expect(formatTime(at, 'th')).toBe('13.30 น.');
    expect(formatDateTime(at, 'th')).toBe('21 พ.ย. 2569 13.30 น.');
  });

  it('when a date is formatted in English, then it uses the Gregorian year', () => {
    expect(formatDate(at, 'en')).toBe('21 Nov 2026');
    expect(formatTime(at, 'en')).toBe('13:30');
  });

  it('when it is 23:30 UTC, then the Bangkok day is already the next one', () => {
    const late = new Date('2026-12-31T17:30:00Z');
    expect(bangkokDayKey(late)).toBe('2027-01-01');
    expect(buddhistYear(late)).toBe(2570);
  });

  it('when 15 days are added, then the calendar date moves 15 days in Bangkok', () => {
    expect(bangkokDayKey(addDays(at, 15))).toBe('2026-12-06');
  });

  it.each([
    ['2026-09-30T16:59:59Z', 2569, 2],
    ['2026-09-30T17:00:00Z', 2570, 1],
    ['2027-03-31T16:59:59Z', 2570, 1],
    ['2027-03-31T17:00:00Z', 2570, 2],
  ])('when the instant is %s, then the fiscal year is %i half %i', (iso, year, half) => {
    expect(fiscalPeriod(new Date(iso))).toEqual({ fiscalYearBE: year, half });
  });
});

describe('Thai text input', () => {
  it('when a phone number is typed in Thai digits, then it reads as ASCII digits', () => {
    expect(normalizeDigits('๐๘๑-๒๓๔-๕๖๗๘')).toBe('081-234-5678');
  });

  it('when a command has extra spaces and capitals, then it folds to one form', () => {
    expect(normalizeCommandText('  My   Ticket ')).toBe('my ticket');
  });

  it('when Thai text is shortened, then no combining mark is left without its letter', () => {
    const short = excerpt('ไฟฟ้าส่องสว่างดับทั้งซอย', 6);
    expect(short.endsWith('…')).toBe(true);
    expect(/[\u0E31\u0E34-\u0E3A\u0E47-\u0E4E]…$/.test(short)).toBe(false);
  });
});
