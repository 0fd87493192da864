import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { authenticate } from '../../app/auth/authenticate.js';
import { authenticateApiKeyRequest, isApiKeyToken } from './api-key-authentication.js';
import { sessionLifetimeMs } from '../../app/auth/login.js';
import type { Actor, AppContext } from '../../app/context.js';
import { refusal } from '../../domain/errors.js';

export const sessionCookie = 'saps_session';
export const csrfCookie = 'saps_csrf';
export const csrfHeader = 'x-csrf-token';

declare module 'fastify' {
  interface FastifyRequest {
    actor: Actor | null;
  }
}

const safeMethods = new Set(['GET', 'HEAD', 'OPTIONS']);
// Signing in is what gives the CSRF token, so it cannot ask for one.
const csrfExempt = new Set([
  '/api/v1/auth/login',
  '/api/v1/auth/invitations/accept',
  '/api/v1/auth/password-reset',
  '/api/v1/auth/password-reset/confirm',
  // Authorised by its signed token, not by the session (RFC 8058 one-click unsubscribe).
  '/api/v1/reminders/unsubscribe',
]);

// Probes and the clock read no credentials: a load balancer's health check, or a stale bearer
// token left in a client, must not turn them into 401s (issue 9, finding 8). Nor do the routes
// one signs in with (decision 027): a stale cookie must not stand in the way of a new sign-in.
const credentialFree = new Set([
  'GET /api/v1/health',
  'GET /api/v1/ready',
  'GET /api/v1/clock',
  'GET /api/v1/auth/providers',
  'GET /api/v1/auth/oidc/start',
  'GET /api/v1/auth/oidc/callback',
]);

/**
 * Finds the caller from `Authorization: Bearer` or the session cookie. Cookie-authenticated
 * changes must carry the session's CSRF token in `X-CSRF-Token` (browsers do not add that header
 * to cross-site requests by themselves); bearer tokens are not sent automatically, so need none.
 */
export function registerAuthentication(app: FastifyInstance, ctx: AppContext): void {
  app.decorateRequest('actor', null);
  app.addHook('onRequest', async (request: FastifyRequest) => {
    // Only the API reads the caller: the web app's assets, /docs and /problems are public, and a
    // browser sends the session cookie with each of them (a database lookup per asset otherwise).
    if (!request.url.startsWith('/api/') || credentialFree.has(`${request.method} ${request.url.split('?')[0]}`)) {
      return;
    }
    const authorization = request.headers.authorization;
    let token: string | undefined;
    let viaCookie = false;
    if (authorization?.startsWith('Bearer ')) {
      token = authorization.slice('Bearer '.length).trim();
    } else if (request.cookies[sessionCookie]) {
      token = request.cookies[sessionCookie];
      viaCookie = true;
    }
    if (!token) {
      return;
    }
    if (!viaCookie && isApiKeyToken(token)) {
      request.actor = await authenticateApiKeyRequest(ctx, token);
      return;
    }
    const session = await authenticate(ctx, token);
    if (!session) {
      if (authorization) {
        throw refusal('unauthenticated', 'auth.badBearer');
      }
      return;
    }
    if (viaCookie && !safeMethods.has(request.method) && !csrfExempt.has(request.url.split('?')[0]!)) {
      if (request.headers[csrfHeader] !== session.csrfToken) {
        throw refusal('forbidden', 'access.csrf', { header: csrfHeader, cookie: csrfCookie });
      }
    }
    request.actor = session.actor;
  });
}

export function requireActor(request: FastifyRequest): Actor {
  if (!request.actor) {
    throw refusal('unauthenticated', 'auth.signInFirst');
  }
  return request.actor;
}

export function setSessionCookies(
  request: FastifyRequest,
  reply: FastifyReply,
  session: { token: string; csrfToken: string; expiresAt: Date },
): void {
  const secure = request.protocol === 'https';
  // Max-Age, not Expires: the session's expiry is an instant on the server's clock, which is
  // simulated in demo and test setups (2021), so as an Expires date browsers would drop the
  // cookie at once. The server still checks the session's own expiry on every request.
  const maxAge = Math.round(sessionLifetimeMs / 1000);
  void reply.setCookie(sessionCookie, session.token, {
    path: '/',
    httpOnly: true,
    sameSite: 'lax',
    secure,
    maxAge,
  });
  // Readable by the web app's script so that it can echo it in X-CSRF-Token.
  void reply.setCookie(csrfCookie, session.csrfToken, {
    path: '/',
    httpOnly: false,
    sameSite: 'strict',
    secure,
    maxAge,
  });
}

export function clearSessionCookies(reply: FastifyReply): void {
  void reply.clearCookie(sessionCookie, { path: '/' });
  void reply.clearCookie(csrfCookie, { path: '/' });
}
