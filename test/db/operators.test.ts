import mongoose from 'mongoose';
import { useTestDatabase } from '../support/db';

const db = useTestDatabase();

interface Case {
  _id: string;
  status?: string;
  priority?: number;
  tags?: string[];
  notes?: Array<{ by: string; score: number }>;
  title?: string;
  closedAt?: Date | null;
}

const coll = () => mongoose.connection.db!.collection<Case>('cases');

const seed: Case[] = [
  { _id: 'c1', status: 'open', priority: 1, tags: ['road', 'light'], notes: [{ by: 'a', score: 3 }], title: 'Broken street light' },
  { _id: 'c2', status: 'open', priority: 3, tags: ['water'], notes: [{ by: 'b', score: 5 }, { by: 'a', score: 1 }], title: 'Water pipe leak' },
  { _id: 'c3', status: 'closed', priority: 2, tags: [], notes: [], title: 'Stray dogs', closedAt: new Date('2024-01-01') },
  { _id: 'c4', status: 'in_progress', priority: 5, tags: ['road'], title: 'Pothole on road', closedAt: null },
];

async function ids(filter: object): Promise<string[]> {
  return (await coll().find(filter).sort({ _id: 1 }).toArray()).map((d) => d._id);
}

beforeEach(async () => {
  await db.clear();
  await coll().insertMany(seed);
});

describe('query operators', () => {
  test.each<[string, object, string[]]>([
    ['$eq', { status: { $eq: 'open' } }, ['c1', 'c2']],
    ['$ne', { status: { $ne: 'open' } }, ['c3', 'c4']],
    ['$gt', { priority: { $gt: 2 } }, ['c2', 'c4']],
    ['$gte', { priority: { $gte: 2 } }, ['c2', 'c3', 'c4']],
    ['$lt', { priority: { $lt: 2 } }, ['c1']],
    ['$lte', { priority: { $lte: 2 } }, ['c1', 'c3']],
    ['$in', { status: { $in: ['closed', 'in_progress'] } }, ['c3', 'c4']],
    ['$nin', { status: { $nin: ['closed', 'in_progress'] } }, ['c1', 'c2']],
    ['$exists true', { closedAt: { $exists: true } }, ['c3', 'c4']],
    ['$exists false', { closedAt: { $exists: false } }, ['c1', 'c2']],
    ['null matches null and missing', { closedAt: null }, ['c1', 'c2', 'c4']],
    ['$regex', { title: { $regex: '^w', $options: 'i' } }, ['c2']],
    ['regex literal', { title: /road/ }, ['c4']],
    ['$and', { $and: [{ status: 'open' }, { priority: { $gt: 1 } }] }, ['c2']],
    ['$or', { $or: [{ status: 'closed' }, { priority: 5 }] }, ['c3', 'c4']],
    ['$not', { priority: { $not: { $gt: 2 } } }, ['c1', 'c3']],
    ['$elemMatch', { notes: { $elemMatch: { by: 'a', score: { $gte: 3 } } } }, ['c1']],
    ['$size', { tags: { $size: 0 } }, ['c3']],
    ['$all', { tags: { $all: ['road', 'light'] } }, ['c1']],
    ['array contains', { tags: 'road' }, ['c1', 'c4']],
    ['dotted path into array', { 'notes.by': 'b' }, ['c2']],
  ])('when filtering with %s, then exactly the matching documents are returned', async (_name, filter, expected) => {
    expect(await ids(filter)).toEqual(expected);
  });
});

describe('update operators', () => {
  test('when $set, $unset, $inc, $min, $max and $currentDate are applied, then each field changes as MongoDB does', async () => {
    const before = Date.now();
    await coll().updateOne(
      { _id: 'c1' },
      { $set: { status: 'accepted', 'meta.officer': 'o1' }, $unset: { title: '' }, $inc: { priority: 2, views: 1 }, $currentDate: { updatedAt: true } },
    );
    await coll().updateOne({ _id: 'c2' }, { $min: { priority: 1 }, $max: { score: 10 } });
    const c1 = (await coll().findOne({ _id: 'c1' })) as Record<string, unknown>;
    expect(c1).toMatchObject({ status: 'accepted', meta: { officer: 'o1' }, priority: 3, views: 1 });
    expect(c1.title).toBeUndefined();
    expect((c1.updatedAt as Date).getTime()).toBeGreaterThanOrEqual(before - 1000);
    expect(await coll().findOne({ _id: 'c2' })).toMatchObject({ priority: 1, score: 10 });
  });

  test('when $push with $each and $slice, $pull and $addToSet are applied, then arrays change as MongoDB does', async () => {
    await coll().updateOne({ _id: 'c1' }, { $push: { tags: { $each: ['a', 'b', 'c'], $slice: -3 } } });
    expect((await coll().findOne({ _id: 'c1' }))!.tags).toEqual(['a', 'b', 'c']);
    await coll().updateOne({ _id: 'c1' }, { $pull: { tags: 'b' } });
    await coll().updateOne({ _id: 'c1' }, { $addToSet: { tags: { $each: ['a', 'd'] } } });
    expect((await coll().findOne({ _id: 'c1' }))!.tags).toEqual(['a', 'c', 'd']);
    await coll().updateOne({ _id: 'c2' }, { $pull: { notes: { score: { $lt: 3 } } } });
    expect((await coll().findOne({ _id: 'c2' }))!.notes).toEqual([{ by: 'b', score: 5 }]);
  });

  test('when arrayFilters and the positional $ operator are used, then only the selected elements change', async () => {
    await coll().updateOne({ _id: 'c2' }, { $set: { 'notes.$[n].score': 0 } }, { arrayFilters: [{ 'n.by': 'a' }] });
    expect((await coll().findOne({ _id: 'c2' }))!.notes).toEqual([{ by: 'b', score: 5 }, { by: 'a', score: 0 }]);
    await coll().updateOne({ _id: 'c2', 'notes.by': 'b' }, { $inc: { 'notes.$.score': 1 } });
    expect((await coll().findOne({ _id: 'c2' }))!.notes).toEqual([{ by: 'b', score: 6 }, { by: 'a', score: 0 }]);
  });

  test('when $setOnInsert is used without an insert, then it changes nothing', async () => {
    const res = await coll().updateOne({ _id: 'c1' }, { $setOnInsert: { status: 'x' } }, { upsert: true });
    expect(res).toMatchObject({ matchedCount: 1, modifiedCount: 0, upsertedCount: 0 });
    expect((await coll().findOne({ _id: 'c1' }))!.status).toBe('open');
  });

  test('when an update pipeline is used, then fields are computed from the document', async () => {
    await coll().updateOne({ _id: 'c1' }, [{ $set: { label: { $concat: ['$status', '-', '$title'] } } }]);
    expect(await coll().findOne({ _id: 'c1' })).toMatchObject({ label: 'open-Broken street light' });
  });

  test('when $inc targets a string, then the update fails with a type error instead of doing nothing', async () => {
    await expect(coll().updateOne({ _id: 'c1' }, { $inc: { status: 1 } as never })).rejects.toMatchObject({ code: 14 });
  });

  test('when an update would change _id, then it is refused, but setting it to its own value is allowed', async () => {
    await expect(coll().updateOne({ _id: 'c1' }, { $set: { _id: 'other' } })).rejects.toMatchObject({ code: 66 });
    await coll().updateOne({ _id: 'c1' }, { $set: { _id: 'c1', status: 'same-id' } });
    expect((await coll().findOne({ _id: 'c1' }))!.status).toBe('same-id');
  });
});
