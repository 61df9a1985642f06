import mongoose from 'mongoose';
import { useTestDatabase } from '../support/db';

useTestDatabase();

const Ticket = mongoose.model('Ticket', new mongoose.Schema({ n: Number, service: String }));
const coll = () => Ticket.collection;

beforeAll(async () => {
  await Ticket.insertMany(Array.from({ length: 250 }, (_, i) => ({ n: i, service: i % 2 ? 'odd' : 'even' })));
});

describe('cursors', () => {
  test('when more than 101 documents match, then find returns all of them in order through getMore', async () => {
    const all = await Ticket.find().sort({ n: 1 }).lean();
    expect(all).toHaveLength(250);
    expect(all.map((t) => t.n)).toEqual(Array.from({ length: 250 }, (_, i) => i));
  });

  test('when a batchSize is given, then each batch holds at most that many documents', async () => {
    const cursor = coll().find({}, { batchSize: 40 }).sort({ n: 1 });
    expect(await cursor.hasNext()).toBe(true);
    expect(cursor.bufferedCount()).toBe(40);
    expect(cursor.id?.isZero()).toBe(false);
    const ns: number[] = [];
    for await (const doc of cursor) ns.push(doc.n as number);
    expect(ns).toHaveLength(250);
    expect(cursor.id?.isZero()).toBe(true);
  });

  test('when iterating a mongoose cursor with a filter, then every matching document is seen once', async () => {
    const seen = new Set<number>();
    for await (const t of Ticket.find({ service: 'odd' }).batchSize(7).cursor()) seen.add(t.n!);
    expect(seen.size).toBe(125);
  });

  test('when a cursor is closed early, then a later getMore on its id fails with CursorNotFound', async () => {
    const session = mongoose.connection.getClient().startSession();
    try {
      const cursor = coll().find({}, { batchSize: 10, session });
      await cursor.next();
      const id = cursor.id!;
      await cursor.close();
      const err = await mongoose.connection.db!.command({ getMore: id, collection: coll().collectionName }, { session }).catch((e: unknown) => e);
      expect(err).toMatchObject({ code: 43 });
    } finally {
      await session.endSession();
    }
  });

  test('when limit is combined with skip and a small batchSize, then exactly the limited page arrives', async () => {
    const docs = await coll().find({}, { batchSize: 3 }).sort({ n: -1 }).skip(5).limit(12).toArray();
    expect(docs.map((d) => d.n)).toEqual(Array.from({ length: 12 }, (_, i) => 244 - i));
  });

  test('when an aggregate returns more than one batch, then all results arrive', async () => {
    const cursor = coll().aggregate([{ $match: { service: 'even' } }, { $project: { n: 1 } }], { batchSize: 10 });
    expect(await cursor.hasNext()).toBe(true);
    expect(cursor.bufferedCount()).toBe(10);
    expect(await cursor.toArray()).toHaveLength(125);
  });
});
