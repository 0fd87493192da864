import type { ParseArgsConfig } from 'node:util';
import { eq } from 'drizzle-orm';
import { bootstrap } from '../app/seed/bootstrap.js';
import { demoLogins, demoPassword, seedDemo } from '../app/seed/seed-demo.js';
import { ensureOperatorOrganization, ensureUser } from '../app/seed/seed-operator.js';
import { seedSaPlanningServices } from '../app/seed/seed-catalog.js';
import { organizations, users } from '../db/schema/index.js';
import { roles, rolesNotAllowedFor, type Role } from '../domain/roles.js';
import { minimumPasswordLength } from '../app/auth/passwords.js';
import { buildApp } from '../http/app.js';
import { webAppBuilt } from '../http/plugins/web-app.js';
import type { Config } from './config.js';
import { openRuntime } from './runtime.js';
import { generateOpenApiDocument } from './openapi.js';

type Values = Record<string, string | boolean | string[] | undefined>;

export interface Command {
  summary: string;
  help: string;
  options: NonNullable<ParseArgsConfig['options']>;
  /** Exit code, or -1 to keep the process running (serve). */
  run(config: Config, values: Values): Promise<number>;
}

const serve: Command = {
  summary: 'start the HTTP server (API, docs) after migrating the database',
  help: `Usage: saps serve

Starts the HTTP server on HOST:PORT. It migrates the database first. On the first start it seeds
the "Software Assurance Planning Services" program, and in demo mode (the default with the
embedded database; SAPS_DEMO=0 turns it off) it adds the demo organisations and logins.`,
  options: {},
  async run(config) {
    const started = performance.now();
    const runtime = await openRuntime(config);
    const first = await bootstrap(runtime.ctx, {
      demo: config.demo,
      adminEmail: config.adminEmail,
      adminPassword: config.adminPassword,
    });
    const app = await buildApp({
      ctx: runtime.ctx,
      logger: runtime.log,
      publicUrl: config.publicUrl,
      simulatedClock: runtime.simulatedClock,
      trustProxy: config.trustProxy,
    });
    let closing = false;
    const shutdown = async (signal: string): Promise<void> => {
      if (closing) {
        return;
      }
      closing = true;
      runtime.log.info({ signal }, 'shutting down');
      await app.close();
      await runtime.close();
      process.exit(0);
    };
    process.on('SIGINT', () => void shutdown('SIGINT'));
    process.on('SIGTERM', () => void shutdown('SIGTERM'));
    await app.listen({ port: config.port, host: config.host });
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    const lines = [
      '',
      `SAPS is running at ${config.publicUrl}  (ready in ${seconds} s)`,
      `  API docs:  ${config.publicUrl}/docs`,
      webAppBuilt() ? `  Web app:   ${config.publicUrl}/` : '  Web app:   not built: run npm run build (npm start does it when dist/web is missing)',
      `  Database:  ${runtime.handle.engine === 'pglite' ? `embedded (${config.dataDir}) — for evaluation, not production` : 'PostgreSQL'}`,
    ];
    if (runtime.simulatedClock) {
      lines.push(`  Clock:     simulated, now ${runtime.ctx.clock.now().toISOString()}`);
    }
    if (config.demo) {
      lines.push(`  Demo logins (password "${demoPassword}"):`);
      for (const login of demoLogins) {
        lines.push(`    ${login.email.padEnd(30)} ${login.organization} — ${login.roles.join(', ')}`);
      }
    }
    if (first.adminCreated) {
      lines.push(`  Operator admin created: ${first.adminCreated}`);
    }
    if (first.needsAdmin) {
      lines.push(
        '  No operator admin exists yet. Create one with:',
        '    npx saps user create --email you@example.com --name "Your Name" --role operator_admin --password <at least 10 characters>',
        '  (stop the server first when using the embedded database), or set SAPS_ADMIN_EMAIL and SAPS_ADMIN_PASSWORD.',
      );
    }
    process.stdout.write(`${lines.join('\n')}\n\n`);
    return -1;
  },
};

const migrate: Command = {
  summary: 'apply the database migrations and exit',
  help: `Usage: saps migrate

Applies the committed migrations to the database (DATABASE_URL, or the embedded database in
SAPS_DATA_DIR). Safe to run again: applied migrations are skipped.`,
  options: {},
  async run(config) {
    const runtime = await openRuntime(config);
    await runtime.close();
    process.stdout.write(`Migrations applied (${runtime.handle.engine}).\n`);
    return 0;
  },
};

