import { migrationsApplied } from '../db/migration-status.js';
import type { AppContext } from './context.js';

export type Readiness = { ready: true } | { ready: false; reason: string };

/**
 * Readiness (`GET /api/v1/ready`): the database answers and has every committed migration, and
 * the process is not shutting down. Liveness (`/health`) asks none of this.
 */
export async function checkReadiness(ctx: AppContext, options: { draining?: boolean } = {}): Promise<Readiness> {
  if (options.draining) {
    return { ready: false, reason: 'the server is shutting down' };
  }
  try {
    if (!(await migrationsApplied(ctx.db))) {
      return { ready: false, reason: 'the database misses migrations: run saps migrate (every start does it)' };
    }
    return { ready: true };
  } catch (error) {
    ctx.log.error({ err: error }, 'readiness: the database does not answer');
    return { ready: false, reason: 'the database does not answer' };
  }
}
