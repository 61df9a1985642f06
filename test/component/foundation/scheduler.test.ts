import { Scheduler, type JobDefinition } from '../../../src/jobs/scheduler';
import { useTestDatabase } from '../../support/db';

useTestDatabase();

/** An exclusive job that takes `ms` of real time and records how many copies ran at once. */
function slowJob(ms: number, seen: { running: number; most: number; runs: number }): JobDefinition {
  return {
    name: 'test.slow-exclusive',
    intervalMs: 50,
    exclusive: true,
    async run() {
      seen.running += 1;
      seen.runs += 1;
      seen.most = Math.max(seen.most, seen.running);
      await new Promise((resolve) => setTimeout(resolve, ms));
      seen.running -= 1;
    },
  };
}

describe('exclusive jobs across instances', () => {
  it('when a run outlasts its lease, then the lease is renewed and another instance does not start the job meanwhile', async () => {
    const seen = { running: 0, most: 0, runs: 0 };
    const first = new Scheduler({ minLeaseMs: 300 });
    const second = new Scheduler({ minLeaseMs: 300 });
    first.register(slowJob(1200, seen));
    second.register(slowJob(1200, seen));

    const running = first.runNow('test.slow-exclusive');
    await new Promise((resolve) => setTimeout(resolve, 200));
    for (let i = 0; i < 4; i += 1) {
      await second.runNow('test.slow-exclusive');
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    await running;

    expect(seen).toEqual({ running: 0, most: 1, runs: 1 });
  });

  it('when the holder finished, then the other instance runs the job at once', async () => {
    const seen = { running: 0, most: 0, runs: 0 };
    const first = new Scheduler({ minLeaseMs: 300 });
    const second = new Scheduler({ minLeaseMs: 300 });
    first.register(slowJob(10, seen));
    second.register(slowJob(10, seen));
    await first.runNow('test.slow-exclusive');
    await second.runNow('test.slow-exclusive');
    expect(seen.runs).toBe(2);
  });
});
