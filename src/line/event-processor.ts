import { randomUUID } from 'node:crypto';
import { clock } from '../shared/clock';
import { KEY_WAIT_MS } from '../shared/crypto';
import { errorText, logger } from '../shared/logger';
import { holdBackLaterEvents, runEvent, type EventHandler, type FailureHandler, type EventRunOptions, type StoredEvent } from './event-run';
import { SourceLease } from './source-lease';
import { SourceLeaseModel, WebhookEventModel } from './webhook-event.model';

export type { EventHandler, FailureHandler } from './event-run';

export interface ProcessorOptions {
  /** Users processed at the same time (one user's events never run concurrently). */
  concurrency?: number;
  maxAttempts?: number;
  /** How long a user's lease lasts without a heartbeat: the wait before a crashed instance's users resume. */
  leaseMs?: number;
  pollMs?: number;
  /** Delay before retry n (1-based). */
  retryDelayMs?: (attempt: number) => number;
  /** Delay before another try of an event sealed with a data key this instance does not have. */
  keyWaitMs?: number;
}

const DEFAULT_LEASE_MS = 15_000;

/** A user's events run in one turn, at most; then the slot goes to whoever has waited longest. */
const EVENTS_PER_TURN = 10;

/** How a user's turn ended: nothing ran, some ran, or its full share ran (more may be waiting). */
type TurnEnd = 'idle' | 'worked' | 'full';

/** Due users fetched per query, per free slot: a finished turn starts the next without a query. */
const QUEUED_PER_SLOT = 2;

const defaultRetryDelay = (attempt: number) => Math.min(1000 * 2 ** (attempt - 1), 60_000);

/**
 * Processes stored webhook events: per user in timestamp order, different users in parallel. A
 * pool of `concurrency` slots: every kick, poll and finished turn gives free slots to users with
 * due events, oldest first; a user's turn runs a few events under that user's lease, so that a
 * slow or busy user never holds up the others.
 *
 * The webhook names the users it stored events for, so they are queued without asking the
 * database; only the poll (retries, other instances' work, a crash's leftovers), a drain, and a
 * search whose page was full query for due users.
 */
export class EventProcessor {
  private readonly owner = randomUUID();
  private readonly opts: Required<ProcessorOptions>;
  private readonly eventRun: EventRunOptions;
  private timer: NodeJS.Timeout | undefined;
  /** The turns running now, by user: the pool's busy slots. */
  private readonly turns = new Map<string, Promise<boolean>>();
  /** Users found due and not started yet, oldest first. */
  private queue: string[] = [];
  /** Users whose new events were stored while their turn ran (the turn had read its batch). */
  private readonly arrivedWhileBusy = new Set<string>();
  /** A query for due users is wanted: the poll asked, or the last page was full. */
  private searchDue = false;
  private filling: Promise<void> | undefined;
  private fillAgain = false;
  /** Started: kicks, the poll and finished turns start more work. */
  private running = false;
  /** Stopping: a turn ends before its next event, and nothing new starts. */
  private halted = false;

  constructor(
    handle: EventHandler,
    onFailed: FailureHandler,
    options: ProcessorOptions = {},
  ) {
    this.opts = { concurrency: 16, maxAttempts: 5, leaseMs: DEFAULT_LEASE_MS, pollMs: 1000, retryDelayMs: defaultRetryDelay, keyWaitMs: KEY_WAIT_MS, ...options };
    const { maxAttempts, retryDelayMs, keyWaitMs } = this.opts;
    this.eventRun = { handle, onFailed, maxAttempts, retryDelayMs, keyWaitMs };
  }

  /** Starts polling; events left unfinished by a crash are picked up once their lease runs out. */
  start(): void {
    if (this.running) return;
    this.running = true;
    this.halted = false;
    this.timer = setInterval(() => this.kick(), this.opts.pollMs);
    this.timer.unref();
    this.kick();
  }

  /**
   * Gives free slots to users with due events now. The webhook names the users it stored events
   * for; without names (the poll) the database is asked who is due.
   */
  kick(sources?: string[]): void {
    if (!this.running) return;
    if (sources) this.enqueue(sources);
    else this.searchDue = true;
    void this.fill();
  }

  private enqueue(sources: string[]): void {
    for (const source of sources) {
      if (this.turns.has(source)) this.arrivedWhileBusy.add(source);
      else if (!this.queue.includes(source)) this.queue.push(source);
    }
  }

  /** Processes until nothing is due (tests use it, whether or not the processor was started). */
  async drain(): Promise<void> {
    let idleRounds = 0;
    while (!this.halted && idleRounds < 2) {
      this.searchDue = true;
      await this.fill();
      if (this.turns.size === 0) return;
      const worked = await Promise.all([...this.turns.values()]);
      idleRounds = worked.some(Boolean) ? 0 : idleRounds + 1;
    }
  }

