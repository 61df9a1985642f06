import type { JobDefinition } from '../../jobs/scheduler';
import { bangkokDayKey } from '../../shared/dates';
import { errorText, logger } from '../../shared/logger';
import { getSettings } from '../municipality/settings';
import { servesLaterToday } from './opening-hours';
import { notifyAhead } from './queue.notify';
import { completeStaleSteps, completeSteps, newStep } from './queue-steps';
import { findService } from './service.model';
import { QueueTicketModel, type QueueTicket } from './ticket.model';

const LEASE_MS = 60_000;
const BATCH = 500;

/** Whether a no-show may rejoin: once, and only while the counters still serve today. */
async function mayRejoin(ticket: QueueTicket, now: Date): Promise<boolean> {
  if (ticket.rejoinCount >= 1) return false;
  const service = await findService(ticket.serviceCode);
  return !!service && service.active && servesLaterToday(service, now);
}

/**
 * Marks called tickets that were not served within settings.queue.noShowMinutes of their first
 * call as no-shows; the citizen (or, for a walk-in, the officer who called it) is told, with a
 * rejoin while the counters still serve today. A ticket whose citizen the officer marked as
 * arrived is being served, never a no-show. Each ticket is claimed with a lease, so several
 * instances never handle the same one, and a crashed run is taken over when the lease runs out;
 * the mark and its follow-ups are one update (queue-steps.ts). Returns how many were marked.
 */
export async function markNoShows(now: Date): Promise<number> {
  const { noShowMinutes } = (await getSettings()).queue;
  const cutoff = new Date(now.getTime() - noShowMinutes * 60_000);
  let marked = 0;
  for (let i = 0; i < BATCH; i += 1) {
    const claimed = await QueueTicketModel.findOneAndUpdate(
      { status: 'called', firstCalledAt: { $lte: cutoff }, arrivedAt: { $exists: false }, $or: [{ leaseUntil: { $exists: false } }, { leaseUntil: null }, { leaseUntil: { $lte: now } }] },
      { $set: { leaseUntil: new Date(now.getTime() + LEASE_MS) } },
      { sort: { firstCalledAt: 1 }, returnDocument: 'after' },
    ).lean<QueueTicket>();
    if (!claimed) break;
    try {
      const step = newStep('no_show', now, { officerId: claimed.officerId, counterNo: claimed.counterNo, canRejoin: await mayRejoin(claimed, now) });
      const ticket = await QueueTicketModel.findOneAndUpdate(
        { _id: claimed._id, status: 'called', firstCalledAt: claimed.firstCalledAt, arrivedAt: { $exists: false } },
        { $set: { status: 'no_show', active: false, closedAt: now }, $unset: { leaseUntil: 1 }, $push: { pendingSteps: step } },
        { returnDocument: 'after' },
      ).lean<QueueTicket>();
      if (!ticket) continue;
      marked += 1;
      await completeSteps(ticket);
    } catch (err) {
      logger.error({ ticketId: claimed._id.toString(), err: errorText(err) }, 'queue no-show failed');
    }
  }
  return marked;
}

/**
 * Yesterday's (and older) tickets still waiting or called lapse: the day rolled over at midnight
 * Bangkok time. Each holder is told (in the morning), with when the service opens next.
 */
export async function expireOldTickets(now: Date): Promise<number> {
  const today = bangkokDayKey(now);
  let expired = 0;
  for (let round = 0; round < 20; round += 1) {
    const old = await QueueTicketModel.find({ dayKey: { $lt: today }, status: { $in: ['waiting', 'called'] } }, { status: 1, callCount: 1, counterNo: 1 })
      .limit(BATCH)
      .lean<Pick<QueueTicket, '_id' | 'status' | 'callCount' | 'counterNo'>[]>();
    if (old.length === 0) break;
    for (const t of old) {
      const ticket = await QueueTicketModel.findOneAndUpdate(
        { _id: t._id, status: t.status, callCount: t.callCount },
        { $set: { status: 'expired', active: false, closedAt: now }, $unset: { leaseUntil: 1 }, $push: { pendingSteps: newStep('expired', now, { counterNo: t.status === 'called' ? t.counterNo : undefined }) } },
        { returnDocument: 'after' },
      ).lean<QueueTicket>();
      if (!ticket) continue;
      expired += 1;
      await completeSteps(ticket);
    }
  }
  return expired;
}

/** Today's queues are checked for anyone newly within "N ahead" (a push lost to a crash is sent here). */
async function notifyAheadEverywhere(now: Date): Promise<void> {
  const dayKey = bangkokDayKey(now);
  const codes: unknown[] = await QueueTicketModel.distinct('serviceCode', { dayKey, status: 'waiting', aheadNotified: false });
  for (const code of codes) {
    const service = await findService(String(code));
    if (service) await notifyAhead(service, dayKey);
  }
}

export const QUEUE_TIMER_JOB = 'queue.timers';

/** Every 30 seconds: the day's rollover, no-shows, then follow-ups left behind by a crash. */
export const queueTimersJob: JobDefinition = {
  name: QUEUE_TIMER_JOB,
  intervalMs: 30_000,
  async run(now) {
    const expired = await expireOldTickets(now);
    const noShows = await markNoShows(now);
    const resumed = await completeStaleSteps(now);
    await notifyAheadEverywhere(now);
    return { expired, noShows, resumed };
  },
};
