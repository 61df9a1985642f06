import { canMove, INTEGRITY_STATUSES, nextStatuses, OPEN_STATUSES, statusGroup } from '../../../src/features/integrity/integrity-status';

describe('the status table of confidential reports', () => {
  test.each([
    ['received', 'under_review', true],
    ['received', 'under_investigation', true],
    ['under_review', 'under_investigation', true],
    ['under_review', 'substantiated', true],
    ['under_investigation', 'unsubstantiated', true],
    ['under_investigation', 'referred', true],
    ['substantiated', 'closed', true],
    ['referred', 'closed', true],
    ['received', 'closed', false],
    ['received', 'received', false],
    ['under_investigation', 'under_review', false],
    ['closed', 'under_review', false],
    ['referred', 'under_investigation', false],
  ] as const)('when moving from %s to %s, then allowed is %s', (from, to, allowed) => {
    expect(canMove(from, to)).toBe(allowed);
  });

  test('when grouped, then open statuses are those before a conclusion and closed has no way out', () => {
    expect(OPEN_STATUSES).toEqual(['received', 'under_review', 'under_investigation']);
    expect(INTEGRITY_STATUSES.filter((s) => statusGroup(s) === 'concluded')).toEqual(['substantiated', 'unsubstantiated', 'referred']);
    expect(nextStatuses('closed')).toEqual([]);
    for (const s of INTEGRITY_STATUSES) for (const n of nextStatuses(s)) expect(INTEGRITY_STATUSES).toContain(n);
  });
});
