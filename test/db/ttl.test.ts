import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { MongoClient } from 'mongodb';
import { startEmbeddedMongo, type EmbeddedMongo } from '../../src/db/embedded';
import { Store } from '../../src/db/embedded/storage';
import { liveDocs, sweepExpired } from '../../src/db/embedded/ttl';
import { onRealMongo } from '../support/db';

// Real MongoDB sweeps TTL indexes once a minute, too slow for a unit suite: embedded only.
const describeEmbedded = onRealMongo ? describe.skip : describe;

async function withServer(ttlSweepMs: number, fn: (client: MongoClient) => Promise<void>, dataFile?: string): Promise<void> {
  const server: EmbeddedMongo = await startEmbeddedMongo({ ttlSweepMs, dataFile });
  const client = await MongoClient.connect(server.uri);
  try {
    await fn(client);
  } finally {
    await client.close();
    await server.stop();
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Polls `check` every 100 ms for up to 15 s (generous: CI machines can be busy). */
async function eventually(check: () => Promise<boolean>): Promise<boolean> {
  for (const until = Date.now() + 15_000; Date.now() < until; await sleep(100)) if (await check()) return true;
  return false;
}

describeEmbedded('TTL indexes', () => {
  // estimatedDocumentCount is the count command without a query: the collection's stored size,
  // which (as in MongoDB) still includes expired documents until the sweep removes them.
  test('when a document passes its expiry, then the sweep removes it from storage and keeps the others', async () => {
    await withServer(50, async (client) => {
      const coll = client.db('ttl').collection('sessions');
      await coll.createIndex({ expiresAt: 1 }, { expireAfterSeconds: 0 });
      await coll.insertMany([
        { _id: 'soon', expiresAt: new Date(Date.now() + 3000) },
        { _id: 'later', expiresAt: new Date(Date.now() + 600_000) },
        { _id: 'no-date', expiresAt: 'tomorrow' },
      ] as never[]);
      expect(await coll.estimatedDocumentCount()).toBe(3);
      expect(await eventually(async () => (await coll.estimatedDocumentCount()) === 2)).toBe(true);
      const ids = (await coll.find({}, { projection: { _id: 1 } }).toArray()).map((d) => d._id);
      expect(ids.sort()).toEqual(['later', 'no-date']);
    });
  });

  test('when the sweep has removed an expired document, then it is gone from the data file too', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'embedded-ttl-'));
    const file = path.join(dir, 'db.bson');
    try {
      await withServer(
        50,
        async (client) => {
          const coll = client.db('ttl').collection('leases');
          await coll.createIndex({ at: 1 }, { expireAfterSeconds: 0 });
          await coll.insertMany([{ _id: 'old', at: new Date(Date.now() - 10_000) }, { _id: 'new', at: new Date(Date.now() + 600_000) }] as never[]);
          expect(await eventually(async () => (await coll.estimatedDocumentCount()) === 1)).toBe(true);
        },
        file,
      );
      // Restarted without a sweep in reach; with the TTL index gone nothing hides an expired document.
      await withServer(
        3_600_000,
        async (client) => {
          const coll = client.db('ttl').collection('leases');
          await coll.dropIndex('at_1');
          expect((await coll.find({}).toArray()).map((d) => d._id)).toEqual(['new']);
        },
        file,
      );
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test('when expireAfterSeconds counts from a creation date, then the document is swept that long after it', async () => {
    await withServer(50, async (client) => {
      const coll = client.db('ttl').collection('events');
      await coll.createIndex({ createdAt: 1 }, { expireAfterSeconds: 4 });
      const created = Date.now();
      await coll.insertOne({ _id: 'e', createdAt: new Date(created) } as never);
      expect(await coll.estimatedDocumentCount()).toBe(1);
      expect(await eventually(async () => (await coll.estimatedDocumentCount()) === 0)).toBe(true);
      expect(Date.now() - created).toBeGreaterThanOrEqual(4000);
    });
  });

  test('when an expired document has not been swept yet, then it does not block an insert or upsert on its unique key', async () => {
    await withServer(60_000, async (client) => {
      const coll = client.db('ttl').collection('attempts');
      // A minute's life: long enough that the new documents below cannot expire during the test.
      await coll.createIndex({ at: 1 }, { expireAfterSeconds: 60 });
      await coll.createIndex({ user: 1 }, { unique: true });
      await coll.insertOne({ _id: 'old', user: 'u1', tries: 4, at: new Date(Date.now() - 120_000) } as never);
      await coll.insertOne({ _id: 'same-id', user: 'u2', at: new Date(Date.now() - 120_000) } as never);
      // Invisible to reads, so the application starts afresh: that must not fail with E11000.
      expect(await coll.findOne({ user: 'u1' })).toBeNull();
      const upserted = await coll.findOneAndUpdate({ user: 'u1' }, { $inc: { tries: 1 }, $set: { at: new Date() } }, { upsert: true, returnDocument: 'after' });
      expect(upserted).toMatchObject({ user: 'u1', tries: 1 });
      await coll.insertOne({ _id: 'same-id', user: 'u3', at: new Date() } as never);
      expect((await coll.find({}).toArray()).map((d) => d.user).sort()).toEqual(['u1', 'u3']);
    });
  });

  test('when an expired document has not been swept yet, then reads already leave it out', async () => {
    await withServer(60_000, async (client) => {
      const coll = client.db('ttl').collection('leases');
      await coll.createIndex({ until: 1 }, { expireAfterSeconds: 0 });
      await coll.insertOne({ _id: 'gone', until: new Date(Date.now() - 1000) } as never);
      expect(await coll.findOne({ _id: 'gone' } as never)).toBeNull();
      expect(await coll.countDocuments()).toBe(0);
    });
  });
});

describe('the expiry queue behind the sweep', () => {
  function collectionWithExpiries(base: number) {
    const store = new Store();
    const coll = store.ensureCollection('db', 'timed');
    coll.createIndex({ key: { at: 1 }, name: 'at_1', expireAfterSeconds: 60 });
    for (let i = 0; i < 100; i++) coll.insert({ _id: i, at: new Date(base + i * 1000) });
    return { store, coll };
  }

  test('when the sweep runs, then exactly the documents due by then are removed, the earliest first', () => {
    const base = Date.UTC(2024, 0, 1);
    const { store, coll } = collectionWithExpiries(base);
    expect(sweepExpired(store, base + 60_000 + 10_500)).toBe(11);
    expect(coll.docs.size).toBe(89);
    expect(coll.docs.has('n10')).toBe(false);
    expect(coll.docs.has('n11')).toBe(true);
    expect(sweepExpired(store, base + 60_000 + 10_500)).toBe(0);
  });

  test("when a document's date moves later, then it is swept by its new expiry, not its old one", () => {
    const base = Date.UTC(2024, 0, 1);
    const { store, coll } = collectionWithExpiries(base);
    coll.replace(coll.docs.get('n0')!, { _id: 0, at: new Date(base + 500_000) });
    expect(sweepExpired(store, base + 60_000 + 500)).toBe(0);
    expect(sweepExpired(store, base + 560_000)).toBe(100);
  });

  test('when nothing has expired yet, then reads get the stored documents without a filtered copy', () => {
    const { coll } = collectionWithExpiries(Date.now() + 3_600_000);
    const docs = coll.docs.values();
    expect(liveDocs(coll, docs)).toBe(docs);
  });
});

