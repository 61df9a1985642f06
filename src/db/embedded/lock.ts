import fs from 'node:fs';
import path from 'node:path';
import type { EmbeddedLogger } from './logger';

/**
 * The lock files this process holds. A lock naming our own pid that is not in here was left by an
 * earlier process that had the same pid: in a container node is PID 1 after every restart.
 */
const heldByThisProcess = new Set<string>();

/** True when a process with this id exists (EPERM: it exists but belongs to another user). */
export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function readPid(lockPath: string): number | null {
  try {
    const pid = Number(fs.readFileSync(lockPath, 'utf8').trim());
    return Number.isInteger(pid) && pid > 0 ? pid : null;
  } catch {
    return null;
  }
}

/** True when the file was modified in the last few seconds. */
function isFresh(file: string): boolean {
  try {
    return Date.now() - fs.statSync(file).mtimeMs < 5000;
  } catch {
    return false;
  }
}

/** Creates the lock file holding our pid; false when it already exists. */
function tryCreate(lockPath: string): boolean {
  let fd: number;
  try {
    fd = fs.openSync(lockPath, 'wx');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw err;
  }
  try {
    fs.writeSync(fd, `${process.pid}\n`);
  } finally {
    fs.closeSync(fd);
  }
  return true;
}

/** True when the pid in a lock file belongs to a server running now. */
function isHolderAlive(pid: number, lockPath: string): boolean {
  if (pid === process.pid) return heldByThisProcess.has(lockPath);
  return isProcessAlive(pid);
}

/**
 * An exclusive lock on a data file: `<dataFile>.lock`, created only if absent, holding the pid of
 * the server using the file. Two servers on one file would each compact it and append to the same
 * journal, losing each other's writes, so a second one refuses to start, in this process too. A
 * lock left by a process that no longer runs (a crash, kill -9), including an earlier one that had
 * our pid, is stale and is taken over with a warning.
 */
export class DataFileLock {
  readonly path: string;
  private held = false;

  constructor(
    private readonly dataFile: string,
    private readonly logger: EmbeddedLogger,
  ) {
    this.path = path.resolve(dataFile + '.lock');
  }

  /** Takes the lock or throws an error naming the data file and the process holding it. */
  acquire(): void {
    for (let attempt = 0; attempt < 2; attempt++) {
      if (tryCreate(this.path)) {
        this.held = true;
        heldByThisProcess.add(this.path);
        return;
      }
      const pid = readPid(this.path);
      if (pid === null && isFresh(this.path)) {
        // Created a moment ago and not yet holding its pid: another server is starting on this file.
        throw new Error(`embedded MongoDB: the data file ${this.dataFile} is being opened by another server (lock file ${this.path})`);
      }
      if (pid !== null && isHolderAlive(pid, this.path)) {
        throw new Error(
          `embedded MongoDB: the data file ${this.dataFile} is in use by process ${pid} (lock file ${this.path}); stop that server first, or remove the lock file if no server is running`,
        );
      }
      this.logger.warn({ lockFile: this.path, stalePid: pid }, 'embedded MongoDB: taking over a stale lock left by a process that no longer runs');
      fs.rmSync(this.path, { force: true });
    }
    throw new Error(`embedded MongoDB: could not lock the data file ${this.dataFile} (lock file ${this.path}): another server took it at the same moment`);
  }

  /** Releases the lock, if this process still holds it. */
  release(): void {
    if (!this.held) return;
    this.held = false;
    heldByThisProcess.delete(this.path);
    if (readPid(this.path) === process.pid) fs.rmSync(this.path, { force: true });
  }
}
