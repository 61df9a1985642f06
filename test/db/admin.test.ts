import mongoose from 'mongoose';
import { onRealMongo, useTestDatabase } from '../support/db';

const db = useTestDatabase();

const client = () => mongoose.connection.getClient();
const names = async (filter: object) => (await client().db('admin').admin().listDatabases({ filter, nameOnly: true } as never)).databases.map((d) => d.name);

describe('databases', () => {
  test('when listDatabases has a filter, then only the databases it matches are listed', async () => {
    await mongoose.connection.db!.collection('present').insertOne({ x: 1 });
    expect(await names({ name: db.dbName() })).toEqual([db.dbName()]);
    expect(await names({ name: `${db.dbName()}_absent` })).toEqual([]);
    const full = await client().db('admin').admin().listDatabases({ filter: { name: db.dbName() } } as never);
    expect(full.databases).toEqual([expect.objectContaining({ name: db.dbName(), empty: false })]);
  });

  test('when a database is dropped, then its collections and documents are gone and it is no longer listed', async () => {
    const other = client().db(`${db.dbName()}_drop`);
    await other.collection('a').insertMany([{ n: 1 }, { n: 2 }]);
    await other.collection('b').createIndex({ n: 1 });
    expect(await names({ name: other.databaseName })).toEqual([other.databaseName]);
    await other.dropDatabase();
    expect(await names({ name: other.databaseName })).toEqual([]);
    expect(await other.listCollections().toArray()).toEqual([]);
    expect(await other.collection('a').countDocuments()).toBe(0);
  });
});

describe('collections created with options', () => {
  test('when a collection is created with a collation, then it keeps it and its queries and sorts use it by default', async () => {
    await mongoose.connection.db!.createCollection('people_ci', { collation: { locale: 'en', strength: 2 } });
    const [info] = await mongoose.connection.db!.listCollections({ name: 'people_ci' }).toArray();
    expect((info as { options?: unknown }).options).toMatchObject({ collation: { locale: 'en', strength: 2 } });
    const people = mongoose.connection.db!.collection('people_ci');
    await people.insertMany([{ name: 'Somchai' }, { name: 'anan' }, { name: 'Boonmee' }]);
    expect(await people.countDocuments({ name: 'somchai' })).toBe(1);
    expect((await people.find({}).sort({ name: 1 }).toArray()).map((p) => p.name)).toEqual(['anan', 'Boonmee', 'Somchai']);
  });

  (onRealMongo ? test.skip : test)('when create asks for an option the embedded server does not implement, then it is refused naming the option', async () => {
    await expect(mongoose.connection.db!.createCollection('capped_log', { capped: true, size: 4096 })).rejects.toMatchObject({ message: expect.stringContaining("'capped'") });
    expect(await mongoose.connection.db!.listCollections({ name: 'capped_log' }).toArray()).toEqual([]);
  });

  (onRealMongo ? test.skip : test)('when a unique index would compare by a collation, then the embedded server refuses it rather than compare binary', async () => {
    await mongoose.connection.db!.createCollection('codes_ci', { collation: { locale: 'en', strength: 2 } });
    await expect(mongoose.connection.db!.collection('codes_ci').createIndex({ code: 1 }, { unique: true })).rejects.toMatchObject({ message: expect.stringContaining('collation') });
  });
});
