import { randomUUID } from 'node:crypto';
import { clock } from '../shared/clock';
import { isDuplicateKeyError } from '../shared/errors';
import { errorText, logger } from '../shared/logger';
import { JobLeaseModel } from './job-lease.model';

/** A background job: a plain async function run every `intervalMs`. */
export interface JobDefinition {
  name: string;
  intervalMs: number;
  /** True when only one instance may run it at a time (a lease on the job's name). */
  exclusive?: boolean;
  /** `stopping` is aborted when the scheduler stops: a job working through a list checks it between items. */
  run(now: Date, stopping: AbortSignal): Promise<unknown>;
}

/** Takes the job's lease unless another live instance holds it. */
async function acquireJobLease(name: string, owner: string, ms: number): Promise<boolean> {
  const now = clock.now();
  try {
    const lease = await JobLeaseModel.findOneAndUpdate(
      { _id: name, $or: [{ leaseUntil: { $lte: now } }, { owner }] },
      { $set: { owner, leaseUntil: new Date(now.getTime() + ms), lastRunAt: now } },
      { upsert: true, returnDocument: 'after' },
    );
    return lease !== null;
  } catch (err) {
    if (isDuplicateKeyError(err)) return false;
    throw err;
  }
}

/** Extends a lease we still hold, so a long run is not taken over by another instance halfway. */
async function renewJobLease(name: string, owner: string, ms: number): Promise<void> {
  await JobLeaseModel.updateOne({ _id: name, owner }, { $set: { leaseUntil: new Date(clock.nowMs() + ms) } });
}

async function releaseJobLease(name: string, owner: string): Promise<void> {
  await JobLeaseModel.updateOne({ _id: name, owner }, { $set: { leaseUntil: new Date(0) } });
}

/**
 * Renews an exclusive job's lease every third of it while the job runs, one renewal at a time.
 * Stopping waits for a renewal in flight: landing after the release, it would keep the job from
 * every instance for a whole lease.
 */
class LeaseHeartbeat {
  private inFlight: Promise<void> | undefined;
  private readonly timer: NodeJS.Timeout;

  constructor(
    private readonly name: string,
    private readonly owner: string,
    private readonly leaseMs: number,
  ) {
    this.timer = setInterval(() => this.beat(), leaseMs / 3);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.inFlight;
  }

  private beat(): void {
    if (this.inFlight) return;
    this.inFlight = renewJobLease(this.name, this.owner, this.leaseMs)
      .catch((err: unknown) => logger.warn({ job: this.name, err: errorText(err) }, 'job lease renewal failed'))
      .finally(() => {
        this.inFlight = undefined;
      });
  }
}

export interface SchedulerOptions {
  /** Shortest lease of an exclusive job (default 60 s; a job's lease is at least 4 intervals). */
  minLeaseMs?: number;
}

/**
 * Runs jobs on intervals. A job never overlaps itself in this process; an exclusive job never
 * overlaps across instances either. `kick` runs a job soon, for work that was just queued.
 */
export class Scheduler {
  /** Who holds a job's lease: one id per scheduler, i.e. per instance of the app. */
  private readonly owner = randomUUID();
  private readonly minLeaseMs: number;
  private readonly jobs = new Map<string, JobDefinition>();
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly running = new Map<string, Promise<void>>();
  private readonly rerun = new Set<string>();
  private stopped = true;
  private stopping = new AbortController();

  constructor(options: SchedulerOptions = {}) {
    this.minLeaseMs = options.minLeaseMs ?? 60_000;
  }

  register(job: JobDefinition): void {
    this.jobs.set(job.name, job);
  }

  start(): void {
    this.stopped = false;
    if (this.stopping.signal.aborted) this.stopping = new AbortController();
    for (const job of this.jobs.values()) {
      const timer = setInterval(() => void this.runNow(job.name), job.intervalMs);
      timer.unref();
      this.timers.set(job.name, timer);
      void this.runNow(job.name);
    }
  }

  /** Runs the job now, or once more right after the current run if it is running. */
  kick(name: string): void {
    if (this.stopped) return;
    if (this.running.has(name)) this.rerun.add(name);
    else void this.runNow(name);
  }

  /** Runs a job once and waits for it (tests call this with a controlled clock). */
  async runNow(name: string): Promise<void> {
    const job = this.jobs.get(name);
    if (!job) throw new Error(`unknown job ${name}`);
    const current = this.running.get(name);
    if (current) return current;
    const run = this.execute(job).finally(() => {
      this.running.delete(name);
      if (this.rerun.delete(name) && !this.stopped) void this.runNow(name);
    });
    this.running.set(name, run);
    return run;
  }

  private async execute(job: JobDefinition): Promise<void> {
    const leaseMs = Math.max(job.intervalMs * 4, this.minLeaseMs);
    try {
      if (job.exclusive && !(await acquireJobLease(job.name, this.owner, leaseMs))) return;
      const heartbeat = job.exclusive ? new LeaseHeartbeat(job.name, this.owner, leaseMs) : undefined;
      try {
        await job.run(clock.now(), this.stopping.signal);
      } finally {
        await heartbeat?.stop();
        if (job.exclusive) await releaseJobLease(job.name, this.owner);
      }
    } catch (err) {
      logger.error({ job: job.name, err: errorText(err) }, 'job failed');
    }
  }

  /** Stops the timers, tells running jobs to stop after their item in hand, and waits for them. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.stopping.abort();
    for (const timer of this.timers.values()) clearInterval(timer);
    this.timers.clear();
    await Promise.allSettled([...this.running.values()]);
  }

  names(): string[] {
    return [...this.jobs.keys()];
  }
}
