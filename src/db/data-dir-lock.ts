import { randomUUID } from 'node:crypto';
import { linkSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Exclusive lock on an embedded data directory. Two processes that opened one PGlite
 * directory corrupted it for good in 2 trials of 3 ("could not locate a valid checkpoint
 * record", stack-measurements.md §5), so a second `saps` on a live directory must refuse.
 * The lockfile holds the owner's PID, with the boot id and the process start time that make the
 * PID unambiguous: a lock whose PID is gone, or now names another process (after a reboot the PID
 * is reused by an unrelated program), is stale and taken over.
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

/** What names one process for good (Linux): the boot it runs in and its start time since boot. */
interface ProcessIdentity {
  bootId: string | null;
  startTime: string | null;
}

function readOrNull(path: string): string | null {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return null;
  }
}

export function processIdentity(pid: number): ProcessIdentity {
  const stat = readOrNull(`/proc/${pid}/stat`);
  // Field 22 of /proc/<pid>/stat, counted after the command name (which may hold spaces and ")").
  const startTime = stat ? (stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19] ?? null) : null;
  return { bootId: readOrNull('/proc/sys/kernel/random/boot_id')?.trim() ?? null, startTime };
}

interface LockOwner {
  pid: number;
  bootId?: string | null;
  startTime?: string | null;
}

function readOwner(path: string): LockOwner | null {
  const text = readOrNull(path);
  if (text === null) {
    return null;
  }
  try {
    const parsed = JSON.parse(text) as Partial<LockOwner>;
    if (typeof parsed === 'object' && parsed !== null && Number.isInteger(parsed.pid)) {
      return parsed as LockOwner;
    }
  } catch {
    // A lock written before the boot id and start time were stored holds the PID alone.
  }
  const pid = Number.parseInt(text, 10);
  return Number.isInteger(pid) ? { pid } : null;
}

function readPid(path: string): number | null {
  return readOwner(path)?.pid ?? null;
}

/**
 * Whether the lock's owner still runs. A live PID is not enough: after a reboot (another boot id)
 * or once the PID was reused (another start time), the lock names an unrelated process. A lock
 * of the older format (PID only) counts as held only while that PID runs SAPS (its command line).
 */
function ownerRuns(owner: LockOwner): boolean {
  if (!isAlive(owner.pid)) {
    return false;
  }
  const now = processIdentity(owner.pid);
  if (owner.bootId !== undefined || owner.startTime !== undefined) {
    if (owner.bootId && now.bootId && owner.bootId !== now.bootId) {
      return false;
    }
    if (owner.startTime && now.startTime && owner.startTime !== now.startTime) {
      return false;
    }
    return true;
  }
  const cmdline = readOrNull(`/proc/${owner.pid}/cmdline`);
  return cmdline === null || /saps|cli[/\\]main/.test(cmdline);
}

/** Creates the lockfile with our PID already in it: write aside, then link (atomic, O_EXCL). */
function tryCreate(lockPath: string): boolean {
  const tmp = `${lockPath}.${process.pid}.${randomUUID()}`;
  writeFileSync(tmp, JSON.stringify({ pid: process.pid, ...processIdentity(process.pid) }));
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
    const owner = readOwner(lockPath);
    if (owner === null) {
      continue; // removed in between: try again
    }
    const ownerPid = owner.pid;
    // Our own PID: held by this very process (same start time), or left by an earlier boot whose
    // SAPS happened to have the PID we have now.
    const held = ownerPid === process.pid ? owner.startTime !== undefined && ownerRuns(owner) : ownerRuns(owner);
    if (held) {
      throw new DataDirLockedError(dataDir, ownerPid);
    }
    // Stale: its owner died without releasing it (kill -9, power loss, a reboot). Move it aside
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
