import { Binary, Decimal128, Long, ObjectId, Timestamp } from 'bson';
import mongoose from 'mongoose';
import { useTestDatabase } from '../support/db';

useTestDatabase();

const coll = () => mongoose.connection.db!.collection<{ _id: string; v?: unknown }>('typed_values');

beforeAll(async () => {
  await coll().insertMany([
    { _id: 'oid', v: new ObjectId() },
    { _id: 'bin', v: new Binary(Buffer.from([1, 2, 3])) },
    { _id: 'long', v: Long.fromNumber(5) },
    { _id: 'dec', v: Decimal128.fromString('1.5') },
    { _id: 'int', v: 7 },
    { _id: 'double', v: 2.5 },
    { _id: 'str', v: 'x' },
    { _id: 'null', v: null },
    { _id: 'missing' },
    { _id: 'date', v: new Date(0) },
    { _id: 'bool', v: true },
    { _id: 'ts', v: new Timestamp({ t: 1, i: 1 }) },
    { _id: 'obj', v: { a: 1 } },
    { _id: 'arrOfStr', v: ['a', 'b'] },
    { _id: 'arrMixed', v: [1, 'a'] },
    { _id: 'emptyArr', v: [] },
  ]);
});

const ids = async (type: unknown) => (await coll().find({ v: { $type: type } } as never).sort({ _id: 1 }).toArray()).map((d) => d._id);

describe('$type in queries', () => {
  test.each<[string, unknown, string[]]>([
    ['objectId', 'objectId', ['oid']],
    ['code 7 (ObjectId)', 7, ['oid']],
    ['binData', 'binData', ['bin']],
    ['long', 'long', ['long']],
    ['code 18 (long)', 18, ['long']],
    ['decimal', 'decimal', ['dec']],
    ['int', 'int', ['arrMixed', 'int']],
    ['double', 'double', ['double']],
    ['number', 'number', ['arrMixed', 'dec', 'double', 'int', 'long']],
    ['string (also an array element)', 'string', ['arrMixed', 'arrOfStr', 'str']],
    ['null (not missing)', 'null', ['null']],
    ['date', 'date', ['date']],
    ['bool', 'bool', ['bool']],
    ['timestamp', 'timestamp', ['ts']],
    ['object', 'object', ['obj']],
    ['array', 'array', ['arrMixed', 'arrOfStr', 'emptyArr']],
    ['a list of types', ['objectId', 'decimal'], ['dec', 'oid']],
  ])('when filtering with $type %s, then exactly the values of that BSON type match', async (_name, type, expected) => {
    expect(await ids(type)).toEqual(expected);
  });

  test('when $type is negated or used in $or, then it composes like any operator', async () => {
    const notString = await coll().find({ v: { $exists: true, $not: { $type: 'string' } } } as never).toArray();
    expect(notString.map((d) => d._id)).not.toContain('str');
    expect(notString.map((d) => d._id)).toContain('long');
    const either = await coll().find({ $or: [{ v: { $type: 'long' } }, { v: { $type: 'bool' } }] } as never).sort({ _id: 1 }).toArray();
    expect(either.map((d) => d._id)).toEqual(['bool', 'long']);
  });

  test('when $type names an unknown alias, then the query fails with BadValue naming it', async () => {
    await expect(ids('objectid')).rejects.toMatchObject({ code: 2, message: expect.stringContaining('objectid') });
  });
});
