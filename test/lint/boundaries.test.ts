import { ESLint } from 'eslint';
import tseslint from 'typescript-eslint';
import { describe, expect, it } from 'vitest';

/**
 * The layer boundaries of eslint.config.js (architecture.md; issue 8 "Boundaries enforced by
 * lint"), each proven on a small probe source linted as if it sat in the layer: the violating
 * probe fails with the boundary's message, the allowed one passes. Type-aware rules are off
 * for the probes (their files do not exist); the boundary rules need no types.
 */
const eslint = new ESLint({
  cwd: process.cwd(),
  overrideConfig: [{ ...tseslint.configs.disableTypeChecked, files: ['**/*.ts'] }],
});

async function messages(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? [])
    .filter((m) => m.ruleId === 'no-restricted-syntax' || m.ruleId === '@typescript-eslint/no-restricted-imports')
    .map((m) => m.message);
}

describe('the domain imports only itself (an allow-list)', () => {
  it.each([
    ["import { readFileSync } from 'node:fs';"],
    ["import { z } from 'zod';"],
    ["import { sql } from 'drizzle-orm';"],
    ["import { recordAudit } from '../app/audit.js';"],
    ["export { x } from '../db/schema/index.js';"],
    ["export * from 'some-package';"],
    ["const m = await import('node:crypto');"],
  ])('refuses %s', async (line) => {
    expect(await messages('src/domain/probe.ts', `${line}\nexport const y = 1;\n`)).toEqual([
      expect.stringContaining('the domain is pure and imports only itself'),
    ]);
  });

  it('accepts ./file.js imports of the domain', async () => {
    expect(
      await messages(
        'src/domain/probe.ts',
        "import { DomainError } from './errors.js';\nexport const e = DomainError;\n",
      ),
    ).toEqual([]);
  });
});

describe('http, jobs and cli do not read the tables', () => {
  it.each([
    ['src/http/routes/probe.ts', '../../db/schema/index.js'],
    ['src/jobs/probe.ts', '../db/schema/index.js'],
    ['src/cli/probe.ts', '../db/schema/vouchers.js'],
  ])('refuses %s importing %s', async (file, source) => {
    expect(await messages(file, `import { vouchers } from '${source}';\nexport const t = vouchers;\n`)).toEqual([
      expect.stringContaining('only src/app and src/db read the tables'),
    ]);
  });

  it('lets src/app read them', async () => {
    expect(
      await messages(
        'src/app/probe.ts',
        "import { vouchers } from '../db/schema/index.js';\nexport const t = vouchers;\n",
      ),
    ).toEqual([]);
  });
});

describe('jobs and cli do not import http', () => {
  it.each([
    ['src/jobs/probe.ts', '../http/app.js'],
    ['src/cli/probe.ts', '../http/plugins/web-app.js'],
  ])('refuses %s importing %s', async (file, source) => {
    expect(await messages(file, `import { x } from '${source}';\nexport const y = x;\n`)).toEqual([
      expect.stringContaining('this layer may not import from src/http'),
    ]);
  });

  it('lets cli import jobs and app', async () => {
    expect(
      await messages(
        'src/cli/probe.ts',
        "import { fanOutEvents } from '../jobs/event-fan-out.js';\nimport { createUser } from '../app/organizations/create-user.js';\nexport const y = [fanOutEvents, createUser];\n",
      ),
    ).toEqual([]);
  });
});

describe('no voucher-status literal outside src/domain and src/db', () => {
  it.each([
    ['src/app/payments/probe.ts', 'redeemed'],
    ['src/http/routes/probe.ts', 'reserved'],
    ['src/jobs/probe.ts', 'expired'],
    ['src/cli/probe.ts', 'cancelled'],
    ['src/app/agreements/probe.ts', 'assigned'],
    ['src/app/operations/probe.ts', 'completed'],
  ])('refuses in %s the literal %s', async (file, status) => {
    expect(await messages(file, `export const isIt = (s: string) => s === '${status}';\n`)).toEqual([
      expect.stringContaining('a voucher status literal outside src/domain and src/db'),
    ]);
  });

  it('allows them in the domain and the data layer, and other words that contain them', async () => {
    expect(await messages('src/domain/probe.ts', "export const s = 'redeemed';\n")).toEqual([]);
    expect(await messages('src/db/schema/probe.ts', "export const s = 'redeemed';\n")).toEqual([]);
    expect(
      await messages('src/app/probe.ts', "export const s = 'payment-request.paid'; export const t = 'unredeemed';\n"),
    ).toEqual([]);
  });
});

describe('the app imports only types from the HTTP schemas (presenters return their output)', () => {
  it('refuses a value import and accepts a type import', async () => {
    expect(
      await messages(
        'src/app/probe.ts',
        "import { paymentRequest } from '../http/schemas/payments.js';\nexport const s = paymentRequest;\n",
      ),
    ).not.toEqual([]);
    expect(
      await messages(
        'src/app/probe.ts',
        "import type { paymentRequest } from '../http/schemas/payments.js';\nexport type S = typeof paymentRequest;\n",
      ),
    ).toEqual([]);
  });
});
