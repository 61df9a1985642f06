/**
 * Benchmarks mongoose against the embedded MongoDB-compatible server, which runs in a child
 * process (as it would for `npm start`) with a data file, so journal writes are included.
 * Prints a table, then the figures as JSON on the last line.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import mongoose from 'mongoose';
import { startEmbeddedMongo } from '../../src/db/embedded';
import { startEmbeddedChild, type EmbeddedChild } from './embedded-child';

const SIZES = process.env.BENCH_SIZES ? process.env.BENCH_SIZES.split(',').map(Number) : [1_000, 10_000, 100_000];
const CONCURRENCY = 16;
const INSERT_ONE_OPS = 3_000;
const FIND_OPS = 10_000;
const INC_OPS = 3_000;

let serverPid: number | undefined;

/** CPU time (ms) the server process has used so far, from /proc (Linux); undefined when in-process. */
function serverCpuMs(): number | undefined {
  if (!serverPid || !fs.existsSync(`/proc/${serverPid}/stat`)) return undefined;
  const fields = fs.readFileSync(`/proc/${serverPid}/stat`, 'utf8').split(') ')[1].split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100; // utime + stime, in USER_HZ (100/s)
}

/** Server CPU microseconds per operation while `run` executes `ops` operations. */
async function withServerCpu<T>(ops: number, run: () => Promise<T>): Promise<[T, number | null]> {
  const before = serverCpuMs();
  const result = await run();
  const after = serverCpuMs();
  return [result, before === undefined || after === undefined ? null : Math.round(((after - before) * 1000) / ops)];
}

/** Runs `op(i)` for i in [0, total) with `CONCURRENCY` calls in flight; returns operations per second. */
async function rate(total: number, op: (i: number) => Promise<unknown>): Promise<number> {
  let next = 0;
  const started = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < total) await op(next++);
    }),
  );
  const secs = Number(process.hrtime.bigint() - started) / 1e9;
  return Math.round(total / secs);
}

const Item = mongoose.model(
  'BenchItem',
  new mongoose.Schema({ code: { type: String, required: true, unique: true }, category: String, amount: Number, at: Date }),
);
const Counter = mongoose.model('BenchCounter', new mongoose.Schema({ _id: String, seq: Number }));

const item = (i: number): Record<string, unknown> => ({ code: `C${i}`, category: `cat${i % 10}`, amount: i % 100, at: new Date(1_700_000_000_000 + i * 1000) });

interface Row {
  docs: number;
  insertManyPerSec: number;
  insertOnePerSec: number;
  indexedFindOnePerSec: number;
  findOneAndUpdateIncPerSec: number;
  groupAggregateMs: number;
  serverCpuUsPerInsertOne: number | null;
  serverCpuUsPerFindOne: number | null;
}

async function measure(size: number): Promise<Row> {
  await mongoose.connection.dropDatabase();
  await Item.init();
  await Item.syncIndexes();
  const fillStart = process.hrtime.bigint();
  for (let i = 0; i < size; i += 1000) {
    await Item.insertMany(Array.from({ length: Math.min(1000, size - i) }, (_, k) => item(i + k)), { lean: true });
  }
  const insertManyPerSec = Math.round(size / (Number(process.hrtime.bigint() - fillStart) / 1e9));
  const [insertOnePerSec, serverCpuUsPerInsertOne] = await withServerCpu(INSERT_ONE_OPS, () => rate(INSERT_ONE_OPS, (i) => Item.create(item(size + i))));
  const [indexedFindOnePerSec, serverCpuUsPerFindOne] = await withServerCpu(FIND_OPS, () =>
    rate(FIND_OPS, (i) => Item.findOne({ code: `C${(i * 7919) % size}` }).lean().exec()),
  );
  const findOneAndUpdateIncPerSec = await rate(INC_OPS, () =>
    Counter.findOneAndUpdate({ _id: 'bench' }, { $inc: { seq: 1 } }, { upsert: true, returnDocument: 'after' }).lean().exec(),
  );
  const aggStart = process.hrtime.bigint();
  const groups = await Item.aggregate([{ $group: { _id: '$category', total: { $sum: '$amount' }, n: { $sum: 1 } } }, { $sort: { _id: 1 } }]);
  const groupAggregateMs = Math.round(Number(process.hrtime.bigint() - aggStart) / 1e6);
  if (groups.length !== 10) throw new Error(`unexpected $group result: ${groups.length} groups`);
  return {
    docs: size,
    insertManyPerSec,
    insertOnePerSec,
    indexedFindOnePerSec,
    findOneAndUpdateIncPerSec,
    groupAggregateMs,
    serverCpuUsPerInsertOne,
    serverCpuUsPerFindOne,
  };
}

async function main(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'embedded-mongo-bench-'));
  const inProcess = process.argv.includes('--in-process');
  let child: EmbeddedChild | undefined;
  let stopInProcess: (() => Promise<void>) | undefined;
  let port: number;
  if (inProcess) {
    const server = await startEmbeddedMongo({ dataFile: path.join(dir, 'bench.bson') });
    port = server.port;
    stopInProcess = server.stop;
  } else {
    child = await startEmbeddedChild(path.join(dir, 'bench.bson'));
    ({ port, pid: serverPid } = child);
  }
  await mongoose.connect(`mongodb://127.0.0.1:${port}/`, { dbName: 'bench' });
  await measure(1_000); // warm-up: lets the JIT compile mongoose, the driver and the server first
  const rows: Row[] = [];
  for (const size of SIZES) rows.push(await measure(size));
  await mongoose.disconnect();
  await child?.stop();
  await stopInProcess?.();
  fs.rmSync(dir, { recursive: true, force: true });
  console.log(`embedded MongoDB via mongoose (${inProcess ? 'same process' : 'server in a child process'}, journal on, ${CONCURRENCY} in flight)`);
  console.log(`load average at the end: ${os.loadavg().map((l) => l.toFixed(2)).join(' ')} on ${os.cpus().length} cores (other processes skew the rates)`);
  console.table(rows);
  console.log(JSON.stringify({ bench: 'db', rows }));
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
