import type { FastifyHelmetOptions } from '@fastify/helmet';
import type { FastifyInstance } from 'fastify';

/**
 * HTTP security headers with `@fastify/helmet` (issue 9, finding 4). The CSP allows only this
 * origin's own scripts, styles, images and API calls, which is all the web app (Vite build in
 * `dist/web`) and swagger-ui at `/docs` load; inline styles stay allowed because Mantine and
 * swagger-ui inject `<style>` elements. `frame-ancestors 'none'`: no page may frame SAPS
 * (clickjacking of a signed-in user). `upgrade-insecure-requests` is left out so that an
 * installation served over plain HTTP (demo, evaluation) keeps loading its assets.
 */
export const securityHeaders: FastifyHelmetOptions = {
  contentSecurityPolicy: {
    useDefaults: false,
    directives: {
      defaultSrc: ["'self'"],
      baseUri: ["'self'"],
      connectSrc: ["'self'"],
      fontSrc: ["'self'", 'data:'],
      formAction: ["'self'"],
      frameAncestors: ["'none'"],
      imgSrc: ["'self'", 'data:'],
      objectSrc: ["'none'"],
      scriptSrc: ["'self'"],
      scriptSrcAttr: ["'none'"],
      styleSrc: ["'self'", "'unsafe-inline'"],
    },
  },
  // Set per request below, and only over HTTPS: an HSTS header sent over plain HTTP is ignored
  // by browsers at best, and would pin a development host to HTTPS at worst.
  strictTransportSecurity: false,
  referrerPolicy: { policy: 'strict-origin-when-cross-origin' },
  // Cross-origin isolation headers would break nothing today but protect nothing either.
  crossOriginEmbedderPolicy: false,
};

export const hstsMaxAgeSeconds = 365 * 24 * 60 * 60;

export function registerSecurityHeaders(app: FastifyInstance): void {
  app.addHook('onRequest', async (request, reply) => {
    // `request.protocol` is https when the connection is TLS, or when a proxy that
    // SAPS_TRUST_PROXY trusts says so in X-Forwarded-Proto.
    if (request.protocol === 'https') {
      reply.helmet({ strictTransportSecurity: { maxAge: hstsMaxAgeSeconds, includeSubDomains: true } });
    }
  });
  // API answers are per user and often carry secrets (tokens, voucher codes): never cached by
  // browsers or intermediaries, unless the route chose its own policy.
  app.addHook('onSend', async (request, reply, payload) => {
    if (request.url.startsWith('/api/') && !reply.hasHeader('cache-control')) {
      void reply.header('cache-control', 'no-store');
    }
    return payload;
  });
}
