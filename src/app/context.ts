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
