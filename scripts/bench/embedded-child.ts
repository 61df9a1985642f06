/**
 * Runs the embedded MongoDB-compatible server in a child process for benchmarks, so the
 * database has its own event loop (and core), as a separate MongoDB would in production.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import readline from 'node:readline';
import { startEmbeddedMongo } from '../../src/db/embedded';

export interface EmbeddedChild {
  uri: string;
  port: number;
  /** The server's process id, to read its CPU time. */
  pid: number | undefined;
  stop(): Promise<void>;
}

/**
 * Starts the server in a child process; with a data file, journal writes are part of the cost.
 * BENCH_DB_PROFILE=<dir> writes a CPU profile of the database server there.
 */
export function startEmbeddedChild(dataFile?: string): Promise<EmbeddedChild> {
  const profile = process.env.BENCH_DB_PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_DB_PROFILE}`] : [];
  const args = [...profile, '--import', 'tsx', __filename, '--serve', ...(dataFile ? [dataFile] : [])];
  const child: ChildProcess = spawn(process.execPath, args, { stdio: ['pipe', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    readline.createInterface({ input: child.stdout! }).once('line', (line) => {
      const { port } = JSON.parse(line) as { port: number };
      resolve({
        uri: `mongodb://127.0.0.1:${port}/`,
        port,
        pid: child.pid,
        stop: () =>
          new Promise<void>((done) => {
            child.once('exit', () => done());
            child.stdin?.end();
          }),
      });
    });
  });
}

async function serve(dataFile: string | undefined): Promise<void> {
  const server = await startEmbeddedMongo({ dataFile });
  process.stdout.write(`${JSON.stringify({ port: server.port })}\n`);
  const stop = (): void => void server.stop().then(() => process.exit(0));
  process.on('SIGTERM', stop);
  process.stdin.on('end', stop);
  process.stdin.resume();
}

if (process.argv[2] === '--serve') void serve(process.argv[3]);
