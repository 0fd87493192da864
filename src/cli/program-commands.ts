import { runSweep } from '../app/operations/run-sweep.js';
import { simulateAt, type Simulation } from '../app/operations/simulate-at.js';
import { isCalendarDate, isValidTimeZone, startOfLocalDay } from '../domain/calendar-dates.js';
import type { Command } from './commands.js';
import { openRuntime } from './runtime.js';

export const sweep: Command = {
  summary: 'run the sweep once: expire vouchers, remove remaining days on the removal date',
  help: `Usage: saps sweep

Runs the sweep the server also runs every minute: vouchers past their expiry become expired
(their days return to the agreement, or are forfeited when the agreement ended or the remaining
days were removed), and on the removal date every agreement's remaining days are removed.
Idempotent; safe while servers run (on PostgreSQL). Uses the server's clock settings
(SAPS_SIMULATED_CLOCK, demo mode).`,
  options: {},
  async run(config) {
    const runtime = await openRuntime(config);
    try {
      const started = performance.now();
      // Progress on a terminal only: a sweep over a large backlog takes a while.
      const tty = process.stderr.isTTY;
      const result = await runSweep(runtime.ctx, {
        onProgress: (soFar) => {
          if (tty) {
            process.stderr.write(
              `\r  … ${soFar.expired} vouchers expired, ${soFar.agreementsEmptied} agreements emptied`,
            );
          }
        },
      });
      if (tty) {
        process.stderr.write('\n');
      }
      process.stdout.write(
        `Sweep at ${runtime.ctx.clock.now().toISOString()} (${((performance.now() - started) / 1000).toFixed(1)} s):\n` +
          `  vouchers expired      ${result.expired}\n  days returned         ${result.daysReturned}\n` +
          `  days forfeited        ${result.daysForfeited}\n  agreements emptied    ${result.agreementsEmptied}\n` +
          `  days removed          ${result.daysRemoved}\n`,
      );
      return 0;
    } finally {
      await runtime.close();
    }
  },
};

function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  return rows
    .map((r) =>
      r
        .map((cell, i) => cell.padEnd(widths[i]!))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

export function formatSimulation(simulation: Simulation): string {
  const parts = [`Dry run at ${simulation.at.toISOString()} — nothing was changed.`, ''];
  for (const program of simulation.programs) {
    parts.push(`${program.name} (time zone ${program.timeZone})`);
    parts.push(
      table([
        ['date', 'from (UTC)', 'state', 'rule'],
        ...program.rules.map((r) => [r.date, r.from.toISOString(), r.inForce ? 'in force' : 'not yet', r.rule]),
      ]),
    );
    parts.push('');
  }
  const s = simulation.sweep;
  parts.push('What the sweep would do:');
  parts.push(
    table([
      ['effect', 'count'],
      ['vouchers expired', String(s.expired)],
      ['days returned to agreements', String(s.daysReturned)],
      ['days forfeited', String(s.daysForfeited)],
      ['agreements emptied (retirement removal)', String(s.agreementsEmptied)],
      ['days removed', String(s.daysRemoved)],
    ]),
  );
  return `${parts.join('\n')}\n`;
}

export const simulate: Command = {
  summary: 'dry run: what the sweep and the calendar would do at a date; changes nothing',
  help: `Usage: saps simulate --at DATE|INSTANT [--time-zone ZONE]

Prints, as tables, which calendar rules are in force and what the sweep would do at that moment
(vouchers expired, days returned, forfeited and removed). Nothing is changed: the sweep runs in
a transaction that is rolled back.

  --at         2021-07-01 (00:00 of that date in --time-zone) or an ISO instant
  --time-zone  IANA zone for a date given to --at (default UTC)

Example: saps simulate --at 2021-07-01`,
  options: { at: { type: 'string' }, 'time-zone': { type: 'string' } },
  async run(config, values) {
    const atText = values.at as string | undefined;
    const zone = (values['time-zone'] as string | undefined) ?? 'UTC';
    if (!isValidTimeZone(zone)) {
      process.stderr.write(`saps simulate: --time-zone: not an IANA time zone: ${zone}\n`);
      return 2;
    }
    let at: Date | undefined;
    if (atText && isCalendarDate(atText)) {
      at = startOfLocalDay(atText, zone);
    } else if (atText && /^\d{4}-\d{2}-\d{2}T/.test(atText) && !Number.isNaN(Date.parse(atText))) {
      at = new Date(atText);
    }
    if (!at) {
      process.stderr.write(`saps simulate: --at needs a date (YYYY-MM-DD) or an ISO instant\n\n${simulate.help}\n`);
      return 2;
    }
    const runtime = await openRuntime(config);
    try {
      process.stdout.write(formatSimulation(await simulateAt(runtime.ctx, at)));
      return 0;
    } finally {
      await runtime.close();
    }
  },
};
