import mongoose from 'mongoose';
import { Binary, Decimal128, Double, Int32, Long, ObjectId } from 'bson';
import { useTestDatabase } from '../support/db';

const db = useTestDatabase();

interface TypesDoc {
  oid: ObjectId;
  at: Date;
  dec: Decimal128;
  bin: Binary;
  long: Long;
  int: Int32;
  dbl: Double;
  nil: null;
}

const Person = mongoose.model(
  'Person',
  new mongoose.Schema({ name: String, age: Number, tags: [String], city: String }, { timestamps: true }),
);

beforeEach(() => db.clear());

describe('CRUD through mongoose', () => {
  test('when a document is created, then findById returns it with _id first and timestamps set', async () => {
    const created = await Person.create({ name: 'Somchai', age: 41, tags: ['a'] });
    const found = await Person.findById(created._id).lean();
    expect(found).toMatchObject({ name: 'Somchai', age: 41, tags: ['a'] });
    expect(Object.keys(found!)[0]).toBe('_id');
    expect(found!.createdAt).toBeInstanceOf(Date);
  });

  test('when documents are queried with sort, skip, limit and select, then the page is exact', async () => {
    await Person.insertMany([1, 2, 3, 4, 5].map((i) => ({ name: `p${i}`, age: i * 10 })));
    const page = await Person.find({}).sort({ age: -1 }).skip(1).limit(2).select({ name: 1, _id: 0 }).lean();
    expect(page).toEqual([{ name: 'p4' }, { name: 'p3' }]);
  });

  test('when updateOne and updateMany run, then matched and modified counts are reported', async () => {
    await Person.insertMany([{ name: 'a', age: 1 }, { name: 'b', age: 1 }, { name: 'c', age: 2 }]);
    // The native collection, so that mongoose's updatedAt does not make every match a modification.
    const one = await Person.collection.updateOne({ age: 1 }, { $set: { city: 'Chiang Mai' } });
    expect(one).toMatchObject({ matchedCount: 1, modifiedCount: 1 });
    const many = await Person.collection.updateMany({ age: 1 }, { $set: { city: 'Chiang Mai' } });
    expect(many).toMatchObject({ matchedCount: 2, modifiedCount: 1 });
    expect(await Person.countDocuments({ city: 'Chiang Mai' })).toBe(2);
  });

  test('when an upsert matches nothing, then a document is created from the filter and the update', async () => {
    const res = await Person.updateOne({ name: 'new' }, { $set: { age: 7 }, $setOnInsert: { city: 'Nan' } }, { upsert: true });
    expect(res.upsertedCount).toBe(1);
    expect(await Person.findOne({ name: 'new' }).lean()).toMatchObject({ name: 'new', age: 7, city: 'Nan' });
    await Person.updateOne({ name: 'new' }, { $set: { age: 8 }, $setOnInsert: { city: 'Other' } }, { upsert: true });
    expect(await Person.findOne({ name: 'new' }).lean()).toMatchObject({ age: 8, city: 'Nan' });
  });

  test('when findOneAndUpdate asks for the new document, then it gets it, and the old one otherwise', async () => {
    await Person.create({ name: 'x', age: 1 });
    const after = await Person.findOneAndUpdate({ name: 'x' }, { $inc: { age: 1 } }, { returnDocument: 'after' }).lean();
    expect(after?.age).toBe(2);
    const before = await Person.findOneAndUpdate({ name: 'x' }, { $inc: { age: 1 } }, { returnDocument: 'before' }).lean();
    expect(before?.age).toBe(2);
    const missing = await Person.findOneAndUpdate({ name: 'nobody' }, { $inc: { age: 1 } }).lean();
    expect(missing).toBeNull();
  });

  test('when findOneAndDelete and deleteMany run, then the documents are gone', async () => {
    await Person.insertMany([{ name: 'a', age: 1 }, { name: 'b', age: 2 }, { name: 'c', age: 3 }]);
    const removed = await Person.findOneAndDelete({ age: { $gte: 2 } }, { sort: { age: -1 } }).lean();
    expect(removed?.name).toBe('c');
    expect((await Person.deleteMany({ age: { $lt: 5 } })).deletedCount).toBe(2);
    expect(await Person.estimatedDocumentCount()).toBe(0);
  });

  test('when a document is replaced, then only the new fields remain and _id is kept', async () => {
    const p = await Person.create({ name: 'r', age: 1, city: 'Krabi' });
    await Person.collection.replaceOne({ _id: p._id }, { name: 'r2' });
    const found = await Person.collection.findOne({ _id: p._id });
    expect(found).toEqual({ _id: p._id, name: 'r2' });
  });

  test('when distinct runs, then each value (array elements included) appears once', async () => {
    await Person.insertMany([{ name: 'a', tags: ['x', 'y'] }, { name: 'b', tags: ['y', 'z'] }]);
    expect((await Person.distinct('tags')).sort()).toEqual(['x', 'y', 'z']);
  });
});

