import { pino, type Logger } from 'pino';
import { SimulatedClock, systemClock } from '../app/clock.js';
import type { AppContext } from '../app/context.js';
import { demoInstant } from '../app/seed/seed-demo.js';
import { openDatabase, type DatabaseHandle } from '../db/connection.js';
import type { Config } from './config.js';

export interface Runtime {
  config: Config;
  handle: DatabaseHandle;
  ctx: AppContext;
  log: Logger;
  simulatedClock: SimulatedClock | undefined;
  close(): Promise<void>;
}

/** Opens the database (taking the data-directory lock in embedded mode) and migrates it. */
export async function openRuntime(config: Config, options: { migrate?: boolean } = {}): Promise<Runtime> {
  const log = pino({ level: config.logLevel, base: { service: 'saps' } });
  const handle = await openDatabase({
    url: config.databaseUrl,
    dataDir: config.dataDir,
    onPoolError: (error) => log.warn({ err: error }, 'an idle database connection failed; the pool replaces it'),
  });
  if (options.migrate !== false) {
    await handle.migrate();
  }
  // The simulated clock lives in the database (decision 017): the configured instant only
  // starts it the first time; restarts and other processes read the stored clock.
  const simulatedStart = config.simulatedClock ?? (config.demo ? demoInstant : undefined);
  const simulatedClock = simulatedStart
    ? await SimulatedClock.open(handle.db, simulatedStart, { shared: handle.engine === 'postgres' })
    : undefined;
  const ctx: AppContext = {
    db: handle.db,
    clock: simulatedClock ?? systemClock,
    realClock: systemClock,
    log,
    dataDir: config.dataDir,
    fileQuotaBytes: config.fileQuotaBytes,
  };
  return {
    config,
    handle,
    ctx,
    log,
    simulatedClock,
    close: async () => {
      simulatedClock?.stopRefreshing();
      await handle.close();
    },
  };
}
