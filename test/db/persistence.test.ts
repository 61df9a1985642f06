import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { MongoClient } from 'mongodb';
import { startEmbeddedMongo, type EmbeddedLogger } from '../../src/db/embedded';
import { onRealMongo } from '../support/db';

// Restarting the server is only possible with the embedded one.
const describeEmbedded = onRealMongo ? describe.skip : describe;

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'embedded-mongo-test-'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

async function session<T>(dataFile: string, fn: (client: MongoClient) => Promise<T>, logger?: EmbeddedLogger, compactAtBytes?: number): Promise<T> {
  const server = await startEmbeddedMongo({ dataFile, logger, compactAtBytes });
  const client = await MongoClient.connect(server.uri);
  try {
    return await fn(client);
  } finally {
    await client.close();
    await server.stop();
  }
}

function recordingLogger(): EmbeddedLogger & { warnings: string[]; errors: Array<{ obj: object; msg: string }> } {
  const warnings: string[] = [];
  const errors: Array<{ obj: object; msg: string }> = [];
  return { warnings, errors, info: () => undefined, warn: (_o, msg) => warnings.push(msg), error: (obj, msg) => errors.push({ obj, msg }) };
}

/** Byte offsets of the journal's framed records ([length u32][crc u32][BSON]). */
function recordOffsets(journal: Buffer): number[] {
  const offsets: number[] = [];
  for (let p = 0; p + 8 <= journal.length; p += 8 + journal.readUInt32LE(p)) offsets.push(p);
  return offsets;
}

/** Writes a, b, c, d as four separate journal records (after the collection's own record). */
async function fourWrites(file: string): Promise<Buffer> {
  await session(file, async (client) => {
    const coll = client.db('app').collection('cases');
    for (const id of ['a', 'b', 'c', 'd']) await coll.insertOne({ _id: id, note: `case ${id}` } as never);
  });
  return fs.readFileSync(file + '.journal');
}

const corruptCopies = (file: string) => fs.readdirSync(path.dirname(file)).filter((f) => f.startsWith(path.basename(file) + '.journal.corrupt-'));

describeEmbedded('persistence', () => {
  test('when the server restarts, then documents, updates, deletes and indexes are all still there', async () => {
    const file = path.join(dir, 'db.bson');
    await session(file, async (client) => {
      const coll = client.db('app').collection('users');
      await coll.createIndex({ email: 1 }, { unique: true });
      await coll.insertMany([{ _id: 1, email: 'a' }, { _id: 2, email: 'b' }, { _id: 3, email: 'c' }] as never[]);
      await coll.updateOne({ _id: 2 } as never, { $set: { email: 'b2' } });
      await coll.deleteOne({ _id: 3 } as never);
      await client.db('app').collection('dropped').insertOne({ x: 1 });
      await client.db('app').collection('dropped').drop();
    });
    await session(file, async (client) => {
      const coll = client.db('app').collection('users');
      expect(await coll.find().sort({ _id: 1 }).toArray()).toEqual([{ _id: 1, email: 'a' }, { _id: 2, email: 'b2' }]);
      await expect(coll.insertOne({ email: 'a' })).rejects.toMatchObject({ code: 11000 });
      const names = (await client.db('app').listCollections({}, { nameOnly: true }).toArray()).map((c) => c.name);
      expect(names).toEqual(['users']);
    });
  });

  test('when the last journal record is torn, then the server starts with a warning and keeps everything before it', async () => {
    const file = path.join(dir, 'db.bson');
    await session(file, async (client) => {
      await client.db('app').collection('cases').insertMany([{ _id: 'a' }, { _id: 'b' }] as never[]);
    });
    // Half a record: a length prefix promising more bytes than follow.
    const torn = Buffer.alloc(20);
    torn.writeUInt32LE(500, 0);
    fs.appendFileSync(file + '.journal', torn);
    const logger = recordingLogger();
    await session(
      file,
      async (client) => {
        expect(await client.db('app').collection('cases').countDocuments()).toBe(2);
        await client.db('app').collection('cases').insertOne({ _id: 'c' } as never);
      },
      logger,
    );
    expect(logger.warnings.join('\n')).toMatch(/torn or corrupt/);
    await session(file, async (client) => {
      expect(await client.db('app').collection('cases').countDocuments()).toBe(3);
    });
  });

  test('when the process is killed with SIGKILL, then every acknowledged write survives', async () => {
    const file = path.join(dir, 'db.bson');
    const fixture = path.join(__dirname, 'fixtures', 'embedded-server.ts');
    const child = spawn(process.execPath, ['--import', 'tsx', fixture, file], { stdio: ['ignore', 'pipe', 'inherit'] });
    const exited = new Promise((resolve) => child.once('exit', resolve));
    const line = await new Promise<string>((resolve) => readline.createInterface({ input: child.stdout }).once('line', resolve));
    const client = await MongoClient.connect((JSON.parse(line) as { uri: string }).uri);
    const coll = client.db('app').collection('counters');
    await coll.insertOne({ _id: 'seq', n: 0 } as never);
    for (let i = 0; i < 25; i++) await coll.updateOne({ _id: 'seq' } as never, { $inc: { n: 1 } });
    await coll.insertMany(Array.from({ length: 100 }, (_, i) => ({ i })));
    child.kill('SIGKILL');
    await exited;
    await client.close(true);
    await session(file, async (c) => {
      expect(await c.db('app').collection('counters').findOne({ _id: 'seq' } as never)).toEqual({ _id: 'seq', n: 25 });
      expect(await c.db('app').collection('counters').countDocuments()).toBe(101);
    });
  }, 60_000);

  test('when the journal grows past the threshold, then it is compacted into the snapshot and nothing is lost', async () => {
    const file = path.join(dir, 'db.bson');
    await session(
      file,
      async (client) => {
        const coll = client.db('app').collection('events');
        for (let i = 0; i < 200; i++) await coll.insertOne({ i, payload: 'x'.repeat(100) });
        await coll.deleteMany({ i: { $lt: 50 } });
        expect(fs.statSync(file + '.journal').size).toBeLessThan(4096);
      },
      undefined,
      4096,
    );
    await session(file, async (client) => {
      expect(await client.db('app').collection('events').countDocuments()).toBe(150);
    });
  });

  test('when a record in the middle of the journal is corrupt, then the writes after it survive, the journal is copied aside and an error is logged', async () => {
    const file = path.join(dir, 'db.bson');
    const journal = await fourWrites(file);
    const offsets = recordOffsets(journal);
    const damaged = Buffer.from(journal);
    damaged[offsets[offsets.length - 3] + 20] ^= 0xff; // inside the body of the record inserting 'b'
    fs.writeFileSync(file + '.journal', damaged);
    const logger = recordingLogger();
    await session(file, async (client) => {
      const ids = (await client.db('app').collection('cases').find({}).toArray()).map((d) => d._id);
      expect(ids).toEqual(['a', 'c', 'd']);
    }, logger);
    expect(logger.errors).toHaveLength(1);
    expect(logger.errors[0].obj).toMatchObject({ droppedRecords: 1 });
    expect(logger.warnings.join('\n')).not.toMatch(/torn/);
    const copies = corruptCopies(file);
    expect(copies).toHaveLength(1);
    expect(fs.readFileSync(path.join(dir, copies[0])).equals(damaged)).toBe(true);
  });

  test('when the length of a record in the middle is corrupt, then reading resumes at the next intact record', async () => {
    const file = path.join(dir, 'db.bson');
    const journal = await fourWrites(file);
    const offsets = recordOffsets(journal);
    const damaged = Buffer.from(journal);
    damaged.writeUInt32LE(0x7fffffff, offsets[offsets.length - 3]);
    fs.writeFileSync(file + '.journal', damaged);
    const logger = recordingLogger();
    await session(file, async (client) => {
      expect((await client.db('app').collection('cases').find({}).toArray()).map((d) => d._id)).toEqual(['a', 'c', 'd']);
    }, logger);
    expect(logger.errors).toHaveLength(1);
    expect(corruptCopies(file)).toHaveLength(1);
  });

  test('when only the last record is torn, then it is a warning, with no error and no copy', async () => {
    const file = path.join(dir, 'db.bson');
    const journal = await fourWrites(file);
    fs.writeFileSync(file + '.journal', journal.subarray(0, journal.length - 5));
    const logger = recordingLogger();
    await session(file, async (client) => {
      expect((await client.db('app').collection('cases').find({}).toArray()).map((d) => d._id)).toEqual(['a', 'b', 'c']);
    }, logger);
    expect(logger.warnings.join('\n')).toMatch(/torn or corrupt/);
    expect(logger.errors).toEqual([]);
    expect(corruptCopies(file)).toEqual([]);
  });
});

