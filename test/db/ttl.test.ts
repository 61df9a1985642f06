import { MongoClient } from 'mongodb';
import { startEmbeddedMongo, type EmbeddedMongo } from '../../src/db/embedded';
import { onRealMongo } from '../support/db';

// Real MongoDB sweeps TTL indexes once a minute, too slow for a unit suite: embedded only.
const describeEmbedded = onRealMongo ? describe.skip : describe;

async function withServer(ttlSweepMs: number, fn: (client: MongoClient) => Promise<void>): Promise<void> {
  const server: EmbeddedMongo = await startEmbeddedMongo({ ttlSweepMs });
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
  test('when a document passes its expiry, then the sweep deletes it (freeing its unique key) and keeps the others', async () => {
    await withServer(50, async (client) => {
      const coll = client.db('ttl').collection('sessions');
      await coll.createIndex({ expiresAt: 1 }, { expireAfterSeconds: 0 });
      await coll.createIndex({ key: 1 }, { unique: true });
      await coll.insertMany([
        { _id: 'soon', key: 'k', expiresAt: new Date(Date.now() + 3000) },
        { _id: 'later', key: 'l', expiresAt: new Date(Date.now() + 600_000) },
        { _id: 'no-date', key: 'm', expiresAt: 'tomorrow' },
      ] as never[]);
      expect(await coll.countDocuments()).toBe(3);
      // Hidden-but-not-deleted would still hold the unique key: the insert succeeds only once swept.
      const reinserted = await eventually(() => coll.insertOne({ _id: 'again', key: 'k' } as never).then(() => true, () => false));
      expect(reinserted).toBe(true);
      const ids = (await coll.find({}, { projection: { _id: 1 } }).toArray()).map((d) => d._id);
      expect(ids.sort()).toEqual(['again', 'later', 'no-date']);
    });
  });

  test('when expireAfterSeconds counts from a creation date, then the document expires that long after it', async () => {
    await withServer(50, async (client) => {
      const coll = client.db('ttl').collection('events');
      await coll.createIndex({ createdAt: 1 }, { expireAfterSeconds: 3 });
      const created = Date.now();
      await coll.insertOne({ _id: 'e', createdAt: new Date(created) } as never);
      expect(await coll.countDocuments()).toBe(1);
      expect(await eventually(async () => (await coll.countDocuments()) === 0)).toBe(true);
      expect(Date.now() - created).toBeGreaterThanOrEqual(3000);
    });
  });

  test('when an expired document has not been swept yet, then it does not block an insert or upsert on its unique key', async () => {
    await withServer(60_000, async (client) => {
      const coll = client.db('ttl').collection('attempts');
      await coll.createIndex({ at: 1 }, { expireAfterSeconds: 1 });
      await coll.createIndex({ user: 1 }, { unique: true });
      await coll.insertOne({ _id: 'old', user: 'u1', tries: 4, at: new Date(Date.now() - 10_000) } as never);
      await coll.insertOne({ _id: 'same-id', user: 'u2', at: new Date(Date.now() - 10_000) } as never);
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
