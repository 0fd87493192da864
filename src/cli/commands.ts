import type { ParseArgsConfig } from 'node:util';
import type { Logger } from 'pino';
import type { SimulatedClock } from '../app/clock.js';
import type { AppContext } from '../app/context.js';
import { bootstrap } from '../app/seed/bootstrap.js';
import { demoLogins, demoPassword, seedDemo } from '../app/seed/seed-demo.js';
import { seedSaPlanningServices } from '../app/seed/seed-catalog.js';
import { backgroundJobs, runDueJobsOnce } from '../jobs/background-jobs.js';
import { createMailer } from '../jobs/mailer.js';
import { outboxBacklog } from '../jobs/outbox-dispatcher.js';
import { startScheduler, type Scheduler } from '../jobs/scheduler.js';
import type { Config } from './config.js';
import { openRuntime } from './runtime.js';
import { simulate, sweep } from './program-commands.js';
import { userCreate } from './user-commands.js';
import { auditVerify } from './integration-commands.js';
import { importCommand } from './import-commands.js';

type Values = Record<string, string | boolean | string[] | undefined>;

/**
 * What the command line needs of the HTTP layer. The composition root (src/main.ts) passes it
 * in, so that src/cli never imports src/http (the two are peers above src/app).
 */
export interface HttpLayer {
  build(options: {
    ctx: AppContext;
    logger: Logger;
    publicUrl: string;
    simulatedClock: SimulatedClock | undefined;
    trustProxy: false | number | string[];
    lifecycle: { draining: boolean };
    demo: boolean;
    metricsToken: string | undefined;
    singleSignOn: { issuer: string; clientId: string; clientSecret: string } | undefined;
  }): Promise<{ listen(options: { port: number; host: string }): Promise<unknown>; close(): Promise<unknown> }>;
  /** Whether the web app's build is there to serve. */
  webAppBuilt(): boolean;
  /** The OpenAPI 3.1 document, built without a database. */
  openApiDocument(): Promise<unknown>;
}

export interface Command {
  summary: string;
  help: string;
  options: NonNullable<ParseArgsConfig['options']>;
  /** Whether it takes arguments besides its options (`saps import agreements FILE.csv`). */
  positionals?: boolean;
  /** Exit code, or -1 to keep the process running (serve). */
  run(config: Config, values: Values, positionals: string[]): Promise<number>;
}

/** How long SIGTERM waits for the requests and jobs in progress before giving up. */
const shutdownGraceMs = 30_000;

const serve = (http: HttpLayer): Command => ({
  summary: 'start the HTTP server (API, docs) after migrating the database',
  help: `Usage: saps serve

Starts the HTTP server on HOST:PORT. It migrates the database first. On the first start it seeds
the "Software Assurance Planning Services" program, and in demo mode (the default with the
embedded database; SAPS_DEMO=0 turns it off) it adds the demo organisations and logins.
Processes started at once on one PostgreSQL database migrate and seed it one after the other.
SIGTERM or SIGINT stops accepting connections, finishes the requests and jobs in progress,
closes the database (releasing the embedded lock) and exits 0. GET /api/v1/health is liveness,
GET /api/v1/ready readiness.`,
  options: {},
  async run(config) {
    const started = performance.now();
    const runtime = await openRuntime(config);
    const first = await bootstrap(runtime.ctx, {
      demo: config.demo,
      adminEmail: config.adminEmail,
      adminPassword: config.adminPassword,
    });
    // Turns true on SIGTERM: readiness answers 503 so that a load balancer stops sending traffic.
    const lifecycle = { draining: false };
    const app = await http.build({
      ctx: runtime.ctx,
      logger: runtime.log,
      publicUrl: config.publicUrl,
      simulatedClock: runtime.simulatedClock,
      demo: config.demo,
      trustProxy: config.trustProxy,
      lifecycle,
      metricsToken: config.metricsToken,
      singleSignOn: config.singleSignOn,
    });
    // Background jobs read the shared clock too: fresh before each run, and every second.
    const clock = runtime.simulatedClock;
    if (clock?.shared) {
      clock.startRefreshing(1_000, (error) => runtime.log.warn({ err: error }, 'could not read the shared clock'));
    }
    const mailer = createMailer(config);
    const jobs = backgroundJobs(runtime, mailer).map((job) => ({
      ...job,
      run: async () => {
        await clock?.freshen();
        return job.run();
      },
    }));
    let closing = false;
    // Assigned once the server listens; a signal before then has no jobs to stop.
    let scheduler: Scheduler | undefined = undefined;
    /**
     * Graceful shutdown (issue 9, item 16): stop accepting connections and let the requests in
     * flight finish (Fastify's close), let the running jobs finish, close the database (which
     * releases the embedded lock), then exit 0. A shutdown stuck for longer than the grace period
     * exits 1 (the lock is released on exit all the same).
     */
    const shutdown = async (signal: string): Promise<void> => {
      if (closing) {
        return;
      }
      closing = true;
      lifecycle.draining = true;
      runtime.log.info({ signal }, 'shutting down: finishing the requests and jobs in progress');
      const force = setTimeout(() => {
        runtime.log.error({ graceMs: shutdownGraceMs }, 'shutdown did not finish in time: exiting');
        process.exit(1);
      }, shutdownGraceMs);
      force.unref();
      let code = 0;
      try {
        await app.close();
        await scheduler?.stop();
        // After the jobs: the outbox job may be sending through the pooled SMTP connections.
        await mailer.close();
        await runtime.close();
      } catch (error) {
        runtime.log.error({ err: error }, 'shutdown failed');
        code = 1;
      }
      runtime.log.info({ code }, 'stopped');
      process.exit(code);
    };
    process.on('SIGINT', () => void shutdown('SIGINT'));
    process.on('SIGTERM', () => void shutdown('SIGTERM'));
    await app.listen({ port: config.port, host: config.host });
    if (closing) {
      return -1; // a signal came while starting: the shutdown above runs
    }
    scheduler = startScheduler({ log: runtime.log, jobs });
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    const lines = [
      '',
      `SAPS is running at ${config.publicUrl}  (ready in ${seconds} s)`,
      `  API docs:  ${config.publicUrl}/docs`,
      http.webAppBuilt()
        ? `  Web app:   ${config.publicUrl}/`
        : '  Web app:   not built: run npm run build (npm start does it when dist/web is missing)',
      `  Database:  ${runtime.handle.engine === 'pglite' ? `embedded (${config.dataDir}) — for evaluation, not production` : 'PostgreSQL'}`,
    ];
    if (runtime.simulatedClock) {
      lines.push(
        `  Clock:     simulated, now ${runtime.ctx.clock.now().toISOString()} (kept in the database; PUT /api/v1/clock moves it)`,
      );
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
        '    npx saps user create --email you@example.com --name "Your Name" --role operator_admin --password <at least 12 characters, hard to guess>',
        '  (stop the server first when using the embedded database), or set SAPS_ADMIN_EMAIL and SAPS_ADMIN_PASSWORD.',
      );
    }
    process.stdout.write(`${lines.join('\n')}\n\n`);
    return -1;
  },
});

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

