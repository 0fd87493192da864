import { randomUUID } from 'node:crypto';
import fastifyCookie from '@fastify/cookie';
import fastifyHelmet from '@fastify/helmet';
import fastifyMultipart from '@fastify/multipart';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyBaseLogger, type FastifyServerOptions } from 'fastify';
import {
  jsonSchemaTransform,
  jsonSchemaTransformObject,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import { pino, type Logger } from 'pino';
import type { AppContext } from '../app/context.js';
import { frameworkErrorHandler, registerErrorHandling } from './errors.js';
import { registerAuthentication, csrfHeader } from './plugins/authentication.js';
import { registerIdempotency } from './plugins/idempotency.js';
import { registerSecurityHeaders, securityHeaders } from './plugins/security-headers.js';
import { registerTextInputCheck } from './plugins/text-input.js';
import { webApp } from './plugins/web-app.js';
import type { HttpOptions, RouteDeps, ZodApp } from './route-types.js';
import { agreementRoutes } from './routes/agreements.js';
import { atRiskRoutes } from './routes/at-risk.js';
import { registerMetrics } from './plugins/metrics.js';
import { apiKeyRoutes } from './routes/api-keys.js';
import { auditChainRoutes } from './routes/audit-chain.js';
import { authRoutes } from './routes/auth.js';
import { exportRoutes } from './routes/exports.js';
import { fileRoutes } from './routes/files.js';
import { importRoutes } from './routes/imports.js';
import { notificationRoutes } from './routes/notifications.js';
import { operationRoutes } from './routes/operations.js';
import { organizationRoutes } from './routes/organizations.js';
import { paymentRoutes } from './routes/payments.js';
import { partnerRoutes } from './routes/partners.js';
import { problemPages } from './routes/problem-pages.js';
import { singleSignOnRoutes } from './routes/single-sign-on.js';
import { programRoutes } from './routes/programs.js';
import { supportRoutes } from './routes/support.js';
import { systemRoutes } from './routes/system.js';
import { voucherRoutes } from './routes/vouchers.js';
import { webhookRoutes } from './routes/webhooks.js';

/** Every route module of `/api/v1`, in one list so the OpenAPI test can check them all. */
const apiRouteModules: ((app: ZodApp, deps: RouteDeps) => void)[] = [
  systemRoutes,
  authRoutes,
  singleSignOnRoutes,
  organizationRoutes,
  programRoutes,
  partnerRoutes,
  agreementRoutes,
  voucherRoutes,
  fileRoutes,
  operationRoutes,
  paymentRoutes,
  notificationRoutes,
  atRiskRoutes,
  supportRoutes,
  exportRoutes,
  auditChainRoutes,
  apiKeyRoutes,
  webhookRoutes,
  importRoutes,
];

export const apiVersion = '1.0.0';

export interface BuildAppOptions extends HttpOptions {
  ctx: AppContext;
  logger: Logger | false;
  /**
   * Trust `X-Forwarded-*` from reverse proxies (needed for Secure cookies and HSTS behind TLS, and
   * for the client address of the rate limits): a number of hops, or the proxies' addresses and
   * CIDRs (`SAPS_TRUST_PROXY`). Never `true`: every hop would let clients choose their address.
   */
  trustProxy?: false | number | string[];
  /** `SAPS_METRICS_TOKEN`: the bearer token `GET /metrics` needs, if any. */
  metricsToken?: string | undefined;
}

/**
 * Fastify's `trustProxy` for a number of hops or a list of proxies. A number becomes "trust the
 * nearest n hops": Fastify itself trusts nothing for a bare number (it cannot check the peer),
 * and `true` would trust every hop, letting a client pick its address with a leftmost
 * `X-Forwarded-For` entry (issue 9, finding 5).
 */
export function fastifyTrustProxy(setting: false | number | string[] | undefined): FastifyServerOptions['trustProxy'] {
  if (setting === undefined || setting === false || setting === 0) {
    return false;
  }
  if (typeof setting === 'number') {
    return (_address: string, hop: number) => hop < setting;
  }
  return setting;
}

/**
 * Multipart uploads are read with `request.file()`, not validated from a body schema, so the
 * document would show them without a request body (issue 9, finding 8). A route that consumes
 * `multipart/form-data` is documented with the one-file body it takes (documentation only:
 * the transform does not change validation).
 */
const withMultipartBody: typeof jsonSchemaTransform = (route) => {
  const transformed = jsonSchemaTransform(route);
  const consumes = (route.schema as { consumes?: string[] } | undefined)?.consumes ?? [];
  const schema = transformed.schema as Record<string, unknown> | undefined;
  if (schema && !schema.hide && consumes.includes('multipart/form-data') && !schema.body) {
    schema.body = {
      type: 'object',
      required: ['file'],
      properties: { file: { type: 'string', format: 'binary', description: 'exactly one file' } },
      additionalProperties: false,
    };
  }
  return transformed;
};

export async function buildApp(options: BuildAppOptions): Promise<ZodApp> {
  const base = {
    requestIdHeader: 'x-request-id',
    genReqId: () => randomUUID(),
    bodyLimit: 1024 * 1024,
    trustProxy: fastifyTrustProxy(options.trustProxy),
    // Fastify's own refusals (bad percent-encoding, over-long path parameters) as problem+json.
    frameworkErrors: frameworkErrorHandler,
  };
  const logger: FastifyBaseLogger = options.logger === false ? pino({ level: 'silent' }) : options.logger;
  const app: ZodApp = Fastify({ ...base, loggerInstance: logger }).withTypeProvider<ZodTypeProvider>();

  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  registerErrorHandling(app, options.ctx);
  registerTextInputCheck(app);

  app.addHook('onSend', async (request, reply, payload) => {
    void reply.header('x-request-id', request.id);
    return payload;
  });

  await app.register(fastifyHelmet, securityHeaders);
  registerSecurityHeaders(app);
  await app.register(fastifyCookie);
  await app.register(fastifyMultipart);
  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'SAPS API',
        version: apiVersion,
        description:
          'The HTTP API of SAPS, the voucher benefit program platform. Errors are RFC 9457 problem+json; ' +
          'each `type` is explained at `/problems/<slug>`.',
        license: { name: 'MIT', identifier: 'MIT' },
      },
      servers: [{ url: '/' }],
      components: {
        securitySchemes: {
          bearer: { type: 'http', scheme: 'bearer' },
          session: { type: 'apiKey', in: 'cookie', name: 'saps_session' },
        },
      },
      security: [{ bearer: [] }, { session: [] }],
      tags: [
        { name: 'system', description: 'Health and clock' },
        { name: 'auth', description: `Sessions. Cookie-authenticated changes need the ${csrfHeader} header.` },
        { name: 'organizations', description: 'Organisations and their people' },
        { name: 'programs', description: 'Programs, catalog, agreement and rate card' },
        { name: 'agreements', description: 'Customer agreements and the days ledger' },
        { name: 'vouchers', description: 'The voucher lifecycle: create, reserve, complete, redeem' },
        { name: 'files', description: 'Deliverable uploads' },
        { name: 'operations', description: 'Sweeps, extensions, dry runs and the audit log' },
        { name: 'payments', description: 'Payment requests and their review by finance' },
        { name: 'notifications', description: 'Notifications, preferences and reminder e-mails' },
        { name: 'support', description: 'Support contacts and service requests' },
        { name: 'exports', description: 'CSV exports of the lists, streamed' },
        { name: 'webhooks', description: 'Standard Webhooks endpoints and their delivery log' },
        { name: 'imports', description: 'Bulk imports of agreements and competencies from CSV' },
      ],
    },
    transform: withMultipartBody,
    // Schemas with a `.meta({ id })` become shared components instead of being inlined per route.
    transformObject: jsonSchemaTransformObject,
  });
  // No validator badge: it would load an image from validator.swagger.io, which the CSP refuses.
  await app.register(fastifySwaggerUi, { routePrefix: '/docs', uiConfig: { validatorUrl: null } });

  registerMetrics(app, options.ctx, { token: options.metricsToken });
  registerAuthentication(app, options.ctx);
  registerIdempotency(app, options.ctx);

  const deps: RouteDeps = { ctx: options.ctx, options };
  await app.register(
    async (api) => {
      for (const routes of apiRouteModules) {
        routes(api, deps);
      }
    },
    { prefix: '/api/v1' },
  );

  app.get('/api/openapi.json', { schema: { hide: true } }, async () => app.swagger());
  problemPages(app);
  await app.register(webApp);
  return app;
}
