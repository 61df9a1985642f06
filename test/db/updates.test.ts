import { Timestamp } from 'bson';
import mongoose from 'mongoose';
import { useTestDatabase } from '../support/db';

const db = useTestDatabase();

interface Item {
  _id: string;
  a?: unknown;
  str?: unknown;
  nums?: number[];
  notes?: Array<{ by: string; score: number }>;
  at?: Date;
  ts?: unknown;
  n?: number | null;
}

const coll = () => mongoose.connection.db!.collection<Item>('items');
const get = (id: string) => coll().findOne({ _id: id });

beforeEach(async () => {
  await db.clear();
  await coll().insertMany([
    { _id: 'i1', a: 1, str: 'abc', nums: [1, 2], notes: [{ by: 'a', score: 1 }, { by: 'b', score: 2 }], at: new Date('2024-05-01T00:00:00Z'), n: null },
    { _id: 'i2', str: ['x', 'y'] },
  ]);
});

describe('conflicting update paths', () => {
  test('when $set and $setOnInsert name the same field, then the update fails with code 40 instead of merging', async () => {
    const both = { $set: { a: 2 }, $setOnInsert: { a: 3 } };
    await expect(coll().updateOne({ _id: 'new' }, both, { upsert: true })).rejects.toMatchObject({ code: 40, message: expect.stringContaining("would create a conflict at 'a'") });
    await expect(coll().updateOne({ _id: 'i1' }, both)).rejects.toMatchObject({ code: 40 });
    expect(await get('new')).toBeNull();
    expect((await get('i1'))!.a).toBe(1);
  });

  test('when an update writes a field and its parent, then it fails with code 40', async () => {
    await expect(coll().updateOne({ _id: 'i1' }, { $set: { a: { b: 1 }, 'a.b': 2 } })).rejects.toMatchObject({ code: 40 });
    await expect(coll().updateOne({ _id: 'i1' }, { $inc: { 'notes.0.score': 1 }, $unset: { notes: '' } })).rejects.toMatchObject({ code: 40 });
  });
});

describe('update operators mingo would get wrong', () => {
  test('when $currentDate asks for a timestamp, then a BSON Timestamp is stored; a date gives a Date', async () => {
    await coll().updateOne({ _id: 'i1' }, { $currentDate: { ts: { $type: 'timestamp' }, at: { $type: 'date' } } } as never);
    const doc = await get('i1');
    expect(doc!.ts).toBeInstanceOf(Timestamp);
    expect(doc!.at).toBeInstanceOf(Date);
    expect(await coll().countDocuments({ ts: { $type: 'timestamp' } })).toBe(1);
  });

  test('when $inc targets every element of something that is not an array of numbers, then it fails as MongoDB does', async () => {
    await expect(coll().updateOne({ _id: 'i1' }, { $inc: { 'str.$[]': 1 } } as never)).rejects.toMatchObject({ code: 2, message: expect.stringContaining('non-array') });
    await expect(coll().updateOne({ _id: 'i2' }, { $inc: { 'str.$[]': 1 } } as never)).rejects.toMatchObject({ code: 14 });
    await coll().updateOne({ _id: 'i1' }, { $inc: { 'nums.$[]': 10 } });
    expect((await get('i1'))!.nums).toEqual([11, 12]);
  });

  test('when $inc targets null or a field inside a number, then it fails instead of silently doing nothing', async () => {
    await expect(coll().updateOne({ _id: 'i1' }, { $inc: { n: 1 } })).rejects.toMatchObject({ code: 14 });
    await expect(coll().updateOne({ _id: 'i1' }, { $set: { 'a.b': 1 } })).rejects.toMatchObject({ code: 28 });
  });

  test('when $push with $each and $sort creates the array, then the modifiers still apply; onto a non-array it fails', async () => {
    await coll().updateOne({ _id: 'i2' }, { $push: { nums: { $each: [3, 1, 2], $sort: -1, $slice: 2 } } });
    expect((await get('i2'))!.nums).toEqual([3, 2]);
    await expect(coll().updateOne({ _id: 'i1' }, { $push: { str: 'more' } } as never)).rejects.toMatchObject({ code: 2, message: expect.stringContaining('must be an array') });
    await expect(coll().updateOne({ _id: 'i1' }, { $pull: { str: 'abc' } } as never)).rejects.toMatchObject({ code: 2 });
    expect((await get('i1'))!.str).toBe('abc');
  });

  test('when $max is given a Date, then it replaces only an earlier date', async () => {
    await coll().updateOne({ _id: 'i1' }, { $max: { at: new Date('2024-01-01T00:00:00Z') } });
    expect((await get('i1'))!.at).toEqual(new Date('2024-05-01T00:00:00Z'));
    await coll().updateOne({ _id: 'i1' }, { $max: { at: new Date('2024-06-01T00:00:00Z') } });
    expect((await get('i1'))!.at).toEqual(new Date('2024-06-01T00:00:00Z'));
    await coll().updateOne({ _id: 'i2' }, { $max: { at: new Date('2024-06-01T00:00:00Z') } });
    expect((await get('i2'))!.at).toEqual(new Date('2024-06-01T00:00:00Z'));
  });
});

describe('findAndModify', () => {
  test('when it asks for fields, then the returned document is projected and the stored one is whole', async () => {
    const after = await coll().findOneAndUpdate({ _id: 'i1' }, { $set: { a: 5 } }, { projection: { a: 1, _id: 0 }, returnDocument: 'after' });
    expect(after).toEqual({ a: 5 });
    expect((await get('i1'))!.str).toBe('abc');
  });

  test('when it has arrayFilters, then only the selected elements change', async () => {
    const after = await coll().findOneAndUpdate({ _id: 'i1' }, { $inc: { 'notes.$[n].score': 10 } }, { arrayFilters: [{ 'n.by': 'b' }], returnDocument: 'after' });
    expect(after!.notes).toEqual([{ by: 'a', score: 1 }, { by: 'b', score: 12 }]);
  });

  test('when it asks for both remove and an update, then it is refused as MongoDB refuses it and nothing changes', async () => {
    const cmd = { findAndModify: 'items', query: { _id: 'i1' }, remove: true, update: { $set: { a: 9 } } };
    await expect(mongoose.connection.db!.command(cmd)).rejects.toMatchObject({ code: 9, message: expect.stringContaining('remove') });
    expect((await get('i1'))!.a).toBe(1);
  });
});