const jobsRun: Command = {
  summary: 'send the due reminders and outbox messages (e-mails) once and exit',
  help: `Usage: saps jobs run

Does once what "saps serve" does every few seconds: hands every committed domain event to its
consumers (notices, webhooks), writes the reminders that are due now (each once per recipient,
subject and offset, as the server and POST /admin/sweeps send them), then runs the outbox
dispatcher: sends every due message (notices, reminders, invitation e-mails, …) until none is
due, and prints how many were sent, retried later, or given up (dead letters after 8 failed
attempts). It does not sweep: "saps sweep" does. For a server that is stopped, or to see at once
what happens to a message. E-mail goes to SMTP_URL, or without it to .eml files under
SAPS_DATA_DIR/mail/. With the embedded database, stop the server first.`,
  options: {},
  async run(config) {
    const runtime = await openRuntime(config);
    const mailer = createMailer(config);
    try {
      const result = await runDueJobsOnce(runtime.ctx, mailer, { publicUrl: config.publicUrl });
      const backlog = await outboxBacklog(runtime.ctx);
      const lines = [
        `Events: ${result.events} handed to their consumers.`,
        `Reminders: ${result.remindersSent} due and written to the outbox.`,
        `Outbox: ${result.outbox.sent} sent, ${result.outbox.retried} failed and will be retried, ${result.outbox.failed} given up.`,
      ];
      if (backlog.waiting > 0) {
        lines.push(
          `  ${backlog.waiting} message(s) wait for a retry; the next is due at ${backlog.nextAt?.toISOString() ?? '?'}.`,
        );
      }
      if (backlog.dead > 0) {
        lines.push(`  ${backlog.dead} dead letter(s) in the outbox table (failed_at is set; see last_error).`);
      }
      if (!config.smtpUrl && result.outbox.sent > 0) {
        lines.push(`  SMTP_URL is not set: the e-mails were written to ${config.dataDir}/mail/.`);
      }
      process.stdout.write(`${lines.join('\n')}\n`);
      return 0;
    } finally {
      // The pooled SMTP connections would keep the process alive (mailer.ts).
      await mailer.close();
      await runtime.close();
    }
  },
};

const openapi = (http: HttpLayer): Command => ({
  summary: 'print the OpenAPI 3.1 document (no database needed)',
  help: 'Usage: saps openapi\n\nPrints the OpenAPI 3.1 document that GET /api/openapi.json serves.',
  options: {},
  async run() {
    process.stdout.write(`${JSON.stringify(await http.openApiDocument(), null, 2)}\n`);
    return 0;
  },
});

/** Every `saps` command, the HTTP ones built on the layer the composition root hands in. */
export const commandsFor = (http: HttpLayer): Record<string, Command> => ({
  serve: serve(http),
  migrate,
  seed,
  'user create': userCreate,
  'jobs run': jobsRun,
  sweep,
  simulate,
  openapi: openapi(http),
  'audit verify': auditVerify,
  import: importCommand,
});
