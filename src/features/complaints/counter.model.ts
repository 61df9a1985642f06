import mongoose, { Schema } from 'mongoose';
import { isDuplicateKeyError } from '../../shared/errors';

/** Sequences shared by the application (`counters` collection), one document per key. */
const counterSchema = new Schema({ _id: { type: String, required: true }, seq: { type: Number, required: true, default: 0 } }, { collection: 'counters', versionKey: false });
export const CounterModel = mongoose.model('ComplaintCounter', counterSchema);

/**
 * The next number of a sequence, atomically: `$inc` with upsert. Two first-ever increments can
 * race to insert the key on a real replica set; the loser retries and then finds it.
 */
export async function nextSequence(key: string): Promise<number> {
  for (let attempt = 0; ; attempt += 1) {
    try {
      const doc = await CounterModel.findOneAndUpdate({ _id: key }, { $inc: { seq: 1 } }, { upsert: true, returnDocument: 'after' }).lean<{ seq: number }>();
      if (!doc) throw new Error(`counter ${key} not returned`);
      return doc.seq;
    } catch (err) {
      if (!isDuplicateKeyError(err) || attempt >= 3) throw err;
    }
  }
}
