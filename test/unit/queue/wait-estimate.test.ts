import { estimateWait, minutesPerPerson } from '../../../src/features/queue/wait-estimate';

describe('minutesPerPerson', () => {
  it('when fewer than three were measured today, then the configured minutes are used', () => {
    expect(minutesPerPerson([], 10)).toBe(10);
    expect(minutesPerPerson([3, 4], 10)).toBe(10);
  });

  it('when many were measured, then the average of the last ten is used, outliers clamped', () => {
    expect(minutesPerPerson([4, 6, 8], 10)).toBe(6);
    const eleven = [100, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5];
    expect(minutesPerPerson(eleven, 10)).toBe(5);
    expect(minutesPerPerson([0, 0, 0], 10)).toBe(0.5);
    expect(minutesPerPerson([500, 500, 500], 10)).toBe(120);
  });
});

describe('estimateWait', () => {
  it.each([
    [0, 10, 1, { kind: 'next' }],
    [1, 10, 1, { kind: 'range', low: 5, high: 15 }],
    [2, 10, 1, { kind: 'range', low: 15, high: 25 }],
    [4, 20, 1, { kind: 'range', low: 60, high: 100 }],
    [4, 10, 2, { kind: 'range', low: 15, high: 25 }],
    [1, 2, 3, { kind: 'range', low: 0, high: 5 }],
  ])('when %i are ahead at %d minutes each with %i counters, then %j', (ahead, per, counters, expected) => {
    expect(estimateWait(ahead, per, counters)).toEqual(expected);
  });
});