describe('BSON types', () => {
  test('when values of each BSON type are stored, then they come back with the same type and value', async () => {
    const coll = mongoose.connection.db!.collection<{ _id: string } & Record<string, unknown>>('types');
    const oid = new ObjectId();
    const at = new Date('2024-05-01T10:00:00.123Z');
    await coll.insertOne({
      _id: 'types',
      oid,
      at,
      dec: Decimal128.fromString('12.345'),
      bin: new Binary(Buffer.from([1, 2, 3])),
      long: Long.fromString('9007199254740993'),
      int: new Int32(7),
      dbl: new Double(2.5),
      nil: null,
      nested: { list: [1, 'two', { three: 3 }] },
    });
    const doc = (await coll.findOne({ _id: 'types' }, { promoteLongs: false, promoteValues: false })) as TypesDoc | null;
    expect(doc!.oid).toBeInstanceOf(ObjectId);
    expect(doc!.oid.equals(oid)).toBe(true);
    expect(doc!.at.getTime()).toBe(at.getTime());
    expect(doc!.dec).toBeInstanceOf(Decimal128);
    expect(doc!.dec.toString()).toBe('12.345');
    expect(doc!.bin).toBeInstanceOf(Binary);
    expect(Buffer.from(doc!.bin.buffer)).toEqual(Buffer.from([1, 2, 3]));
    expect(doc!.long).toBeInstanceOf(Long);
    expect(doc!.long.toString()).toBe('9007199254740993');
    expect(doc!.int).toBeInstanceOf(Int32);
    expect(doc!.dbl).toBeInstanceOf(Double);
    expect(doc!.nil).toBeNull();
    const plain = await coll.findOne({ _id: 'types' });
    expect(plain!.nested).toEqual({ list: [1, 'two', { three: 3 }] });
  });

  test('when a document is queried by ObjectId, Date or Decimal128, then equality and ranges work', async () => {
    const coll = mongoose.connection.db!.collection<{ _id: ObjectId; at: Date; dec: Decimal128 }>('typed');
    const ids = [new ObjectId(), new ObjectId(), new ObjectId()];
    await coll.insertMany(ids.map((_id, i) => ({ _id, at: new Date(Date.UTC(2024, 0, i + 1)), dec: Decimal128.fromString(`${i}.5`) })));
    expect(await coll.countDocuments({ _id: ids[1] })).toBe(1);
    expect(await coll.countDocuments({ _id: { $in: [ids[0], ids[2]] } })).toBe(2);
    expect(await coll.countDocuments({ _id: { $gt: ids[0] } })).toBe(2);
    expect(await coll.countDocuments({ at: { $gte: new Date(Date.UTC(2024, 0, 2)) } })).toBe(2);
    expect(await coll.countDocuments({ dec: Decimal128.fromString('1.5') })).toBe(1);
    const sorted = await coll.find({}).sort({ _id: -1 }).toArray();
    expect(sorted.map((d) => d._id.toHexString())).toEqual([...ids].reverse().map((i) => i.toHexString()));
  });

  test('when a field is undefined, then it is stored as null as the driver serialises it', async () => {
    const coll = mongoose.connection.db!.collection<{ _id: string; gone?: null }>('undef');
    await coll.insertOne({ _id: 'u', gone: undefined });
    expect(await coll.findOne({ _id: 'u' })).toEqual({ _id: 'u', gone: null });
  });
});
