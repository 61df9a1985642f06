import mongoose from 'mongoose';
import { Scheduler, type JobDefinition } from '../../../src/jobs/scheduler';
import { logger } from '../../../src/shared/logger';
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

describe('job failures in the logs', () => {
  it('when a job fails on a duplicate key, then the logged error keeps neither the LINE id nor the phone number the driver quoted', async () => {
    const lineId = `U${'4f'.repeat(16)}`;
    const phone = '0812345678';
    const people = mongoose.connection.collection('test_people');
    await people.createIndex({ lineId: 1, phone: 1 }, { unique: true });
    const scheduler = new Scheduler();
    scheduler.register({ name: 'test.duplicate', intervalMs: 1000, run: () => people.insertMany([{ lineId, phone }, { lineId, phone }]) });
    const error = jest.spyOn(logger, 'error');
    try {
      await scheduler.runNow('test.duplicate');
      const logged = error.mock.calls.map(([fields]) => fields as Record<string, unknown>).filter((f) => f.job === 'test.duplicate');
      expect(logged).toHaveLength(1);
      expect(String(logged[0].err)).toContain('E11000');
      expect(JSON.stringify(logged)).not.toContain(lineId);
      expect(JSON.stringify(logged)).not.toContain(phone);
    } finally {
      error.mockRestore();
    }
  });
});