  /** Stops: the events in hand finish, every other event stays pending for the next start. */
  async stop(): Promise<void> {
    this.running = false;
    this.halted = true;
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    this.queue = [];
    this.arrivedWhileBusy.clear();
    await this.filling;
    await Promise.allSettled([...this.turns.values()]);
  }

  /** One fill at a time; asks made meanwhile are answered by one more round. */
  private fill(): Promise<void> {
    if (this.filling) {
      this.fillAgain = true;
      return this.filling;
    }
    this.filling = this.fillRounds().finally(() => {
      this.filling = undefined;
    });
    return this.filling;
  }

  private async fillRounds(): Promise<void> {
    do {
      this.fillAgain = false;
      try {
        await this.startDueTurns();
      } catch (err) {
        logger.error({ err: errorText(err) }, 'finding due webhook events failed');
        return;
      }
    } while (this.fillAgain && !this.halted);
  }

  private freeSlots(): number {
    return this.halted ? 0 : this.opts.concurrency - this.turns.size;
  }

  /** Gives free slots to the queued users, then, when a search is wanted, to users found due. */
  private async startDueTurns(): Promise<void> {
    this.startQueuedTurns();
    const limit = this.opts.concurrency * QUEUED_PER_SLOT;
    while (this.searchDue && this.freeSlots() > 0) {
      // Cleared first: a poll during the query asks for another round.
      this.searchDue = false;
      const found = await this.findDueSources(limit);
      // A full page may have left due users out.
      if (found.length === limit) this.searchDue = true;
      // Added, not replaced: a user whose turn ended meanwhile may have been queued again.
      this.enqueue(found);
      this.startQueuedTurns();
    }
  }

  /** Starts turns for queued users, first come first served, while slots are free; no query. */
  private startQueuedTurns(): void {
    this.queue = this.queue.filter((source) => {
      if (!this.turns.has(source)) return true;
      this.arrivedWhileBusy.add(source);
      return false;
    });
    while (this.freeSlots() > 0 && this.queue.length > 0) this.startTurn(this.queue.shift() as string);
  }

  /**
   * Users with a due event and nobody's running lease, the longest waiting first: one entry per
   * user, so one user's long backlog cannot fill the list.
   */
  private async findDueSources(limit: number): Promise<string[]> {
    const now = clock.now();
    const leased = await SourceLeaseModel.find({ leaseUntil: { $gt: now } }, { _id: 1 }).lean();
    const busy = [...new Set([...leased.map((lease) => String(lease._id)), ...this.turns.keys()])];
    const due = await WebhookEventModel.aggregate<{ _id: string }>([
      { $match: { status: 'pending', nextAttemptAt: { $lte: now }, sourceKey: { $nin: busy } } },
      { $group: { _id: '$sourceKey', oldest: { $min: '$timestamp' } } },
      { $sort: { oldest: 1, _id: 1 } },
      { $limit: limit },
    ]);
    return due.map((d) => d._id);
  }

  /**
   * Runs a turn in a slot. A user whose turn ran its full share may have more waiting, and one
   * whose new events arrived meanwhile has: they go to the end of the queue, behind whoever waits,
   * instead of a query over every pending event (one per turn would make a long backlog cost its
   * square).
   */
  private startTurn(sourceKey: string): void {
    const turn = this.runTurn(sourceKey)
      .catch((err: unknown): TurnEnd => {
        logger.error({ err: errorText(err) }, 'event processing turn failed');
        return 'idle';
      })
      .then((end) => {
        this.turns.delete(sourceKey);
        const more = this.arrivedWhileBusy.delete(sourceKey) || end === 'full';
        if (more && !this.halted) this.queue.push(sourceKey);
        if (this.running) void this.fill();
        return end !== 'idle';
      });
    this.turns.set(sourceKey, turn);
  }

  /** Runs a few of one user's events in order while holding the user's lease. */
  private async runTurn(sourceKey: string): Promise<TurnEnd> {
    const lease = await SourceLease.acquire(sourceKey, this.owner, this.opts.leaseMs);
    if (!lease) return 'idle';
    let ran = 0;
    let finished = 0;
    try {
      const batch = await WebhookEventModel.find({ sourceKey, status: 'pending' }).sort({ timestamp: 1, receivedAt: 1 }).limit(EVENTS_PER_TURN).lean<StoredEvent[]>();
      for (const event of batch) {
        if (this.halted || !(await lease.stillHeld())) break;
        if (event.nextAttemptAt.getTime() > clock.nowMs()) {
          await holdBackLaterEvents(sourceKey, event.nextAttemptAt);
          break;
        }
        ran += 1;
        if ((await runEvent(event, this.eventRun)) === 'retry') break;
        finished += 1;
      }
    } finally {
      await lease.release();
    }
    if (finished === EVENTS_PER_TURN) return 'full';
    return ran > 0 ? 'worked' : 'idle';
  }
}
