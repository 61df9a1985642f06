import mongoose from 'mongoose';
import { onRealMongo, useTestDatabase } from '../support/db';

useTestDatabase();

const db = () => mongoose.connection.db!;

beforeAll(async () => {
  await db().collection('things').insertMany([{ a: 1 }, { a: 2 }]);
});

describe('unsupported commands and operators', () => {
  test('when an unknown command is sent, then it fails with CommandNotFound naming the command', async () => {
    await expect(db().command({ frobnicate: 1 })).rejects.toMatchObject({ code: 59, message: expect.stringContaining('frobnicate') });
  });

  test('when a query uses an unknown operator, then it fails with BadValue naming the operator', async () => {
    await expect(db().collection('things').find({ a: { $frob: 1 } }).toArray()).rejects.toMatchObject({ code: 2, message: expect.stringContaining('$frob') });
  });

  test('when an update uses an unknown modifier, then it fails naming the modifier and changes nothing', async () => {
    await expect(db().collection('things').updateOne({ a: 1 }, { $frob: { a: 5 } } as never)).rejects.toMatchObject({
      code: 9,
      message: expect.stringContaining('$frob'),
    });
    expect(await db().collection('things').countDocuments({ a: 1 })).toBe(1);
  });

  test('when a pipeline uses an unknown stage, then it fails naming the stage', async () => {
    await expect(db().collection('things').aggregate([{ $frob: {} }]).toArray()).rejects.toMatchObject({
      code: 40324,
      message: expect.stringContaining('$frob'),
    });
  });

  test('when an expression uses an unknown operator, then the aggregate fails naming it', async () => {
    await expect(db().collection('things').aggregate([{ $project: { x: { $frobnicate: ['$a'] } } }]).toArray()).rejects.toMatchObject({
      message: expect.stringContaining('$frobnicate'),
    });
  });

  (onRealMongo ? test.skip : test)('when a pipeline ends in $out, then the embedded server refuses it instead of writing nothing', async () => {
    await expect(db().collection('things').aggregate([{ $out: 'copy' }]).toArray()).rejects.toMatchObject({ message: expect.stringContaining('$out') });
  });

  (onRealMongo ? test.skip : test)('when a pipeline uses $setWindowFields, even nested in $facet, then the embedded server refuses it naming the stage', async () => {
    const window = { $setWindowFields: { sortBy: { a: 1 }, output: { total: { $sum: '$a' } } } };
    await expect(db().collection('things').aggregate([window]).toArray()).rejects.toMatchObject({ code: 40324, message: expect.stringContaining('$setWindowFields is not supported') });
    await expect(db().collection('nothing_here').aggregate([{ $facet: { w: [window] } }]).toArray()).rejects.toMatchObject({ message: expect.stringContaining('$setWindowFields') });
  });

  (onRealMongo ? test.skip : test)('when a filter or expression uses server-side JavaScript, then the embedded server refuses it naming the operator', async () => {
    await expect(db().collection('things').find({ $where: 'this.a > 1' }).toArray()).rejects.toMatchObject({ message: expect.stringContaining('$where is not supported') });
    const fn = { $function: { body: 'function() { return 1 }', args: [], lang: 'js' } };
    await expect(db().collection('nothing_here').aggregate([{ $project: { x: fn } }]).toArray()).rejects.toMatchObject({ message: expect.stringContaining('$function is not supported') });
  });

  (onRealMongo ? test.skip : test)('when find asks for min, max or returnKey, then the embedded server refuses the option instead of ignoring it', async () => {
    await expect(db().collection('things').find({}, { returnKey: true }).toArray()).rejects.toMatchObject({ message: expect.stringContaining("'returnKey'") });
  });

  (onRealMongo ? test.skip : test)('when a transaction is started, then the standalone embedded server refuses it as MongoDB does', async () => {
    const session = mongoose.connection.getClient().startSession();
    try {
      session.startTransaction();
      // The driver rewords the server's "Transaction numbers are only allowed on a replica set member" (code 20).
      await expect(db().collection('things').insertOne({ a: 3 }, { session })).rejects.toThrow(/does not support retryable writes|Transaction numbers/);
    } finally {
      await session.endSession();
    }
  });
});
