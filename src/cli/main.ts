import { parseArgs } from 'node:util';
import { ConfigError, loadConfig } from './config.js';
import { DataDirLockedError } from '../db/data-dir-lock.js';
import { commandsFor, type Command, type HttpLayer } from './commands.js';

const usageOf = (commands: Record<string, Command>): string => `saps — the SAPS voucher benefit program platform

Usage: saps <command> [options]

Commands:
${Object.entries(commands)
  .map(([name, command]) => `  ${name.padEnd(14)}${command.summary}`)
  .join('\n')}

Run "saps <command> --help" for a command's options.
Configuration comes from environment variables; see the README's configuration table.`;

async function main(argv: string[], http: HttpLayer): Promise<number> {
  const commands = commandsFor(http);
  const usage = usageOf(commands);
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(`${usage}\n`);
    return name ? 0 : 1;
  }
  // Two-word commands ("user create", "jobs run") are keys with a space: a first word that
  // begins one takes the next word with it.
  const key = Object.keys(commands).some((k) => k.startsWith(`${name} `))
    ? `${name} ${rest.shift() ?? ''}`.trim()
    : name;
  const command: Command | undefined = commands[key];
  if (!command) {
    process.stderr.write(`saps: unknown command "${key}"\n\n${usage}\n`);
    return 2;
  }
  let parsed;
  try {
    parsed = parseArgs({
      args: rest,
      options: { ...command.options, help: { type: 'boolean', short: 'h' } },
      strict: true,
      allowPositionals: command.positionals ?? false,
    });
  } catch (error) {
    process.stderr.write(`saps ${key}: ${(error as Error).message}\n\n${command.help}\n`);
    return 2;
  }
  if (parsed.values.help) {
    process.stdout.write(`${command.help}\n`);
    return 0;
  }
  const config = loadConfig();
  return command.run(config, parsed.values, parsed.positionals);
}

/** Runs `saps <argv>` and sets the exit code; src/main.ts, the composition root, calls it. */
export function runCli(argv: string[], http: HttpLayer): Promise<void> {
  return main(argv, http).then(
    (code) => {
      if (code !== -1) {
        process.exitCode = code;
      }
    },
    (error: unknown) => {
      if (error instanceof ConfigError || error instanceof DataDirLockedError) {
        process.stderr.write(`saps: ${error.message}\n`);
        process.exitCode = 1;
        return;
      }
      process.stderr.write(`saps: ${(error as Error).stack ?? String(error)}\n`);
      process.exitCode = 1;
    },
  );
}
