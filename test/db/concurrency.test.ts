import mongoose from 'mongoose';
import { useTestDatabase } from '../support/db';

useTestDatabase();

const Counter = mongoose.model('Counter', new mongoose.Schema({ _id: String, seq: { type: Number, default: 0 } }));
const Slot = mongoose.model('Slot', new mongoose.Schema({ day: String, taken: { type: Number, default: 0 } }));

describe('atomic single-document writes', () => {
  test('when 200 increments run in parallel, then each caller gets a distinct value and the total is 200', async () => {
    await Counter.create({ _id: 'C2569', seq: 0 });
    const values = await Promise.all(
      Array.from({ length: 200 }, () =>
        Counter.findOneAndUpdate({ _id: 'C2569' }, { $inc: { seq: 1 } }, { returnDocument: 'after' }).lean().then((d) => d!.seq),
      ),
    );
    expect(new Set(values).size).toBe(200);
    expect(Math.max(...values)).toBe(200);
    expect((await Counter.findById('C2569').lean())!.seq).toBe(200);
  });

  test('when 50 parallel callers claim a slot guarded by a condition, then exactly the capacity is granted', async () => {
    await Slot.create({ day: 'mon', taken: 0 });
    const results = await Promise.all(
      Array.from({ length: 50 }, () => Slot.findOneAndUpdate({ day: 'mon', taken: { $lt: 10 } }, { $inc: { taken: 1 } }, { returnDocument: 'after' }).lean()),
    );
    expect(results.filter(Boolean)).toHaveLength(10);
    expect((await Slot.findOne({ day: 'mon' }).lean())!.taken).toBe(10);
  });
});
