import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/connection.js';
import { DataDirLockedError, lockDataDir, processIdentity } from '../../src/db/data-dir-lock.js';
import { programs } from '../../src/db/schema/index.js';

/**
 * Two processes on one embedded data directory corrupt it (data-dir-lock.ts), so a second
 * `saps` must refuse while the first runs. Real processes: the lock is about PIDs.
 */
const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const cli = join(root, 'bin', 'saps.js');

let dataDir: string;
const children: ChildProcess[] = [];

function environment(): NodeJS.ProcessEnv {
  // Always the embedded engine here, also when the suite runs against PostgreSQL.
  return {
    ...process.env,
    DATABASE_URL: '',
    SAPS_DATA_DIR: dataDir,
    PORT: '0',
    HOST: '127.0.0.1',
    // No demo data: the seeded program is the row written before, and startup stays short.
    SAPS_DEMO: '0',
    LOG_LEVEL: 'info',
  };
}

interface Finished {
  code: number | null;
  stdout: string;
  stderr: string;
}

function run(args: string[], timeoutMs = 60_000): Promise<Finished> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cli, ...args], { cwd: root, env: environment() });
    children.push(child);
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`saps ${args.join(' ')} did not finish in ${timeoutMs} ms:\n${stdout}\n${stderr}`));
    }, timeoutMs);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

interface Server {
  child: ChildProcess;
  url: string;
  exited: Promise<number | null>;
}

function serve(timeoutMs = 60_000): Promise<Server> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cli, 'serve'], { cwd: root, env: environment() });
    children.push(child);
    let output = '';
    let url: string | undefined;
    const exited = new Promise<number | null>((done) =>
      child.on('exit', (code, signal) => {
        output += signal ? `\n(killed by ${signal})` : '';
        done(code);
      }),
    );
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`saps serve did not start in ${timeoutMs} ms:\n${output}`));
    }, timeoutMs);
    const onData = (chunk: Buffer): void => {
      output += chunk.toString();
      url ??= /Server listening at (http:\/\/127\.0\.0\.1:\d+)/.exec(output)?.[1];
      if (url && output.includes('SAPS is running at')) {
        clearTimeout(timer);
        resolve({ child, url, exited });
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`saps serve exited with ${code} before it started:\n${output}`));
    });
  });
}

/** The PID of a process that has exited: a lock holding it is stale. */
async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', '']);
  const pid = child.pid!;
  await new Promise((done) => child.on('exit', done));
  return pid;
}

const lockOwner = (path: string): { pid: number; bootId: string | null; startTime: string | null } =>
  JSON.parse(readFileSync(path, 'utf8'));

/** A live process that is not SAPS: what a stale lock names once its PID was reused after a reboot. */
function unrelatedProcess(): ChildProcess {
  const child = spawn('sleep', ['120']);
  children.push(child);
  return child;
}

const seededProgram = 'Software Assurance Planning Services';

async function readProgram(name: string): Promise<string | undefined> {
  const handle = await openDatabase({ dataDir });
  try {
    const [row] = await handle.db.select({ name: programs.name }).from(programs).where(eq(programs.name, name));
    return row?.name;
  } finally {
    await handle.close();
  }
}

beforeAll(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'saps-lock-'));
});

afterAll(() => {
  for (const child of children) {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGKILL');
    }
  }
  rmSync(dataDir, { recursive: true, force: true });
});

describe('the embedded data-directory lock', () => {
  // Usually about 20 s; generous limits because the machine may be shared.
  it(
    'refuses a second process while the first runs, and the data stay intact after',
    { timeout: 150_000 },
    async () => {
      const first = await serve();
      const lockPath = join(dataDir, 'saps.lock');
      expect(lockOwner(lockPath).pid).toBe(first.child.pid);

      const second = await run(['migrate']);
      expect(second.code).not.toBe(0);
      expect(second.stderr).toContain(dataDir);
      expect(second.stderr).toContain(`PID ${first.child.pid}`);
      // The refused process neither took nor removed the lock.
      expect(lockOwner(lockPath).pid).toBe(first.child.pid);

      // The first process still has its database.
      const health = await fetch(`${first.url}/api/v1/health`);
      expect(health.status).toBe(200);
      expect(await health.json()).toEqual({ status: 'ok' });

      first.child.kill('SIGTERM');
      expect(await first.exited).toBe(0);
      expect(existsSync(lockPath)).toBe(false);

      // Reopened, the rows the first process wrote (the seeded program) are there.
      expect(await readProgram(seededProgram)).toBe(seededProgram);
      expect(existsSync(lockPath)).toBe(false);
    },
  );

  it('takes over a stale lock left by a dead process', { timeout: 90_000 }, async () => {
    const lockPath = join(dataDir, 'saps.lock');
    const pid = await deadPid();
    writeFileSync(lockPath, String(pid));
    // `seed` writes (it does not depend on the test above having run): the process that took
    // over the lock really used the database, and released the lock when done.
    const result = await run(['seed']);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain('Program catalog seeded');
    expect(existsSync(lockPath)).toBe(false);
    expect(await readProgram(seededProgram)).toBe(seededProgram);
  });
});

describe('a lock naming a live process that is not SAPS', () => {
  let dir: string;
  let lockPath: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'saps-lock-pid-'));
    lockPath = join(dir, 'saps.lock');
  });
  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  const takeAndRelease = (): void => {
    const lock = lockDataDir(dir);
    expect(lockOwner(lockPath)).toEqual({ pid: process.pid, ...processIdentity(process.pid) });
    lock.release();
    expect(existsSync(lockPath)).toBe(false);
  };

  it('still refuses while the process named, with its boot id and start time, runs', () => {
    const holder = unrelatedProcess();
    writeFileSync(lockPath, JSON.stringify({ pid: holder.pid, ...processIdentity(holder.pid!) }));
    expect(() => lockDataDir(dir)).toThrow(DataDirLockedError);
    expect(lockOwner(lockPath).pid).toBe(holder.pid);
    holder.kill('SIGKILL');
  });

  it('takes over a lock from another boot (a reboot), although its PID is alive again', () => {
    const reused = unrelatedProcess();
    const identity = processIdentity(reused.pid!);
    writeFileSync(lockPath, JSON.stringify({ pid: reused.pid, ...identity, bootId: 'an-earlier-boot' }));
    takeAndRelease();
    reused.kill('SIGKILL');
  });

  it('takes over a lock whose PID now belongs to a process started at another time', () => {
    const reused = unrelatedProcess();
    const identity = processIdentity(reused.pid!);
    writeFileSync(lockPath, JSON.stringify({ pid: reused.pid, ...identity, startTime: '1' }));
    takeAndRelease();
    reused.kill('SIGKILL');
  });

  it('takes over a lock of the old format (the PID alone) naming a live process that is not SAPS', () => {
    const reused = unrelatedProcess();
    writeFileSync(lockPath, String(reused.pid));
    takeAndRelease();
    reused.kill('SIGKILL');
  });

  it('takes over a lock naming this very PID from an earlier boot', () => {
    writeFileSync(lockPath, JSON.stringify({ pid: process.pid, bootId: 'an-earlier-boot', startTime: '1' }));
    takeAndRelease();
  });
});
