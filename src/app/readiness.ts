import { migrationsApplied } from '../db/migration-status.js';
import type { MessageKey } from '../domain/messages.js';
import type { AppContext } from './context.js';

/** Why the server is not ready: a catalogue key (decision 028), answered in the caller's language. */
export type Readiness = { ready: true } | { ready: false; reason: MessageKey };

/**
 * Readiness (`GET /api/v1/ready`): the database answers and has every committed migration, and
 * the process is not shutting down. Liveness (`/health`) asks none of this.
 */
export async function checkReadiness(ctx: AppContext, options: { draining?: boolean } = {}): Promise<Readiness> {
  if (options.draining) {
    return { ready: false, reason: 'ready.draining' };
  }
  try {
    if (!(await migrationsApplied(ctx.db))) {
      return { ready: false, reason: 'ready.migrations' };
    }
    return { ready: true };
  } catch (error) {
    ctx.log.error({ err: error }, 'readiness: the database does not answer');
    return { ready: false, reason: 'ready.noDatabase' };
  }
}
