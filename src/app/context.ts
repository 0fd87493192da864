import type { Logger } from 'pino';
import type { Clock } from '../domain/clock.js';
import type { OrganizationKind, Role } from '../domain/roles.js';
import type { Database } from '../db/connection.js';

/** What every use case receives: the database, the clock (never `new Date()`), a logger. */
export interface AppContext {
  db: Database;
  clock: Clock;
  /**
   * Real time, for what protects accounts rather than applies program rules: session expiry and
   * sign-in rate limits. Equal to `clock` unless the program clock is simulated, so that moving
   * the demo date does not sign everybody out.
   */
  realClock: Clock;
  log: Logger;
  /** Where the embedded engine keeps its files, and `.eml` files when SMTP is not set. */
  dataDir: string;
  /** Bytes of files an organisation may store (`SAPS_FILE_QUOTA_MIB`); a default when absent. */
  fileQuotaBytes?: number | undefined;
  /** Bounds of one import file (src/app/imports/start-import.ts); the defaults when absent. */
  importLimits?: { maxBytes?: number; maxRows?: number } | undefined;
}

/** The authenticated caller. Every load is scoped by `organizationId` unless an operator. */
export interface Actor {
  userId: string;
  organizationId: string;
  organizationKind: OrganizationKind;
  roles: readonly Role[];
  sessionId: string;
  /** Set when the caller is an API key (`userId` is then the key's principal, not a person). */
  apiKeyId?: string | undefined;
}

/**
 * The id the command line acts under (`saps user create`): nobody signs in there, and no user
 * has this id (users get random UUIDs). Audit records store it as the system (actor null).
 */
export const systemUserId = '00000000-0000-0000-0000-000000000000';

/**
 * The operator's command line as an actor: an operator admin of the operator organisation, so
 * that it goes through the same use cases (and the same checks) as the API.
 */
export function systemActor(operatorOrganizationId: string): Actor {
  return {
    userId: systemUserId,
    organizationId: operatorOrganizationId,
    organizationKind: 'operator',
    roles: ['operator_admin'],
    sessionId: 'command-line',
  };
}
