import { clock } from '../shared/clock';
import { isDuplicateKeyError } from '../shared/errors';
import { errorText, logger } from '../shared/logger';
import { SourceLeaseModel } from './webhook-event.model';

function leaseFields(owner: string, untilMs: number) {
  const leaseUntil = new Date(untilMs);
  return { owner, leaseUntil, expireAt: clock.ttlAt(leaseUntil) };
}

/**
 * The right to run one source's (user's, group's) events, held in MongoDB so that two instances
 * never run the same user's events at once. It is short and renewed by a heartbeat while its
 * holder works, so a crashed holder's users are resumed within one lease; a holder that could not
 * renew in time, and was overtaken, learns it before its next event and stops.
 */
export class SourceLease {
  private untilMs: number;
  private lost = false;
  private readonly heartbeat: NodeJS.Timeout;

  private constructor(
    private readonly sourceKey: string,
    private readonly owner: string,
    private readonly leaseMs: number,
    untilMs: number,
  ) {
    this.untilMs = untilMs;
    this.heartbeat = setInterval(() => void this.renewQuietly(), Math.max(Math.floor(leaseMs / 3), 10));
    this.heartbeat.unref();
  }

  /** Takes the source's lease, unless another holder's lease is still running. */
  static async acquire(sourceKey: string, owner: string, leaseMs: number): Promise<SourceLease | undefined> {
    const now = clock.nowMs();
    try {
      const taken = await SourceLeaseModel.findOneAndUpdate(
        { _id: sourceKey, leaseUntil: { $lte: new Date(now) } },
        { $set: leaseFields(owner, now + leaseMs) },
        { upsert: true, returnDocument: 'after', projection: { _id: 1 } },
      ).lean();
      return taken ? new SourceLease(sourceKey, owner, leaseMs, now + leaseMs) : undefined;
    } catch (err) {
      // Someone else's running lease: the upsert's insert met its _id.
      if (isDuplicateKeyError(err)) return undefined;
      throw err;
    }
  }

  /** True while the lease is ours; renews it first when less than half of it is left. */
  async stillHeld(): Promise<boolean> {
    if (this.lost) return false;
    if (this.untilMs - clock.nowMs() > this.leaseMs / 2) return true;
    return this.renew();
  }

  /** Gives the source back at once, for the next turn (ours or another instance's). */
  async release(): Promise<void> {
    clearInterval(this.heartbeat);
    await SourceLeaseModel.deleteOne({ _id: this.sourceKey, owner: this.owner });
  }

  private async renew(): Promise<boolean> {
    if (this.lost) return false;
    const untilMs = clock.nowMs() + this.leaseMs;
    // Only while still ours: once another instance took it over, it is lost for good.
    const renewed = await SourceLeaseModel.updateOne({ _id: this.sourceKey, owner: this.owner }, { $set: leaseFields(this.owner, untilMs) });
    if (renewed.matchedCount === 1) this.untilMs = untilMs;
    else this.lost = true;
    return !this.lost;
  }

  private async renewQuietly(): Promise<void> {
    try {
      await this.renew();
    } catch (err) {
      // The next event's check renews again, or stops the turn once the lease has run out.
      logger.warn({ err: errorText(err) }, 'event lease heartbeat failed');
    }
  }
}
