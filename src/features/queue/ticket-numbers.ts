import mongoose, { Schema } from 'mongoose';
import { clock } from '../../shared/clock';
import { conflict, isDuplicateKeyError } from '../../shared/errors';
import { QueueSequenceModel } from './ticket.model';

/**
 * The next ticket number of a service on a Bangkok day, with its place in time: one atomic $inc
 * on an upserted counter that also keeps the latest time handed out ($max). Tickets are called by
 * (queuedAt, seq), and `now` is read when the event arrives, before slow work such as fetching a
 * new user's profile; so a later number could carry an earlier time and be called before a lower
 * label. Taking the time from the counter keeps it never decreasing as the number grows.
 * With a `limit`, the counter only moves while below it: a refused ticket takes no number.
 * Returns null when the limit is reached.
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

/** Hands a number back when the ticket could not be stored, if no later number was taken since. */
export async function giveBackNumber(serviceCode: string, dayKey: string, seq: number): Promise<void> {
  await QueueSequenceModel.updateOne({ _id: `${serviceCode}:${dayKey}`, seq }, { $inc: { seq: -1 } });
}

/**
 * A citizen's right to make a ticket for one service on one day, held while it is made: two
 * taps at once wait for each other instead of both taking a number. `until` ends the hold of a
 * crashed instance; `expireAt` lets the database drop forgotten holds.
 */
const slotSchema = new Schema({ _id: { type: String }, until: { type: Date, required: true }, expireAt: { type: Date } }, { collection: 'queue_ticket_slots', versionKey: false });
slotSchema.index({ expireAt: 1 }, { expireAfterSeconds: 0 });
const TicketSlotModel = mongoose.model('QueueTicketSlot', slotSchema);

const SLOT_HOLD_MS = 30_000;
const SLOT_WAIT_TRIES = 80;
const SLOT_WAIT_STEP_MS = 25;

async function holdSlot(key: string, now: Date): Promise<Date | null> {
  const until = new Date(now.getTime() + SLOT_HOLD_MS);
  try {
    await TicketSlotModel.updateOne({ _id: key, until: { $lte: now } }, { $set: { until, expireAt: clock.ttlAt(new Date(now.getTime() + 3_600_000)) } }, { upsert: true });
    return until;
  } catch (err) {
    if (isDuplicateKeyError(err)) return null;
    throw err;
  }
}

/**
 * Runs `work` while holding the citizen's slot for the service and day; waits (about two
 * seconds at most) while another request holds it, then asks the citizen to try again.
 */
export async function withCitizenSlot<T>(slot: { citizenId: string; serviceCode: string; dayKey: string }, now: Date, work: () => Promise<T>): Promise<T> {
  const key = `${slot.citizenId}:${slot.serviceCode}:${slot.dayKey}`;
  for (let i = 0; i < SLOT_WAIT_TRIES; i += 1) {
    const until = await holdSlot(key, now);
    if (until) {
      try {
        return await work();
      } finally {
        await TicketSlotModel.deleteOne({ _id: key, until });
      }
    }
    await new Promise((resolve) => setTimeout(resolve, SLOT_WAIT_STEP_MS));
  }
  throw conflict('queue.take.busy');
}
