import { Decimal128, Long } from 'bson';
import mongoose from 'mongoose';
import { onRealMongo, useTestDatabase } from '../support/db';

const db = useTestDatabase();

interface Amount {
  _id: string;
  v: unknown;
  kind?: string;
}

const coll = () => mongoose.connection.db!.collection<Amount>('amounts');
const ids = async (filter: object, sort: object = { _id: 1 }) => (await coll().find(filter).sort(sort as never).toArray()).map((d) => d._id);

beforeEach(async () => {
  await db.clear();
  await coll().insertMany([
    { _id: 'int9', v: 9, kind: 'a' },
    { _id: 'long10', v: Long.fromNumber(10), kind: 'a' },
    { _id: 'dbl9.5', v: 9.5, kind: 'b' },
    { _id: 'dec2.5', v: Decimal128.fromString('2.5'), kind: 'b' },
    { _id: 'dec100', v: Decimal128.fromString('1.00E+2'), kind: 'b' },
    { _id: 'bigLong', v: Long.fromString('9007199254740993'), kind: 'a' },
  ]);
});

describe('Long and Decimal128 compare as numbers', () => {
  test('when ranges mix ints, doubles, Longs and Decimal128s, then each value compares by its numeric value', async () => {
    expect(await ids({ v: { $gt: 9.5 } })).toEqual(['bigLong', 'dec100', 'long10']);
    expect(await ids({ v: { $lt: Long.fromNumber(10) } })).toEqual(['dbl9.5', 'dec2.5', 'int9']);
    expect(await ids({ v: { $gte: Decimal128.fromString('9.50') } })).toEqual(['bigLong', 'dbl9.5', 'dec100', 'long10']);
    expect(await ids({ v: { $lte: 2.5 } })).toEqual(['dec2.5']);
  });

  test('when equality or $in names a number of another type, then numerically equal values match', async () => {
    expect(await ids({ v: 10 })).toEqual(['long10']);
    expect(await ids({ v: Decimal128.fromString('100') })).toEqual(['dec100']);
    expect(await ids({ v: { $in: [Long.fromNumber(9), 2.5] } })).toEqual(['dec2.5', 'int9']);
    expect(await ids({ v: { $ne: 100 } })).toHaveLength(5);
    expect(await ids({ v: Long.fromString('9007199254740992') })).toEqual([]);
  });

  test('when sorted, then Longs and Decimal128s take their numeric place among the other numbers', async () => {
    expect(await ids({}, { v: 1 })).toEqual(['dec2.5', 'int9', 'dbl9.5', 'long10', 'dec100', 'bigLong']);
    expect(await ids({}, { v: -1 })).toEqual(['bigLong', 'dec100', 'long10', 'dbl9.5', 'int9', 'dec2.5']);
  });

  test('when an aggregation does not compute on the Long or Decimal128 fields, then it runs', async () => {
    expect(await coll().countDocuments({ kind: 'a' })).toBe(3);
    const byKind = await coll().aggregate([{ $group: { _id: '$kind', n: { $sum: 1 } } }, { $sort: { _id: 1 } }]).toArray();
    expect(byKind).toEqual([{ _id: 'a', n: 3 }, { _id: 'b', n: 3 }]);
  });
});

describe('Decimal128 in unique indexes', () => {
  test('when decimals differ beyond double precision, then they are different keys; 1.0 and 1.00 are the same key', async () => {
    const prices = mongoose.connection.db!.collection<{ p: Decimal128 | number }>('prices');
    await prices.createIndex({ p: 1 }, { unique: true });
    await prices.insertOne({ p: Decimal128.fromString('1.0000000000000000000001') });
    await prices.insertOne({ p: Decimal128.fromString('1.0') });
    await expect(prices.insertOne({ p: Decimal128.fromString('1.00') })).rejects.toMatchObject({ code: 11000 });
    await expect(prices.insertOne({ p: 1 })).rejects.toMatchObject({ code: 11000 });
    // Decimal128 0.1 is exactly 0.1; the double 0.1 is not, so they are different values.
    await prices.insertOne({ p: Decimal128.fromString('0.1') });
    await prices.insertOne({ p: 0.1 });
    expect(await prices.countDocuments()).toBe(4);
  });
});

(onRealMongo ? describe.skip : describe)('aggregation on Long and Decimal128 (refused by the embedded server)', () => {
  test('when $group sums or takes the $max of a field holding Longs, then the aggregate is refused naming the type, field and stage', async () => {
    await expect(coll().aggregate([{ $group: { _id: null, total: { $sum: '$v' } } }]).toArray()).rejects.toMatchObject({
      message: expect.stringMatching(/cannot compute on (Long|Decimal128) values \(field 'v'\) in \$group/),
    });
    await expect(coll().aggregate([{ $match: { kind: 'a' } }, { $group: { _id: null, top: { $max: '$v' } } }]).toArray()).rejects.toMatchObject({
      message: expect.stringContaining("Long values (field 'v') in $group"),
    });
  });

  test('when $inc targets a Long, then the update is refused naming the operator and type, and nothing changes', async () => {
    await expect(coll().updateOne({ _id: 'long10' }, { $inc: { v: 1 } } as never)).rejects.toMatchObject({ message: expect.stringContaining('$inc with a Long value') });
    expect((await coll().findOne({ _id: 'long10' }, { promoteLongs: false }))!.v).toEqual(Long.fromNumber(10));
  });
});
