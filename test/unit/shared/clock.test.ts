import { clock } from '../../../src/shared/clock';

afterEach(() => clock.reset());

describe('clock.ttlAt', () => {
  it('when the clock is frozen in the past, then a record due in an hour is kept an hour of real time', () => {
    clock.freeze('2020-01-01T00:00:00Z');
    const due = new Date('2020-01-01T01:00:00Z');
    const kept = clock.ttlAt(due).getTime() - Date.now();
    expect(kept).toBeGreaterThan(3_600_000 - 1_000);
    expect(kept).toBeLessThanOrEqual(3_600_000);
  });

  it('when the clock was moved a day ahead, then a record due now goes now, not a day late', () => {
    clock.advance(86_400_000);
    expect(Math.abs(clock.ttlAt(clock.now()).getTime() - Date.now())).toBeLessThan(1_000);
  });

  it('when the clock is the system clock, then the instant is unchanged', () => {
    const at = new Date(Date.now() + 5_000);
    expect(Math.abs(clock.ttlAt(at).getTime() - at.getTime())).toBeLessThan(50);
  });
});
