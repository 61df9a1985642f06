import type { JobDefinition } from '../../jobs/scheduler';
import { bangkokDayKey } from '../../shared/dates';
import { logger } from '../../shared/logger';
import { getSettings } from '../municipality/settings';
import { pushNoShow } from './queue.notify';
import { recordQueueEvent } from './queue-event.model';
import { findActiveService } from './service.model';
import { QueueTicketModel, type QueueTicket } from './ticket.model';

const LEASE_MS = 60_000;

/**
 * Marks called tickets that were not served within settings.queue.noShowMinutes of their first
 * call as no-shows and tells the citizen (who may rejoin once); a ticket whose citizen the officer
 * marked as arrived is being served, never a no-show. Each ticket is claimed with a
 * lease, so several instances never handle the same one; a crashed run is taken over when the
 * lease runs out. Returns how many were marked.
 */
export async function markNoShows(now: Date): Promise<number> {
  const { noShowMinutes } = (await getSettings()).queue;
  const cutoff = new Date(now.getTime() - noShowMinutes * 60_000);
  let marked = 0;
  for (let i = 0; i < 500; i += 1) {
    const claimed = await QueueTicketModel.findOneAndUpdate(
      { status: 'called', firstCalledAt: { $lte: cutoff }, arrivedAt: { $exists: false }, $or: [{ leaseUntil: { $exists: false } }, { leaseUntil: null }, { leaseUntil: { $lte: now } }] },
      { $set: { leaseUntil: new Date(now.getTime() + LEASE_MS) } },
      { sort: { firstCalledAt: 1 }, returnDocument: 'after' },
    ).lean<QueueTicket>();
    if (!claimed) break;
    try {
      const ticket = await QueueTicketModel.findOneAndUpdate(
        { _id: claimed._id, status: 'called', firstCalledAt: claimed.firstCalledAt, arrivedAt: { $exists: false } },
        { $set: { status: 'no_show', active: false, closedAt: now }, $unset: { leaseUntil: 1 } },
        { returnDocument: 'after' },
      ).lean<QueueTicket>();
      if (!ticket) continue;
      marked += 1;
      await recordQueueEvent({ type: 'no_show', ticket, officerId: ticket.officerId, counterNo: ticket.counterNo, at: now });
      const service = await findActiveService(ticket.serviceCode);
      if (service) await pushNoShow(ticket, service, noShowMinutes);
    } catch (err) {
      logger.error({ ticketId: claimed._id.toString(), err: err instanceof Error ? err.message : String(err) }, 'queue no-show failed');
    }
  }
  return marked;
}

/** Yesterday's (and older) tickets still waiting or called expire: the day rolled over at midnight Bangkok time. */
export async function expireOldTickets(now: Date): Promise<number> {
  const result = await QueueTicketModel.updateMany(
    { dayKey: { $lt: bangkokDayKey(now) }, status: { $in: ['waiting', 'called'] } },
    { $set: { status: 'expired', active: false, closedAt: now }, $unset: { leaseUntil: 1 } },
  );
  return result.modifiedCount;
}

export const QUEUE_TIMER_JOB = 'queue.timers';

/** Every 30 seconds: no-shows, then the day's rollover. */
export const queueTimersJob: JobDefinition = {
  name: QUEUE_TIMER_JOB,
  intervalMs: 30_000,
  async run(now) {
    const expired = await expireOldTickets(now);
    const noShows = await markNoShows(now);
    return { expired, noShows };
  },
};
