import type { Logger } from 'pino';

/** A background job: idempotent, so a run repeated after a crash or on another instance is harmless. */
export interface Job {
  name: string;
  /** The pause between the end of one run and the start of the next. */
  intervalMs: number;
  run(): Promise<unknown>;
}

export interface Scheduler {
  /** Stops scheduling and resolves once the runs in progress have finished. */
  stop(): Promise<void>;
}

/**
 * Runs each job at once, then `intervalMs` after each run ends, so a job never overlaps itself
 * (a slow run delays the next instead of piling up). A failed run is logged with the job's
 * name and the job keeps its schedule. Timers are unref'd: the scheduler alone never keeps
 * the process alive.
 */
export function startScheduler(options: { log: Pick<Logger, 'error'>; jobs: readonly Job[] }): Scheduler {
  let stopped = false;
  const timers = new Set<NodeJS.Timeout>();
  const running = new Set<Promise<void>>();

  const schedule = (job: Job, delayMs: number): void => {
    const timer = setTimeout(() => {
      timers.delete(timer);
      if (stopped) {
        return;
      }
      const run = runOnce(job).finally(() => {
        running.delete(run);
        if (!stopped) {
          schedule(job, job.intervalMs);
        }
      });
      running.add(run);
    }, delayMs);
    timer.unref();
    timers.add(timer);
  };

  const runOnce = async (job: Job): Promise<void> => {
    try {
      await job.run();
    } catch (error) {
      options.log.error({ err: error, job: job.name }, 'background job failed');
    }
  };

  for (const job of options.jobs) {
    schedule(job, 0);
  }

  return {
    async stop() {
      stopped = true;
      for (const timer of timers) {
        clearTimeout(timer);
      }
      timers.clear();
      await Promise.all([...running]);
    },
  };
}
