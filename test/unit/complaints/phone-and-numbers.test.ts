import { formatCaseNumber, normalizeCaseNumber } from '../../../src/features/complaints/complaints.service';
import { distanceMeters, dueDateAfter } from '../../../src/features/complaints/due-dates';
import { normalizeThaiPhone } from '../../../src/features/complaints/phone';

describe('Thai phone numbers', () => {
  it.each([
    ['0812345678', '0812345678'],
    ['081-234-5678', '0812345678'],
    ['๐๘๑ ๒๓๔ ๕๖๗๘', '0812345678'],
    ['+66 81 234 5678', '0812345678'],
    ['02-123-4567', '021234567'],
    ['053 123 456', '053123456'],
  ])('when %s is typed, then it is read as %s', (typed, expected) => {
    expect(normalizeThaiPhone(typed)).toBe(expected);
  });
  it.each(['12345', '0112345678', '08123456789', 'โทรมาได้เลย', ''])('when "%s" is typed, then it is not a phone number', (typed) => {
    expect(normalizeThaiPhone(typed)).toBeUndefined();
  });
});

describe('case numbers', () => {
  it('when a number is formatted, then it has the year and five digits', () => {
    expect(formatCaseNumber(2569, 42)).toBe('C2569-00042');
  });
  it.each([
    ['C2569-00042', 'C2569-00042'],
    ['c2569-42', 'C2569-00042'],
    ['C 2569 - 7', 'C2569-00007'],
  ])('when %s is typed, then it means %s', (typed, expected) => {
    expect(normalizeCaseNumber(typed)).toBe(expected);
  });
  it.each(['C2569-00000', 'X2569-1', 'C25-1', 'C2569-123456'])('when %s is typed, then it is not a case number', (typed) => {
    expect(normalizeCaseNumber(typed)).toBeUndefined();
  });
});

describe('due dates and distances', () => {
  it('when 15 calendar days are counted from a Bangkok evening, then the due date is 15 days later at the same Bangkok time', () => {
    const filed = new Date('2026-11-21T13:30:00Z'); // 20.30 in Bangkok
    expect(dueDateAfter(filed, 15, 'calendar').toISOString()).toBe('2026-12-06T13:30:00.000Z');
  });
  it('when working days are counted from a Friday, then the weekend is skipped', () => {
    const friday = new Date('2026-11-20T03:00:00Z');
    expect(dueDateAfter(friday, 1, 'working').toISOString()).toBe('2026-11-23T03:00:00.000Z');
    expect(dueDateAfter(friday, 5, 'working').toISOString()).toBe('2026-11-27T03:00:00.000Z');
  });
  it('when two points are 0.0003 degrees of latitude apart, then they are about 33 metres apart', () => {
    const d = distanceMeters({ latitude: 18.79, longitude: 98.98 }, { latitude: 18.7903, longitude: 98.98 });
    expect(d).toBeGreaterThan(32);
    expect(d).toBeLessThan(35);
  });
});