describeEmbedded('one server per data file', () => {
  test('when a second server in this same process opens a data file this process holds, then it refuses to start naming the file and the holding process', async () => {
    const file = path.join(dir, 'db.bson');
    const first = await startEmbeddedMongo({ dataFile: file });
    try {
      const second = startEmbeddedMongo({ dataFile: file });
      await expect(second).rejects.toThrow(file);
      await expect(startEmbeddedMongo({ dataFile: file })).rejects.toThrow(`process ${process.pid}`);
    } finally {
      await first.stop();
    }
    const again = await startEmbeddedMongo({ dataFile: file });
    await again.stop();
    expect(fs.existsSync(file + '.lock')).toBe(false);
  });

  test('when the lock file was just created and holds no pid yet, then another server is starting and this one refuses', async () => {
    const file = path.join(dir, 'db.bson');
    fs.writeFileSync(file + '.lock', '');
    await expect(startEmbeddedMongo({ dataFile: file })).rejects.toThrow(/being opened by another server/);
    expect(fs.existsSync(file + '.journal')).toBe(false);
  });

  test('when the lock was left by a process that no longer runs, then it is taken over with a warning', async () => {
    const file = path.join(dir, 'db.bson');
    const child = spawn(process.execPath, ['-e', '0']);
    await new Promise((resolve) => child.once('exit', resolve));
    fs.writeFileSync(file + '.lock', `${child.pid}\n`);
    const logger = recordingLogger();
    const server = await startEmbeddedMongo({ dataFile: file, logger });
    expect(fs.readFileSync(file + '.lock', 'utf8').trim()).toBe(String(process.pid));
    await server.stop();
    expect(logger.warnings.join('\n')).toMatch(/stale lock/);
  });

  test('when a lock left by a crash names our own pid but this process does not hold it, then it is stale and taken over (a container restarts node as PID 1 every time)', async () => {
    const file = path.join(dir, 'db.bson');
    fs.writeFileSync(file + '.lock', `${process.pid}\n`);
    const logger = recordingLogger();
    const server = await startEmbeddedMongo({ dataFile: file, logger });
    try {
      expect(logger.warnings.join('\n')).toMatch(/stale lock/);
      await expect(startEmbeddedMongo({ dataFile: file })).rejects.toThrow(`process ${process.pid}`);
    } finally {
      await server.stop();
    }
    expect(fs.existsSync(file + '.lock')).toBe(false);
  });
});

