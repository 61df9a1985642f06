import { isDuplicateKeyError } from '../../shared/errors';
import { QueueSequenceModel } from './ticket.model';

/**
 * The next ticket number of a service on a Bangkok day, with its place in time: one atomic $inc
 * on an upserted counter that also keeps the latest time handed out ($max). Tickets are called by
 * (queuedAt, seq), and `now` is read when the event arrives, before slow work such as fetching a
 * new user's profile; so a later number could carry an earlier time and be called before a lower
 * label. Taking the time from the counter keeps it never decreasing as the number grows.
 * With a `limit`, the counter only moves while below it: a refused ticket takes no number.
 * Returns null when the limit is reached. A number once taken is never handed back: a ticket
 * whose insert reported an error may still have been stored, and its number reused would collide
 * with it on the unique (serviceCode, dayKey, seq) index for the rest of the day. A number left
 * unused is only a gap in the labels.
 */
export async function nextTicketSeq(serviceCode: string, dayKey: string, now: Date, limit = Infinity): Promise<{ seq: number; at: Date } | null> {
  const _id = `${serviceCode}:${dayKey}`;
  const underLimit = Number.isFinite(limit) ? { seq: { $lt: limit } } : {};
  for (let attempt = 0; ; attempt += 1) {
    try {
      const doc = await QueueSequenceModel.findOneAndUpdate({ _id, ...underLimit }, { $inc: { seq: 1 }, $max: { at: now } }, { upsert: true, returnDocument: 'after' }).lean<{ seq: number; at: Date }>();
      if (!doc) throw new Error('sequence upsert returned nothing');
      return { seq: doc.seq, at: doc.at };
    } catch (err) {
      // At the limit the filter misses and the upsert collides with the counter itself; otherwise
      // two first tickets of the day raced on the upsert and the loser retries the plain $inc.
      if (!isDuplicateKeyError(err) || attempt >= 3) throw err;
      const current = await QueueSequenceModel.findById(_id).lean<{ seq: number }>();
      if (current && current.seq >= limit) return null;
    }
  }
}
