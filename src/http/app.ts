import { randomUUID } from 'node:crypto';
import fastifyCookie from '@fastify/cookie';
import fastifyMultipart from '@fastify/multipart';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyBaseLogger } from 'fastify';
import {
  jsonSchemaTransform,
  jsonSchemaTransformObject,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import { pino, type Logger } from 'pino';
import type { AppContext } from '../app/context.js';
import { registerErrorHandling } from './errors.js';
import { registerAuthentication, csrfHeader } from './plugins/authentication.js';
import { registerIdempotency } from './plugins/idempotency.js';
import { registerMetrics } from './plugins/metrics.js';
import { webApp } from './plugins/web-app.js';
import type { HttpOptions, RouteDeps, ZodApp } from './route-types.js';
import { agreementRoutes } from './routes/agreements.js';
import { apiKeyRoutes } from './routes/api-keys.js';
import { auditChainRoutes } from './routes/audit-chain.js';
import { authRoutes } from './routes/auth.js';
import { exportRoutes } from './routes/exports.js';
import { fileRoutes } from './routes/files.js';
import { operationRoutes } from './routes/operations.js';
import { organizationRoutes } from './routes/organizations.js';
import { paymentRoutes } from './routes/payments.js';
import { partnerRoutes } from './routes/partners.js';
import { problemPages } from './routes/problem-pages.js';
import { programRoutes } from './routes/programs.js';
import { systemRoutes } from './routes/system.js';
import { voucherRoutes } from './routes/vouchers.js';
import { webhookRoutes } from './routes/webhooks.js';

/** Every route module of `/api/v1`, in one list so the OpenAPI test can check them all. */
const apiRouteModules: ((app: ZodApp, deps: RouteDeps) => void)[] = [
  systemRoutes,
  authRoutes,
  organizationRoutes,
  programRoutes,
  partnerRoutes,
  agreementRoutes,
  voucherRoutes,
  fileRoutes,
  operationRoutes,
  paymentRoutes,
  exportRoutes,
  auditChainRoutes,
  apiKeyRoutes,
  webhookRoutes,
];

export const apiVersion = '1.0.0';

export interface BuildAppOptions extends HttpOptions {
  ctx: AppContext;
  logger: Logger | false;
  /** Trust `X-Forwarded-*` from a reverse proxy (needed for Secure cookies behind TLS). */
  trustProxy?: boolean;
  /** `SAPS_METRICS_TOKEN`: the bearer token `GET /metrics` needs, if any. */
  metricsToken?: string | undefined;
}

export async function buildApp(options: BuildAppOptions): Promise<ZodApp> {
  const base = {
    requestIdHeader: 'x-request-id',
    genReqId: () => randomUUID(),
    bodyLimit: 1024 * 1024,
    trustProxy: options.trustProxy ?? false,
  };
  const logger: FastifyBaseLogger = options.logger === false ? pino({ level: 'silent' }) : options.logger;
  const app: ZodApp = Fastify({ ...base, loggerInstance: logger }).withTypeProvider<ZodTypeProvider>();

  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  registerErrorHandling(app);

  app.addHook('onSend', async (request, reply, payload) => {
    void reply.header('x-request-id', request.id);
    return payload;
  });

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
        { name: 'exports', description: 'CSV exports of the lists, streamed' },
        { name: 'webhooks', description: 'Standard Webhooks endpoints and their delivery log' },
      ],
    },
    transform: jsonSchemaTransform,
    // Schemas with a `.meta({ id })` become shared components instead of being inlined per route.
    transformObject: jsonSchemaTransformObject,
  });
  await app.register(fastifySwaggerUi, { routePrefix: '/docs' });

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
