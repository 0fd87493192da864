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
import { backgroundJobs } from '../jobs/background-jobs.js';
import { createMailer } from '../jobs/mailer.js';
import { eventConsumers } from '../jobs/event-consumers.js';
import { fanOutEvents } from '../jobs/event-fan-out.js';
import { dispatchOutbox, outboxBacklog } from '../jobs/outbox-dispatcher.js';
import { startScheduler, type Scheduler } from '../jobs/scheduler.js';
import type { Config } from './config.js';
import { openRuntime } from './runtime.js';
import { simulate, sweep } from './program-commands.js';
import { generateOpenApiDocument } from './openapi.js';
import { auditVerify } from './integration-commands.js';

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
      metricsToken: config.metricsToken,
    });
    let closing = false;
    // Assigned once the server listens; a signal before then has no jobs to stop.
    let scheduler: Scheduler | undefined = undefined;
    const shutdown = async (signal: string): Promise<void> => {
      if (closing) {
        return;
      }
      closing = true;
      runtime.log.info({ signal }, 'shutting down');
      await app.close();
      // The jobs use the database: let a running dispatch finish before closing it.
      await scheduler?.stop();
      await runtime.close();
      process.exit(0);
    };
    process.on('SIGINT', () => void shutdown('SIGINT'));
    process.on('SIGTERM', () => void shutdown('SIGTERM'));
    await app.listen({ port: config.port, host: config.host });
    scheduler = startScheduler({ log: runtime.log, jobs: backgroundJobs(runtime, createMailer(config)) });
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    const lines = [
      '',
      `SAPS is running at ${config.publicUrl}  (ready in ${seconds} s)`,
      `  API docs:  ${config.publicUrl}/docs`,
      webAppBuilt()
        ? `  Web app:   ${config.publicUrl}/`
        : '  Web app:   not built: run npm run build (npm start does it when dist/web is missing)',
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

const jobsRun: Command = {
  summary: 'send the due outbox messages (e-mails) once and exit',
  help: `Usage: saps jobs run

Hands every committed domain event to its consumers (notices, webhooks), then runs the outbox
dispatcher once: sends every due message (invitation e-mails, …) until none is
due, then prints how many were sent, retried later, or given up (dead letters after 8 failed
attempts). "saps serve" already does this every 2 seconds; this command is for a server that
is stopped, or to see at once what happens to a message. E-mail goes to SMTP_URL, or without
it to .eml files under SAPS_DATA_DIR/mail/. With the embedded database, stop the server first.`,
  options: {},
  async run(config) {
    const runtime = await openRuntime(config);
    try {
      const mailer = createMailer(config);
      const fanned = await fanOutEvents(runtime.ctx, eventConsumers());
      const result = await dispatchOutbox(runtime.ctx, mailer, { batchSize: 20 });
      const backlog = await outboxBacklog(runtime.ctx);
      const lines = [
        `Events: ${fanned.processed} handed to their consumers.`,
        `Outbox: ${result.sent} sent, ${result.retried} failed and will be retried, ${result.failed} given up.`,
      ];
      if (backlog.waiting > 0) {
        lines.push(
          `  ${backlog.waiting} message(s) wait for a retry; the next is due at ${backlog.nextAt?.toISOString() ?? '?'}.`,
        );
      }
      if (backlog.dead > 0) {
        lines.push(`  ${backlog.dead} dead letter(s) in the outbox table (failed_at is set; see last_error).`);
      }
      if (!config.smtpUrl && result.sent > 0) {
        lines.push(`  SMTP_URL is not set: the e-mails were written to ${config.dataDir}/mail/.`);
      }
      process.stdout.write(`${lines.join('\n')}\n`);
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
  'jobs run': jobsRun,
  sweep,
  simulate,
  openapi,
  'audit verify': auditVerify,
};
