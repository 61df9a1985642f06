import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { onRealMongo, type useTestDatabase } from './db';

const run = promisify(execFile);
const ROOT = path.join(__dirname, '../..');

/** What an admin command printed, and its exit code. */
export interface ScriptResult {
  stdout: string;
  stderr: string;
  code: number;
}

/**
 * Runs an admin command as `npm run <script> -- <args>` does (tsx scripts/<script>.ts) against
 * the test file's database: local mode, no LINE channel, silent logs, plus `env`. A failing
 * command is returned with its exit code, not thrown.
 */
export async function runScript(db: ReturnType<typeof useTestDatabase>, script: string, args: string[], env: Record<string, string> = {}): Promise<ScriptResult> {
  const uri = onRealMongo ? (process.env.MONGODB_URI as string) : `${db.uri().replace(/\/$/, '')}/${db.dbName()}`;
  try {
    const { stdout, stderr } = await run(path.join(ROOT, 'node_modules/.bin/tsx'), [`scripts/${script}.ts`, ...args], {
      cwd: ROOT,
      // LOCAL_MODE: a database named without a LINE channel is on purpose here (the test's own).
      env: { ...process.env, MONGODB_URI: uri, LOCAL_MODE: 'true', LOG_LEVEL: 'silent', LINE_CHANNEL_SECRET: '', LINE_CHANNEL_ACCESS_TOKEN: '', ...env },
    });
    return { stdout, stderr, code: 0 };
  } catch (err) {
    const e = err as ScriptResult;
    return { stdout: e.stdout, stderr: e.stderr, code: e.code };
  }
}
