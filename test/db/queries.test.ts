import { Double, Long } from 'bson';
import mongoose from 'mongoose';
import { useTestDatabase } from '../support/db';

const db = useTestDatabase();

interface Row {
  _id: number;
  tags?: number[];
  notes?: Array<{ by: string; score: number }>;
}

const coll = () => mongoose.connection.db!.collection<Row>('rows');

beforeEach(async () => {
  await db.clear();
  await coll().insertMany([
    { _id: 1, tags: [1, 5], notes: [{ by: 'a', score: 3 }, { by: 'b', score: 8 }] },
    { _id: 2, tags: [3], notes: [{ by: 'b', score: 1 }] },
    { _id: 3, tags: [2, 4], notes: [] },
  ]);
});

describe('repeated values in $in', () => {
  test('when _id $in repeats a value (also as 1.0 and Long), then each document is returned and counted once', async () => {
    const ids = [1, 1, new Double(1), Long.fromNumber(1), 2] as unknown as number[];
    expect((await coll().find({ _id: { $in: ids } }).toArray()).map((d) => d._id)).toEqual([1, 2]);
    expect(await coll().countDocuments({ _id: { $in: ids } })).toBe(2);
    expect(await coll().countDocuments({ _id: { $in: [3, 3] } })).toBe(1);
    expect((await mongoose.connection.db!.command({ count: 'rows', query: { _id: { $in: [1, 1] } } })).n).toBe(1);
  });

  test('when updateMany and deleteMany select _id $in with repeats, then each document is counted once', async () => {
    expect(await coll().updateMany({ _id: { $in: [1, 1, 2] } }, { $set: { seen: true } })).toMatchObject({ matchedCount: 2, modifiedCount: 2 });
    expect((await coll().deleteMany({ _id: { $in: [2, 2, 3, 3] } })).deletedCount).toBe(2);
    expect(await coll().countDocuments()).toBe(1);
  });
});

describe('comparisons mingo gets wrong', () => {
  test('when $gte or $lte is null, then documents where the field is null or missing match', async () => {
    await coll().insertMany([{ _id: 4, tags: null as never }, { _id: 5, tags: [7] }]);
    expect((await coll().find({ tags: { $gte: null } } as never).sort({ _id: 1 }).toArray()).map((d) => d._id)).toEqual([4]);
    expect((await coll().find({ notes: { $lte: null } } as never).sort({ _id: 1 }).toArray()).map((d) => d._id)).toEqual([4, 5]);
  });

  test('when $in is not given an array, then the query fails with BadValue', async () => {
    await expect(coll().find({ _id: { $in: 5 } } as never).toArray()).rejects.toMatchObject({ code: 2, message: expect.stringContaining('$in needs an array') });
  });
});

describe('find options', () => {
  test('when the count command has skip and limit, then n counts only that window', async () => {
    const count = (extra: object) => mongoose.connection.db!.command({ count: 'rows', query: { _id: { $gte: 1 } }, ...extra }).then((r) => r.n as number);
    expect(await count({ skip: 1 })).toBe(2);
    expect(await count({ limit: 2 })).toBe(2);
    expect(await count({ skip: 2, limit: 5 })).toBe(1);
    expect(await count({ skip: 5 })).toBe(0);
  });

  test('when sorted by { $natural: -1 }, then documents come in reverse insertion order', async () => {
    await coll().insertOne({ _id: 0 });
    expect((await coll().find({}).sort({ $natural: -1 }).toArray()).map((d) => d._id)).toEqual([0, 3, 2, 1]);
    expect((await coll().find({}).sort({ $natural: 1 }).toArray()).map((d) => d._id)).toEqual([1, 2, 3, 0]);
  });

  test('when a hint names no existing index, then find fails with BadValue; an existing index is accepted', async () => {
    await expect(coll().find({}).hint('nope_1').toArray()).rejects.toMatchObject({ code: 2, message: expect.stringContaining('hint provided does not correspond to an existing index') });
    await expect(coll().find({}).hint({ nope: 1 }).toArray()).rejects.toMatchObject({ code: 2 });
    expect(await coll().find({ _id: 1 }).hint({ _id: 1 }).toArray()).toHaveLength(1);
  });

  test('when a tailable cursor is asked for on a normal collection, then find fails as MongoDB does', async () => {
    await expect(coll().find({}, { tailable: true }).toArray()).rejects.toMatchObject({ code: 2, message: expect.stringContaining('tailable cursor requested on non capped collection') });
  });

  test('when an array field is sorted descending, then each document sorts by its largest element (ascending: its smallest)', async () => {
    expect((await coll().find({}).sort({ tags: -1 }).toArray()).map((d) => d._id)).toEqual([1, 3, 2]);
    expect((await coll().find({}).sort({ tags: 1 }).toArray()).map((d) => d._id)).toEqual([1, 3, 2]);
    expect((await coll().find({}).sort({ 'notes.score': -1 }).toArray()).map((d) => d._id)).toEqual([1, 2, 3]);
  });

  test('when a positional projection names the array the query matched, then the matching element alone is returned', async () => {
    expect(await coll().find({ tags: 5 }, { projection: { 'tags.$': 1 } }).toArray()).toEqual([{ _id: 1, tags: [5] }]);
    const byNote = await coll().find({ 'notes.by': 'b', _id: 1 }, { projection: { 'notes.$': 1 } }).toArray();
    expect(byNote).toEqual([{ _id: 1, notes: [{ by: 'b', score: 8 }] }]);
  });
});
