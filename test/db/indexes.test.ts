import mongoose from 'mongoose';
import { useTestDatabase } from '../support/db';

const db = useTestDatabase();

const userSchema = new mongoose.Schema({ lineUserId: { type: String, unique: true }, name: String });
const User = mongoose.model('IdxUser', userSchema);

const caseSchema = new mongoose.Schema({ municipality: String, caseNo: Number, ref: String, phone: String });
caseSchema.index({ municipality: 1, caseNo: 1 }, { unique: true });
caseSchema.index({ ref: 1 }, { unique: true, partialFilterExpression: { ref: { $type: 'string' } } });
caseSchema.index({ phone: 1 }, { unique: true, sparse: true });
const Case = mongoose.model('IdxCase', caseSchema);

beforeAll(async () => {
  await Promise.all([User.init(), Case.init()]);
});
beforeEach(() => db.clear());

function dupError(ns: string, index: string, key: string): RegExp {
  return new RegExp(`^E11000 duplicate key error collection: ${ns.replace('.', '\\.')} index: ${index} dup key: \\{ ${key} \\}$`);
}

describe('unique indexes', () => {
  test('when a second document repeats a unique field, then the insert fails with E11000, keyPattern and keyValue', async () => {
    await User.create({ lineUserId: 'U1', name: 'a' });
    const err = await User.create({ lineUserId: 'U1', name: 'b' }).catch((e: unknown) => e);
    expect(err).toMatchObject({ name: 'MongoServerError', code: 11000, keyPattern: { lineUserId: 1 }, keyValue: { lineUserId: 'U1' } });
    expect((err as Error).message).toMatch(dupError(`${db.dbName()}.${User.collection.name}`, 'lineUserId_1', 'lineUserId: "U1"'));
    expect(await User.countDocuments()).toBe(1);
  });

  test('when a compound unique key repeats, then it fails, and a different combination succeeds', async () => {
    await Case.create({ municipality: 'm1', caseNo: 1 });
    await Case.create({ municipality: 'm2', caseNo: 1 });
    const err = await Case.create({ municipality: 'm1', caseNo: 1 }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 11000, keyPattern: { municipality: 1, caseNo: 1 }, keyValue: { municipality: 'm1', caseNo: 1 } });
    expect((err as Error).message).toMatch(dupError(`${db.dbName()}.${Case.collection.name}`, 'municipality_1_caseNo_1', 'municipality: "m1", caseNo: 1'));
  });

  test('when documents fall outside a partial unique index, then they may repeat; inside it, they may not', async () => {
    await Case.create({ municipality: 'a', caseNo: 1 });
    await Case.create({ municipality: 'a', caseNo: 2 });
    await Case.create({ municipality: 'a', caseNo: 3, ref: 'R1' });
    await expect(Case.create({ municipality: 'a', caseNo: 4, ref: 'R1' })).rejects.toMatchObject({ code: 11000, keyValue: { ref: 'R1' } });
  });

  test('when documents lack a sparse unique field, then they may repeat the absence but not a value', async () => {
    await Case.create({ municipality: 's', caseNo: 1 });
    await Case.create({ municipality: 's', caseNo: 2 });
    await Case.create({ municipality: 's', caseNo: 3, phone: '081' });
    await expect(Case.create({ municipality: 's', caseNo: 4, phone: '081' })).rejects.toMatchObject({ code: 11000, keyValue: { phone: '081' } });
  });

  test('when an update or upsert would create a duplicate, then it fails and nothing changes', async () => {
    await User.create([{ lineUserId: 'U1' }, { lineUserId: 'U2' }]);
    await expect(User.updateOne({ lineUserId: 'U2' }, { $set: { lineUserId: 'U1' } })).rejects.toMatchObject({ code: 11000, keyValue: { lineUserId: 'U1' } });
    await expect(User.updateOne({ name: 'nobody' }, { $set: { lineUserId: 'U1' } }, { upsert: true })).rejects.toMatchObject({ code: 11000 });
    expect((await User.find().sort({ lineUserId: 1 }).lean()).map((u) => u.lineUserId)).toEqual(['U1', 'U2']);
  });

  test('when an update or an upsert repeats a compound unique key, then it fails with code 11000, keyPattern, keyValue and the E11000 message', async () => {
    await Case.create([{ municipality: 'm1', caseNo: 1 }, { municipality: 'm1', caseNo: 2 }]);
    const expected = {
      code: 11000,
      keyPattern: { municipality: 1, caseNo: 1 },
      keyValue: { municipality: 'm1', caseNo: 1 },
      message: expect.stringMatching(dupError(`${db.dbName()}.${Case.collection.name}`, 'municipality_1_caseNo_1', 'municipality: "m1", caseNo: 1')),
    };
    await expect(Case.updateOne({ caseNo: 2 }, { $set: { caseNo: 1 } })).rejects.toMatchObject(expected);
    await expect(Case.updateOne({ municipality: 'm1', caseNo: 1, phone: 'none' }, { $set: { ref: 'new' } }, { upsert: true })).rejects.toMatchObject(expected);
    expect((await Case.find().sort({ caseNo: 1 }).lean()).map((c) => c.caseNo)).toEqual([1, 2]);
  });

  test('when an update or an upsert repeats a key inside a partial unique index, then it fails with code 11000; outside the index it may repeat', async () => {
    await Case.create([{ municipality: 'p', caseNo: 1, ref: 'R1' }, { municipality: 'p', caseNo: 2 }]);
    const expected = {
      code: 11000,
      keyPattern: { ref: 1 },
      keyValue: { ref: 'R1' },
      message: expect.stringMatching(dupError(`${db.dbName()}.${Case.collection.name}`, 'ref_1', 'ref: "R1"')),
    };
    await expect(Case.updateOne({ caseNo: 2 }, { $set: { ref: 'R1' } })).rejects.toMatchObject(expected);
    await expect(Case.findOneAndUpdate({ caseNo: 3 }, { $set: { municipality: 'p', ref: 'R1' } }, { upsert: true })).rejects.toMatchObject(expected);
    // A number is outside the { ref: { $type: 'string' } } index: repeating it is allowed.
    await Case.collection.updateOne({ caseNo: 2 }, { $set: { ref: 7 } });
    await Case.collection.updateOne({ caseNo: 1 }, { $set: { ref: 7 } });
    expect(await Case.collection.countDocuments({ ref: 7 })).toBe(2);
  });

  test('when findOneAndUpdate would create a duplicate, then it fails with code 11000 and keyValue', async () => {
    await User.create([{ lineUserId: 'U1' }, { lineUserId: 'U2' }]);
    const err = await User.findOneAndUpdate({ lineUserId: 'U2' }, { $set: { lineUserId: 'U1' } }).catch((e: unknown) => e);
    expect(err).toMatchObject({ name: 'MongoServerError', code: 11000, keyPattern: { lineUserId: 1 }, keyValue: { lineUserId: 'U1' } });
  });

  test('when insertMany is unordered, then the other documents are inserted and the duplicate is reported', async () => {
    await User.create({ lineUserId: 'U1' });
    const err = await User.insertMany([{ lineUserId: 'U2' }, { lineUserId: 'U1' }, { lineUserId: 'U3' }], { ordered: false }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 11000 });
    expect((err as { writeErrors: Array<{ index: number }> }).writeErrors.map((w) => w.index)).toEqual([1]);
    expect(await User.countDocuments()).toBe(3);
  });

  test('when a duplicate _id is inserted, then the _id_ index reports it', async () => {
    const coll = mongoose.connection.db!.collection<{ _id: string }>('ids');
    await coll.insertOne({ _id: 'x' });
    await expect(coll.insertOne({ _id: 'x' })).rejects.toMatchObject({ code: 11000, keyPattern: { _id: 1 }, keyValue: { _id: 'x' } });
  });

  test('when a unique index is created over existing duplicates, then creation fails', async () => {
    const coll = mongoose.connection.db!.collection('dups');
    await coll.insertMany([{ k: 1 }, { k: 1 }]);
    await expect(coll.createIndex({ k: 1 }, { unique: true })).rejects.toMatchObject({ code: 11000 });
  });
});

