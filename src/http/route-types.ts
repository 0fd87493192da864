import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FastifyBaseLogger, FastifyInstance, RawServerDefault } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppContext } from '../app/context.js';
import type { SimulatedClock } from '../app/clock.js';
import type { SingleSignOnSettings } from '../app/auth/single-sign-on-client.js';

export type ZodApp = FastifyInstance<
  RawServerDefault,
  IncomingMessage,
  ServerResponse,
  FastifyBaseLogger,
  ZodTypeProvider
>;

export interface HttpOptions {
  /** Base URL people reach the server at; used in e-mailed links. */
  publicUrl: string;
  /** Present when the server runs with `SAPS_SIMULATED_CLOCK` (or in demo mode). */
  simulatedClock?: SimulatedClock | undefined;
  /** Set by `saps serve`: `draining` turns true on SIGTERM, so that readiness answers 503. */
  lifecycle?: { draining: boolean } | undefined;
  /** Demo mode (`SAPS_DEMO`): the sign-in page lists the demo logins. */
  demo?: boolean | undefined;
  /** `SAPS_OIDC_*`: single sign-on for operator staff (decision 027); absent, it is off. */
  singleSignOn?: Omit<SingleSignOnSettings, 'redirectUri'> | undefined;
}

export interface RouteDeps {
  ctx: AppContext;
  options: HttpOptions;
}
