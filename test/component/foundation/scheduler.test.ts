import mongoose from 'mongoose';
import { JobLeaseModel } from '../../../src/jobs/job-lease.model';
import { Scheduler, type JobDefinition } from '../../../src/jobs/scheduler';
import { clock } from '../../../src/shared/clock';
import { logger } from '../../../src/shared/logger';
import { Gate, waitFor } from './pipeline-probe';
import { useTestDatabase } from '../../support/db';

useTestDatabase();

const JOB = 'test.exclusive';

/** An exclusive job that records how many copies ran at once, and waits in each run for `until()`. */
function exclusiveJob(seen: { running: number; most: number; runs: number }, until: () => Promise<void> = () => Promise.resolve()): JobDefinition {
  return {
    name: JOB,
    intervalMs: 50,
    exclusive: true,
    async run() {
      seen.running += 1;
      seen.runs += 1;
      seen.most = Math.max(seen.most, seen.running);
      try {
        await until();
      } finally {
        seen.running -= 1;
      }
    },
  };
}

/** Two instances' schedulers, each with the job, and a 300 ms lease (a heartbeat every 100 ms). */
function twoInstances(seen: { running: number; most: number; runs: number }, until?: () => Promise<void>): [Scheduler, Scheduler] {
  const instances: [Scheduler, Scheduler] = [new Scheduler({ minLeaseMs: 300 }), new Scheduler({ minLeaseMs: 300 })];
  for (const scheduler of instances) scheduler.register(exclusiveJob(seen, until));
  return instances;
}

const leaseUntil = async () => (await JobLeaseModel.findById(JOB).lean())?.leaseUntil.getTime() ?? 0;

describe('exclusive jobs across instances', () => {
  afterEach(() => {
    clock.reset();
    jest.restoreAllMocks();
  });

  it('when a run outlasts its lease, then the heartbeat renews it and another instance does not start the job meanwhile', async () => {
    clock.freeze('2026-11-21T03:00:00Z');
    const seen = { running: 0, most: 0, runs: 0 };
    const gate = new Gate();
    const [first, second] = twoInstances(seen, () => gate.pass());
    const running = first.runNow(JOB);
    await gate.entered;

    clock.advance(60_000);
    await waitFor('the heartbeat renewed the lease past the advanced clock', async () => (await leaseUntil()) > clock.nowMs());
    await second.runNow(JOB);
    gate.open();
    await running;

    expect(seen).toEqual({ running: 0, most: 1, runs: 1 });
  });

  it('when a renewal is in flight as the run ends, then the lease is released after it, and another instance runs the job at once', async () => {
    const seen = { running: 0, most: 0, runs: 0 };
    const renewal = new Gate();
    const updateOne = JobLeaseModel.updateOne.bind(JobLeaseModel);
    let renewed: Promise<unknown> | undefined;
    let released: Promise<unknown> | undefined;
    // The heartbeat's renewal is held until the test lets it through; the release is not.
    jest.spyOn(JobLeaseModel, 'updateOne').mockImplementation(((filter: object, update: { $set: { leaseUntil: Date } }) => {
      if (update.$set.leaseUntil.getTime() === 0) return (released = updateOne(filter, update).exec());
      return (renewed ??= renewal.pass().then(() => updateOne(filter, update).exec()));
    }) as never);
    let returned = false;
    const [first, second] = twoInstances(seen, async () => {
      await renewal.entered;
      returned = true;
    });

    const running = first.runNow(JOB);
    await waitFor('the run has ended while its renewal is in flight', () => returned);
    await released;
    renewal.open();
    await Promise.all([running, renewed]);

    expect(await leaseUntil()).toBe(0);
    await second.runNow(JOB);
    expect(seen.runs).toBe(2);
  });

  it('when the holder finished, then the other instance runs the job at once', async () => {
    const seen = { running: 0, most: 0, runs: 0 };
    const [first, second] = twoInstances(seen);
    await first.runNow(JOB);
    await second.runNow(JOB);
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
