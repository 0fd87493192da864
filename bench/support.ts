import { existsSync } from 'node:fs';
import pg from 'pg';

/** The server the benchmarks create their own databases on; they drop them afterwards. */
export const benchServerUrl = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export function databaseUrl(database: string): string {
  const url = new URL(benchServerUrl);
  url.pathname = `/${database}`;
  return url.toString();
}

export async function adminQuery(text: string): Promise<void> {
  const client = new pg.Client({ connectionString: benchServerUrl });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}

export async function createDatabase(name: string, template?: string): Promise<string> {
  await adminQuery(`create database ${name}${template ? ` template ${template}` : ''}`);
  return databaseUrl(name);
}

export async function dropDatabase(name: string): Promise<void> {
  await adminQuery(`drop database if exists ${name} with (force)`);
}

export function benchDatabaseName(label: string): string {
  return `saps_bench_${label}_${process.pid}`;
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) {
    return Number.NaN;
  }
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

export function ms(value: number): string {
  return `${value.toFixed(1)} ms`;
}

export function mib(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(0)} MiB`;
}

/** pgbench from PostgreSQL 15 if installed there, else the one on PATH, else none. */
export function findPgbench(): string | null {
  const candidates = [process.env.PGBENCH, '/usr/lib/postgresql/15/bin/pgbench', '/usr/bin/pgbench'];
  for (const candidate of candidates) {
    if (candidate && existsSync(candidate)) {
      return candidate;
    }
  }
  return null;
}

/** The environment a reproduction command needs, beside the defaults. */
export function envPrefix(vars: Record<string, string | number | undefined>): string {
  const parts = Object.entries(vars)
    .filter(([, value]) => value !== undefined)
    .map(([key, value]) => `${key}=${value}`);
  if (process.env.BENCH_DATABASE_URL) {
    parts.unshift(`BENCH_DATABASE_URL=${process.env.BENCH_DATABASE_URL}`);
  }
  return parts.length > 0 ? `${parts.join(' ')} ` : '';
}
