import { randomUUID } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { demoLicensingId } from '../../src/app/seed/seed-demo-customers.js';
import { submitPaymentRequest } from '../../src/app/payments/submit-payment-request.js';
import { agreements } from '../../src/db/schema/index.js';
import {
  actorFor,
  demoEmails,
  ensureAgreement,
  makeVoucher,
  registerFabrikamForPayments,
} from '../support/voucher-factory.js';
import { checkAxe, openContext, screenshot, settle, signInViaApi, useBrowserSuite } from './browser.js';

const suite = useBrowserSuite('axe-close-out.json');

/**
 * The close-out report page (issue 11, item 7) in Chromium: balanced on the demo data, then
 * unbalanced after a raw SQL edit, with the agreement linked and reachable from the keyboard;
 * the CSV behind "Export CSV"; the error state; axe-core in English and French.
 */

async function demoAgreementId(): Promise<string> {
  const [row] = await suite.server.testApp.ctx.db
    .select({ id: agreements.id })
    .from(agreements)
    .where(eq(agreements.licensingId, demoLicensingId));
  return row!.id;
}

/** A ledger entry written behind the stored balance's back: Σ entries = 42, balance 40. */
async function breakTheBooks(): Promise<void> {
  await suite.server.testApp.ctx.db.execute(
    sql`insert into ledger_entries (agreement_id, kind, days, at, note)
        values (${await demoAgreementId()}, 'adjustment', 2, now(), 'e2e: written behind the balance')`,
  );
}

/** Moves the program date as the operator would, through the API (decision 017). */
async function setProgramDate(now: string): Promise<void> {
  const base = suite.server.baseUrl;
  const login = await fetch(`${base}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: 'operator@saps.example', password: 'demo-password' }),
  });
  const { token } = (await login.json()) as { token: string };
  const moved = await fetch(`${base}/api/v1/clock`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ now, allowBackwards: true }),
  });
  expect(moved.status, await moved.text()).toBe(200);
}

async function mendTheBooks(): Promise<void> {
  await suite.server.testApp.ctx.db.execute(
    sql`delete from ledger_entries where note = 'e2e: written behind the balance'`,
  );
}

describe('the close-out report in Chromium', () => {
  it('shows the demo program balanced, with its days, and offers the CSV', async () => {
    const { context, page, problems } = await openContext(suite.browser, suite.server.baseUrl);
    await signInViaApi(context, 'finance@saps.example');
    await page.goto('/');
    await page.getByRole('link', { name: 'Close-out report' }).click();
    await page.getByRole('heading', { name: 'Close-out report' }).waitFor();
    await settle(page);
    await page.getByRole('heading', { name: 'Conservation equations' }).waitFor();
    // The program badge and one per equation.
    expect(await page.getByText('Balanced', { exact: true }).count()).toBe(4);
    await page.getByText('Every agreement balances.').waitFor();
    await page.getByText('No voucher redeemed and no payment request yet.').waitFor();
    const accrued = page.getByRole('row', { name: /^Accrued/ });
    expect(await accrued.textContent()).toContain('40');
    const exportLink = page.getByRole('link', { name: 'Export CSV' });
    const href = await exportLink.getAttribute('href');
    expect(href).toMatch(/^\/api\/v1\/exports\/close-out\.csv\?programId=[0-9a-f-]{36}$/);
    const csv = await context.request.get(href!);
    expect(csv.status()).toBe(200);
    expect(csv.headers()['content-type']).toBe('text/csv; charset=utf-8');
    expect((await csv.text()).split('\r\n')[0]).toMatch(/^section,item,agreementId,/);
    await screenshot(page, 'close-out-balanced');
    expect(problems).toEqual([]);
    await context.close();
  });

  it('gives the money by delivery country once vouchers are redeemed and a payment requested', async () => {
    const t = suite.server.testApp;
    // The factory's agreement gets its days before the accrual end date (2021-02-01).
    await setProgramDate('2021-01-15T12:00:00.000Z');
    await ensureAgreement(t);
    await setProgramDate('2021-03-01T09:00:00.000Z');
    const first = await makeVoucher(t, { days: 5 });
    await registerFabrikamForPayments(t);
    await makeVoucher(t, { days: 3, country: 'GB' });
    await submitPaymentRequest(t.ctx, await actorFor(t, demoEmails.partner), {
      voucherIds: [first.id],
      invoiceNumber: 'INV-E2E-CLOSE',
      invoiceDate: '2021-03-01',
    });
    const { context, page, problems } = await openContext(suite.browser, suite.server.baseUrl);
    await signInViaApi(context, 'operator@saps.example');
    await page.goto('/operator/close-out');
    await settle(page);
    await page.getByRole('heading', { name: 'Money' }).waitFor();
    const us = page.getByRole('row', { name: /^United States/ });
    // 5 days × USD 1,000.00: redeemed, requested and outstanding.
    expect((await us.textContent())?.match(/US\$5,000\.00/g)).toHaveLength(3);
    await page.getByRole('row', { name: /^United Kingdom/ }).waitFor();
    await page.getByRole('rowheader', { name: 'Total in USD' }).waitFor();
    expect(await page.getByText('Balanced', { exact: true }).count()).toBe(4);
    await screenshot(page, 'close-out-money');
    expect(problems).toEqual([]);
    await context.close();
  });

  it('names an unbalanced agreement, linked, and the link works from the keyboard', async () => {
    await breakTheBooks();
    try {
      const { context, page, problems } = await openContext(suite.browser, suite.server.baseUrl);
      await signInViaApi(context, 'operator@saps.example');
      await page.goto('/operator/close-out');
      await settle(page);
      await page.getByRole('heading', { name: 'Agreements that do not balance' }).waitFor();
      expect(await page.getByText('Unbalanced', { exact: true }).count()).toBeGreaterThanOrEqual(2);
      const link = page.getByRole('link', { name: demoLicensingId });
      await screenshot(page, 'close-out-unbalanced');
      await link.focus();
      await page.keyboard.press('Enter');
      await page.waitForURL(`**/agreements/${await demoAgreementId()}`);
      expect(problems).toEqual([]);
      await context.close();
    } finally {
      await mendTheBooks();
    }
  });

  it('shows the problem, with a retry, for a program nobody created', async () => {
    const { context, page, problems } = await openContext(suite.browser, suite.server.baseUrl);
    await signInViaApi(context, 'operator@saps.example');
    await page.goto(`/operator/close-out?programId=${randomUUID()}`);
    await page.getByRole('alert').waitFor();
    await page.getByRole('button', { name: 'Try again' }).waitFor();
    // The browser logs the 404 answer itself; nothing else may go wrong.
    expect(problems.filter((p) => !p.includes('404'))).toEqual([]);
    await context.close();
  });

  for (const language of ['en', 'fr'] as const) {
    const title = language === 'fr' ? 'Rapport de clôture' : 'Close-out report';
    const equations = language === 'fr' ? 'Équations de conservation' : 'Conservation equations';
    const ready = async (page: Page) => {
      await page.getByRole('heading', { name: title }).waitFor();
      await page.getByRole('heading', { name: equations }).waitFor();
    };
    it(`has no serious or critical axe-core violation, balanced and unbalanced (${language})`, async () => {
      const target = { login: 'operator@saps.example', path: '/operator/close-out' };
      await checkAxe(suite, language, [{ ...target, name: 'close-out' }], { ready });
      await breakTheBooks();
      try {
        await checkAxe(suite, language, [{ ...target, name: 'close-out-unbalanced' }], { ready });
      } finally {
        await mendTheBooks();
      }
    });
  }
});