const seed: Command = {
  summary: 'seed the program catalog; --demo adds the demo data',
  help: `Usage: saps seed [--demo]

Seeds the "Software Assurance Planning Services" program and its catalog. With --demo, also the
demo organisations and logins (password "${demoPassword}"). Running it twice adds nothing.`,
  options: { demo: { type: 'boolean' } },
  async run(config, values) {
    const runtime = await openRuntime(config);
    try {
      const now = runtime.ctx.clock.now();
      if (values.demo) {
        await seedDemo(runtime.ctx.db, now);
        process.stdout.write(`Demo data seeded. Logins (password "${demoPassword}"):\n`);
        for (const login of demoLogins) {
          process.stdout.write(`  ${login.email}\n`);
        }
      } else {
        await runtime.ctx.db.transaction((tx) => seedSaPlanningServices(tx, now, { withDemoRates: false }));
        process.stdout.write('Program catalog seeded.\n');
      }
      return 0;
    } finally {
      await runtime.close();
    }
  },
};

const userCreate: Command = {
  summary: 'create a user with a password (the first operator admin, for example)',
  help: `Usage: saps user create --email EMAIL --name NAME --role ROLE [--role ROLE] --password PASSWORD
                        [--organization-id ID]

Creates a user who can sign in at once. Without --organization-id the user joins the operator
organisation (created if missing). Roles: ${roles.join(', ')}.
The password needs at least ${minimumPasswordLength} characters.`,
  options: {
    email: { type: 'string' },
    name: { type: 'string' },
    role: { type: 'string', multiple: true },
    password: { type: 'string' },
    'organization-id': { type: 'string' },
  },
  async run(config, values) {
    const email = values.email as string | undefined;
    const name = values.name as string | undefined;
    const wanted = (values.role as string[] | undefined) ?? [];
    const password = values.password as string | undefined;
    const problems: string[] = [];
    if (!email || !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(email)) {
      problems.push('--email must be an e-mail address');
    }
    if (!name) {
      problems.push('--name is required');
    }
    if (wanted.length === 0) {
      problems.push('at least one --role is required');
    }
    const unknown = wanted.filter((r) => !(roles as readonly string[]).includes(r));
    if (unknown.length > 0) {
      problems.push(`unknown role(s): ${unknown.join(', ')}`);
    }
    if (!password || password.length < minimumPasswordLength) {
      problems.push(`--password needs at least ${minimumPasswordLength} characters`);
    }
    if (problems.length > 0) {
      process.stderr.write(`saps user create: ${problems.join('; ')}\n\n${userCreate.help}\n`);
      return 2;
    }
    const runtime = await openRuntime(config);
    try {
      const now = runtime.ctx.clock.now();
      const result = await runtime.ctx.db.transaction(async (tx) => {
        const organizationId =
          (values['organization-id'] as string | undefined) ?? (await ensureOperatorOrganization(tx, now));
        const [organization] = await tx.select().from(organizations).where(eq(organizations.id, organizationId));
        if (!organization) {
          return `no organisation ${organizationId}`;
        }
        const wrong = rolesNotAllowedFor(organization.kind, wanted as Role[]);
        if (wrong.length > 0) {
          return `a ${organization.kind} user cannot hold ${wrong.join(', ')}`;
        }
        const [existing] = await tx.select({ id: users.id }).from(users).where(eq(users.email, email!.toLowerCase()));
        if (existing) {
          return `a user with the e-mail ${email} already exists`;
        }
        await ensureUser(
          tx,
          { organizationId, email: email!, name: name!, roles: wanted as Role[], password: password! },
          now,
        );
        return null;
      });
      if (result) {
        process.stderr.write(`saps user create: ${result}\n`);
        return 1;
      }
      process.stdout.write(`User ${email!.toLowerCase()} created.\n`);
      return 0;
    } finally {
      await runtime.close();
    }
  },
};

const openapi: Command = {
  summary: 'print the OpenAPI 3.1 document (no database needed)',
  help: 'Usage: saps openapi\n\nPrints the OpenAPI 3.1 document that GET /api/openapi.json serves.',
  options: {},
  async run() {
    process.stdout.write(`${JSON.stringify(await generateOpenApiDocument(), null, 2)}\n`);
    return 0;
  },
};

export const commands: Record<string, Command> = {
  serve,
  migrate,
  seed,
  'user create': userCreate,
  openapi,
};