describe('index management', () => {
  test('when indexes are listed, then the _id index and the schema indexes with their options appear', async () => {
    const indexes = await Case.collection.listIndexes().toArray();
    const byName = Object.fromEntries(indexes.map((i) => [i.name, i]));
    expect(Object.keys(byName).sort()).toEqual(['_id_', 'municipality_1_caseNo_1', 'phone_1', 'ref_1']);
    expect(byName.ref_1).toMatchObject({ key: { ref: 1 }, unique: true, partialFilterExpression: { ref: { $type: 'string' } } });
    expect(byName.phone_1).toMatchObject({ unique: true, sparse: true });
  });

  test('when an index is dropped, then duplicates are allowed again', async () => {
    const coll = mongoose.connection.db!.collection('dropme');
    await coll.createIndex({ code: 1 }, { unique: true });
    await coll.insertOne({ code: 'a' });
    await expect(coll.insertOne({ code: 'a' })).rejects.toMatchObject({ code: 11000 });
    await coll.dropIndex('code_1');
    await coll.insertOne({ code: 'a' });
    expect(await coll.countDocuments({ code: 'a' })).toBe(2);
  });

  test('when syncIndexes runs twice, then nothing changes and no error is raised', async () => {
    await Case.syncIndexes();
    expect(await Case.syncIndexes()).toEqual([]);
  });

  test('when an indexed field is queried by equality and $in, then the results match a scan', async () => {
    await User.insertMany(Array.from({ length: 50 }, (_, i) => ({ lineUserId: `U${i}`, name: i % 2 ? 'odd' : 'even' })));
    expect((await User.findOne({ lineUserId: 'U7' }).lean())?.name).toBe('odd');
    expect(await User.countDocuments({ lineUserId: { $in: ['U1', 'U2', 'nope'] } })).toBe(2);
    expect(await User.countDocuments({ lineUserId: 'U3', name: 'even' })).toBe(0);
  });
});
