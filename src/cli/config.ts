import { isIP } from 'node:net';
import { resolve } from 'node:path';
import { z } from 'zod';

const flag = z
  .enum(['0', '1', 'true', 'false', 'yes', 'no'], { message: 'must be 0 or 1' })
  .transform((v) => v === '1' || v === 'true' || v === 'yes');

const proxyKeywords = new Set(['loopback', 'linklocal', 'uniquelocal']);

function isProxyAddress(entry: string): boolean {
  if (proxyKeywords.has(entry)) {
    return true;
  }
  const [address = '', prefix, ...rest] = entry.split('/');
  const family = isIP(address);
  if (family === 0 || rest.length > 0) {
    return false;
  }
  return prefix === undefined || (/^\d{1,3}$/.test(prefix) && Number(prefix) <= (family === 4 ? 32 : 128));
}

/**
 * `SAPS_TRUST_PROXY` (issue 9, finding 5): how many reverse proxies stand in front (`1`: one hop,
 * the address it saw is the client's), or the proxies' addresses and CIDRs. Never "every hop":
 * the leftmost `X-Forwarded-For` entries are whatever the client wrote.
 */
const trustProxySetting = z
  .string()
  .trim()
  .transform((value, context): false | number | string[] => {
    if (['0', 'false', 'no'].includes(value)) {
      return false;
    }
    if (/^\d{1,2}$/.test(value)) {
      return Number(value);
    }
    const entries = value.split(',').map((entry) => entry.trim());
    if (entries.every(isProxyAddress)) {
      return entries;
    }
    context.addIssue({
      code: 'custom',
      message:
        'must be 0, a number of proxy hops (1 behind one proxy), or a comma-separated list of proxy addresses or CIDRs (e.g. 10.0.0.0/8,loopback); trusting every hop is not offered',
    });
    return z.NEVER;
  });

/** Every setting SAPS reads from the environment; the README's configuration table lists them. */
const environment = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('127.0.0.1'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL')
    .optional(),
  SAPS_DATA_DIR: z.string().min(1).default('./data'),
  SAPS_SIMULATED_CLOCK: z.iso
    .datetime({ offset: true, message: 'must be an ISO 8601 instant, e.g. 2021-03-01T09:00:00Z' })
    .optional(),
  SAPS_DEMO: flag.optional(),
  SAPS_PUBLIC_URL: z.url().optional(),
  SAPS_ADMIN_EMAIL: z.email().optional(),
  SAPS_ADMIN_PASSWORD: z.string().min(12, 'must be at least 12 characters').optional(),
  SAPS_TRUST_PROXY: trustProxySetting.default(false),
  SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\//, 'must be an smtp:// or smtps:// URL')
    .optional(),
  SMTP_FROM: z.string().default('SAPS <no-reply@saps.example>'),
  SAPS_FILE_QUOTA_MIB: z.coerce.number().int().min(1).default(1024),
  // Read where deliveries are made (app/webhooks/webhook-policy.ts); validated here at start.
  SAPS_WEBHOOK_ALLOW_PRIVATE: flag.optional(),
  SAPS_METRICS_TOKEN: z.string().min(16, 'must be at least 16 characters').optional(),
  // Single sign-on for operator staff (decision 027): the three together, or none.
  SAPS_OIDC_ISSUER: z
    .url({
      protocol: /^https$/,
      message: 'must be the https:// issuer identifier of the OpenID provider (its discovery document is read from it)',
    })
    .optional(),
  SAPS_OIDC_CLIENT_ID: z.string().trim().min(1).max(1000).optional(),
  SAPS_OIDC_CLIENT_SECRET: z.string().min(1).max(1000).optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

const singleSignOnVariables = ['SAPS_OIDC_ISSUER', 'SAPS_OIDC_CLIENT_ID', 'SAPS_OIDC_CLIENT_SECRET'] as const;

const settings = environment.superRefine((e, context) => {
  const missing = singleSignOnVariables.filter((name) => e[name] === undefined);
  // Half a configuration is a mistake, not "single sign-on off": say so at start.
  if (missing.length > 0 && missing.length < singleSignOnVariables.length) {
    for (const name of missing) {
      context.addIssue({
        code: 'custom',
        path: [name],
        message: `required with ${singleSignOnVariables.filter((n) => !missing.includes(n)).join(' and ')} (single sign-on needs all three)`,
      });
    }
  }
});

export interface Config {
  port: number;
  host: string;
  databaseUrl: string | undefined;
  dataDir: string;
  simulatedClock: Date | undefined;
  /** Demo mode: demo data on an empty database, simulated clock from 2021-03-01. */
  demo: boolean;
  publicUrl: string;
  adminEmail: string | undefined;
  adminPassword: string | undefined;
  /** Fastify's `trustProxy`: false, a number of hops, or proxy addresses/CIDRs. */
  trustProxy: false | number | string[];
  smtpUrl: string | undefined;
  smtpFrom: string;
  logLevel: string;
  /** Bytes of uploaded files each organisation may store (decision 018). */
  fileQuotaBytes: number;
  /** When set, `GET /metrics` needs `Authorization: Bearer <token>`. */
  metricsToken: string | undefined;
  /** `SAPS_OIDC_*`: single sign-on for operator staff; undefined when off. */
  singleSignOn: { issuer: string; clientId: string; clientSecret: string } | undefined;
}

export class ConfigError extends Error {}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = settings.safeParse(Object.fromEntries(Object.entries(env).filter(([, v]) => v !== '')));
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  // Demo mode is the default of the embedded engine (evaluation); with PostgreSQL it is opt-in.
  const demo = e.SAPS_DEMO ?? !e.DATABASE_URL;
  const shownHost = e.HOST === '0.0.0.0' || e.HOST === '::' ? 'localhost' : e.HOST;
  return {
    port: e.PORT,
    host: e.HOST,
    databaseUrl: e.DATABASE_URL,
    dataDir: resolve(e.SAPS_DATA_DIR),
    simulatedClock: e.SAPS_SIMULATED_CLOCK ? new Date(e.SAPS_SIMULATED_CLOCK) : undefined,
    demo,
    publicUrl: (e.SAPS_PUBLIC_URL ?? `http://${shownHost}:${e.PORT}`).replace(/\/$/, ''),
    adminEmail: e.SAPS_ADMIN_EMAIL,
    adminPassword: e.SAPS_ADMIN_PASSWORD,
    trustProxy: e.SAPS_TRUST_PROXY,
    smtpUrl: e.SMTP_URL,
    smtpFrom: e.SMTP_FROM,
    logLevel: e.LOG_LEVEL,
    fileQuotaBytes: e.SAPS_FILE_QUOTA_MIB * 1024 * 1024,
    metricsToken: e.SAPS_METRICS_TOKEN,
    singleSignOn:
      e.SAPS_OIDC_ISSUER && e.SAPS_OIDC_CLIENT_ID && e.SAPS_OIDC_CLIENT_SECRET
        ? { issuer: e.SAPS_OIDC_ISSUER, clientId: e.SAPS_OIDC_CLIENT_ID, clientSecret: e.SAPS_OIDC_CLIENT_SECRET }
        : undefined,
  };
}
