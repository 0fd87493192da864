import { randomUUID } from 'node:crypto';
import { linkSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Exclusive lock on an embedded data directory. Two processes that opened one PGlite
 * directory corrupted it for good in 2 trials of 3 ("could not locate a valid checkpoint
 * record", stack-measurements.md §5), so a second `saps` on a live directory must refuse.
 * The lockfile holds the owner's PID; a lock whose PID is gone is stale and taken over.
 */
export class DataDirLockedError extends Error {
  constructor(
    readonly dataDir: string,
    readonly ownerPid: number,
  ) {
    super(
      `The data directory ${dataDir} is in use by another SAPS process (PID ${ownerPid}). ` +
        'Stop that process first: two processes on one embedded database corrupt it. ' +
        'To run several processes, use PostgreSQL (DATABASE_URL).',
    );
    this.name = 'DataDirLockedError';
  }
}

export interface DataDirLock {
  release(): void;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function readPid(path: string): number | null {
  try {
    const pid = Number.parseInt(readFileSync(path, 'utf8'), 10);
    return Number.isInteger(pid) ? pid : null;
  } catch {
    return null;
  }
}

/** Creates the lockfile with our PID already in it: write aside, then link (atomic, O_EXCL). */
function tryCreate(lockPath: string): boolean {
  const tmp = `${lockPath}.${process.pid}.${randomUUID()}`;
  writeFileSync(tmp, String(process.pid));
  try {
    linkSync(tmp, lockPath);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') {
      return false;
    }
    throw error;
  } finally {
    rmSync(tmp, { force: true });
  }
}

export function lockDataDir(dataDir: string): DataDirLock {
  mkdirSync(dataDir, { recursive: true });
  const lockPath = join(dataDir, 'saps.lock');
  for (let attempt = 0; attempt < 5; attempt += 1) {
    if (tryCreate(lockPath)) {
      let released = false;
      const release = (): void => {
        if (released) {
          return;
        }
        released = true;
        process.off('exit', release);
        if (readPid(lockPath) === process.pid) {
          rmSync(lockPath, { force: true });
        }
      };
      process.on('exit', release);
      return { release };
    }
    const ownerPid = readPid(lockPath);
    if (ownerPid === null) {
      continue; // removed in between: try again
    }
    if (ownerPid === process.pid || isAlive(ownerPid)) {
      throw new DataDirLockedError(dataDir, ownerPid);
    }
    // Stale: its owner died without releasing it (kill -9, power loss). Move it aside
    // atomically; if what we moved is no longer that stale lock, another process took over
    // first: put its lock back and let the next round refuse.
    const aside = `${lockPath}.stale.${process.pid}.${randomUUID()}`;
    try {
      renameSync(lockPath, aside);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
        continue;
      }
      throw error;
    }
    const movedPid = readPid(aside);
    if (movedPid !== ownerPid) {
      try {
        linkSync(aside, lockPath);
      } catch {
        // Someone else holds it now; the next round sees them.
      }
    }
    rmSync(aside, { force: true });
  }
  throw new Error(`could not take the lock ${lockPath}`);
}
