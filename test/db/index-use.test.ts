import mongoose from 'mongoose';
import { onRealMongo, useTestDatabase } from '../support/db';

// Reads the embedded server's own counter; on a shared real MongoDB other clients move it too.
const describeEmbedded = onRealMongo ? describe.skip : describe;

useTestDatabase();

const coll = () => mongoose.connection.db!.collection<{ _id: number; email: string; ref?: string; n: number }>('people');

/** Documents the server examined while `op` ran (serverStatus metrics.queryExecutor.scannedObjects). */
async function examined(op: () => Promise<unknown>): Promise<number> {
  const read = async () => (await mongoose.connection.db!.admin().serverStatus()).metrics.queryExecutor.scannedObjects as number;
  const before = await read();
  await op();
  return (await read()) - before;
}

beforeAll(async () => {
  await coll().createIndex({ email: 1 }, { unique: true });
  await coll().createIndex({ ref: 1 }, { unique: true, partialFilterExpression: { ref: { $type: 'string' } } });
  await coll().insertMany(Array.from({ length: 500 }, (_, i) => ({ _id: i, email: `u${i}@x`, n: i, ...(i % 2 ? { ref: `r${i}` } : {}) })));
});

describeEmbedded('the index planner behind the commands', () => {
  test('when find, update, delete, count and findAndModify name an indexed field, then only the matching documents are examined', async () => {
    expect(await examined(() => coll().findOne({ email: 'u7@x' }))).toBe(1);
    expect(await examined(() => coll().updateOne({ email: 'u8@x' }, { $set: { seen: true } }))).toBe(1);
    expect(await examined(() => coll().deleteOne({ email: 'u9@x' }))).toBe(1);
    expect(await examined(() => coll().countDocuments({ email: { $in: ['u1@x', 'u2@x', 'nobody'] } }))).toBe(2);
    expect(await examined(() => coll().findOneAndUpdate({ email: 'u10@x' }, { $inc: { n: 1 } }))).toBe(1);
    expect(await coll().countDocuments({ email: 'u9@x' })).toBe(0);
  });

  test('when a lookup names a field under a partial unique index with a value its filter admits, then the partial index is used', async () => {
    expect(await examined(() => coll().findOne({ ref: 'r11' }))).toBe(1);
    expect(await examined(() => coll().updateOne({ ref: 'r13' }, { $set: { seen: true } }))).toBe(1);
  });

  test('when no index covers the filter, then every document is examined (the counter sees scans)', async () => {
    const all = await coll().countDocuments();
    expect(await examined(() => coll().find({ n: 5 }).toArray())).toBe(all);
  });

  test('when _id $in repeats a value, then the document is examined and returned once', async () => {
    expect(await examined(() => coll().find({ _id: { $in: [3, 3, 3] } }).toArray())).toBe(1);
  });
});
