import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { finishSingleSignOn } from '../../app/auth/finish-single-sign-on.js';
import { flowLifetimeMs } from '../../app/auth/single-sign-on-flow.js';
import { SingleSignOnClient } from '../../app/auth/single-sign-on-client.js';
import { startSingleSignOn } from '../../app/auth/start-single-sign-on.js';
import { DomainError } from '../../domain/errors.js';
import type { SingleSignOnRefusal } from '../../domain/single-sign-on.js';
import { setSessionCookies } from '../plugins/authentication.js';
import type { RouteDeps, ZodApp } from '../route-types.js';
import { authProviders, singleSignOnCallbackQuery, singleSignOnStartQuery } from '../schemas/auth.js';
import { publicErrorResponses } from '../schemas/common.js';

const tags = ['auth'];
export const singleSignOnCallbackPath = '/api/v1/auth/oidc/callback';
/** The flow cookie (decision 027): sent back only to the two single sign-on routes. */
const flowCookie = 'saps_sso';
const flowCookiePath = '/api/v1/auth/oidc';

const notConfigured = (): DomainError =>
  new DomainError('not-found', 'single sign-on is not configured on this server (SAPS_OIDC_ISSUER)');

/** Where a refused single sign-on lands: the sign-in page, which names the reason. */
function toSignIn(reply: FastifyReply, refusal: SingleSignOnRefusal): FastifyReply {
  return reply.redirect(`/sign-in?sso=${refusal}`, 302);
}

function rawQuery(request: FastifyRequest): string {
  const at = request.url.indexOf('?');
  return at === -1 ? '' : request.url.slice(at + 1);
}

/**
 * Single sign-on for operator staff with OpenID Connect (issue 11, item 6; decision 027). Both
 * routes are browser navigations, not API calls: they answer with redirects, a refusal included
 * (to the sign-in page, which names it), so that a person never lands on a JSON answer.
 */
export function singleSignOnRoutes(app: ZodApp, { ctx, options }: RouteDeps): void {
  const sso = options.singleSignOn
    ? new SingleSignOnClient({
        ...options.singleSignOn,
        redirectUri: `${options.publicUrl}${singleSignOnCallbackPath}`,
      })
    : undefined;

  app.get(
    '/auth/providers',
    {
      schema: {
        tags,
        summary: 'How one can sign in here: whether single sign-on is offered (no sign-in needed)',
        response: { 200: authProviders, ...publicErrorResponses },
      },
    },
    async () => ({ singleSignOn: sso !== undefined }),
  );

  app.get(
    '/auth/oidc/start',
    {
      schema: {
        tags,
        summary: 'Single sign-on for operator staff: redirects to the identity provider',
        description:
          'Answers 302 to the OpenID provider with a fresh state, nonce and PKCE challenge (S256), kept in a ' +
          'sealed cookie for 10 minutes; or 302 to `/sign-in?sso=unavailable` when the provider cannot be ' +
          'reached. 404 when single sign-on is not configured.',
        querystring: singleSignOnStartQuery,
        response: { 302: z.null().describe('Redirect to the identity provider'), ...publicErrorResponses },
      },
    },
    async (request, reply) => {
      if (!sso) {
        throw notConfigured();
      }
      const started = await startSingleSignOn(ctx, sso, { next: request.query.next });
      void reply.header('cache-control', 'no-store');
      if (started.refusal) {
        return toSignIn(reply, started.refusal);
      }
      void reply.setCookie(flowCookie, started.sealedFlow, {
        path: flowCookiePath,
        httpOnly: true,
        // Lax, not Strict: the provider's answer is a top-level navigation from another site.
        sameSite: 'lax',
        secure: request.protocol === 'https',
        maxAge: Math.round(flowLifetimeMs / 1000),
      });
      return reply.redirect(started.redirectTo, 302);
    },
  );

  app.get(
    '/auth/oidc/callback',
    {
      schema: {
        tags,
        summary: "The identity provider's answer: signs operator staff in, then redirects into the app",
        description:
          'The redirect URI to register at the provider (`SAPS_PUBLIC_URL` + this path). Checks state, nonce and ' +
          'PKCE, then signs in the existing operator user with the verified e-mail of the identity: the session ' +
          'cookies of `POST /auth/login` and 302 to the page the sign-in started from. A refusal opens no session ' +
          'and answers 302 to `/sign-in?sso=<reason>`.',
        querystring: singleSignOnCallbackQuery,
        response: { 302: z.null().describe('Redirect into the app, or to the sign-in page'), ...publicErrorResponses },
      },
    },
    async (request, reply) => {
      if (!sso) {
        throw notConfigured();
      }
      const outcome = await finishSingleSignOn(ctx, sso, {
        sealedFlow: request.cookies[flowCookie],
        query: rawQuery(request),
        ip: request.ip,
      });
      // One flow, one answer: whatever happened, the flow is spent.
      void reply.clearCookie(flowCookie, { path: flowCookiePath });
      void reply.header('cache-control', 'no-store');
      if (!outcome.signedIn) {
        return toSignIn(reply, outcome.refusal);
      }
      setSessionCookies(request, reply, outcome.session);
      return reply.redirect(outcome.next, 302);
    },
  );
}
