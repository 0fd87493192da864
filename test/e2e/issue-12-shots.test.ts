import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, it } from 'vitest';
import { demo } from '../support/api-client.js';
import { openContext, settle, signInViaApi, useBrowserSuite } from './browser.js';
import { ProgramStates } from './states.js';

/**
 * Screenshots of issue 12's major findings (M1–M7), for its closing note: run once on the web app
 * before issue 12's work (93b8fff, the parent of 224c49e, in its own worktree) and once on the
 * fixed one, each writing viewport pictures to its folder:
 * `SAPS_SHOTS_DIR=$PWD/docs/screenshots/issue-12/after TZ=UTC npx vitest run --config vitest.e2e.config.ts test/e2e/issue-12-shots.test.ts`
 * (docs/screenshots/issue-12/README.md lists them). Without SAPS_SHOTS_DIR the file is skipped: it
 * asserts nothing, it only takes pictures.
 */
const dir = process.env.SAPS_SHOTS_DIR;

describe.skipIf(!dir)('issue 12 screenshots', () => {
  const suite = useBrowserSuite('issue-12-shots-axe.json');

  async function shot(
    login: string | null,
    path: string,
    name: string,
    options: {
      fr?: boolean;
      act?: (page: Page) => Promise<void>;
      width?: number;
      /** A heading (or other text) to scroll to the top of the picture. */
      scrollTo?: string | RegExp;
    } = {},
  ) {
    const { context, page } = await openContext(suite.browser, suite.server.baseUrl, options.fr ? 'fr' : 'en');
    // Viewport pictures (a full page is up to 5000 px high and 700 KB): 1280×1000, or a phone.
    await page.setViewportSize(options.width ? { width: options.width, height: 844 } : { width: 1280, height: 1000 });
    if (login) {
      await signInViaApi(context, login);
    }
    await page.goto(path);
    await settle(page).catch(() => undefined);
    await page.waitForTimeout(400);
    await options.act?.(page).catch((error: unknown) => console.warn(`${name}: ${String(error)}`));
    if (options.scrollTo) {
      // Below the fixed 60 px header.
      await page
        .locator('#main')
        .getByText(options.scrollTo)
        .first()
        .evaluate((el) => window.scrollBy(0, el.getBoundingClientRect().top - 80), undefined, { timeout: 5_000 })
        .catch((error: unknown) => console.warn(`${name}: ${String(error)}`));
    }
    await page.waitForTimeout(600);
    mkdirSync(dir!, { recursive: true });
    await page.screenshot({ path: join(dir!, `${name}.png`) });
    await context.close();
  }

  it('takes the pictures', async () => {
    const states = new ProgramStates(suite.server.testApp);
    await states.setDate('2021-03-01T09:00:00.000Z');
    const reserved = await states.voucher('reserved');
    const completed = await states.voucher('completed');
    const redeemed = await states.voucher('redeemed');
    const paid = await states.voucher('redeemed');
    await states.registerForPayments();
    const submitted = await states.paymentRequest([redeemed.id], 'submitted');
    await states.paymentRequest([paid.id], 'paid');
    const assigned = await states.voucher('assigned');

    // M1: Approve and Deny offered to the partner admin and to the operator admin.
    await shot(demo.partner, `/payment-requests/${submitted.id}`, 'M1-partner-admin-submitted-request');
    await shot(demo.operator, `/payment-requests/${submitted.id}`, 'M1-operator-admin-submitted-request');
    // M2: the completion report without a deliverable.
    await shot(demo.consultant, `/partner/vouchers/${reserved.id}`, 'M2-completion-report-without-deliverable', {
      act: async (page) => {
        await page.getByRole('textbox', { name: /^Summary/ }).fill('Assessed the estate.');
        await page.getByRole('textbox', { name: /^Next steps/ }).fill('Pilot.');
        await page.getByRole('button', { name: 'Submit the completion report' }).click();
      },
      scrollTo: /^Summary/,
    });
    // M6: who is who on each side.
    await shot(demo.benefits, `/vouchers/${reserved.id}`, 'M6-customer-voucher-page');
    await shot(demo.benefits, `/vouchers/${assigned.id}`, 'M6-benefit-admin-assigned-voucher');
    await shot(demo.partner, `/partner/vouchers/${reserved.id}`, 'M6-partner-voucher-page');
    await shot(demo.partner, '/partner/vouchers', 'M6-partner-vouchers-list');
    // M7: French UI, English server text.
    await shot(demo.otherPartner, '/partner/onboarding/eligibility', 'M7-fr-eligibility', { fr: true });

    // M5: the last voucher day and the day after.
    await states.setDate('2021-06-30T10:00:00.000Z');
    const late = await states.voucher('completed');
    await shot(demo.operator, '/operator/dashboard', 'M5-operator-dashboard-2021-06-30');
    await shot(demo.operator, '/operator/dashboard', 'M5-operator-dashboard-deadlines-2021-06-30', {
      // The calendar's coming deadlines where the dashboard has them, else the 30-day list.
      scrollTo: /^(The program calendar's coming deadlines|Deadlines of the next 30 days)$/,
    });
    await shot(demo.benefits, '/agreements', 'M5-customer-agreements-2021-06-30');
    await shot(demo.benefits, '/vouchers', 'M5-customer-vouchers-2021-06-30');
    await states.setDate('2021-07-01T10:00:00.000Z');
    await shot(demo.benefits, '/vouchers', 'M5-customer-vouchers-2021-07-01');
    await shot(demo.pm, '/', 'M5-project-manager-home-no-calendar');

    // M4 and M3: after the last redemption day, with the blanket extension of +90 days.
    await states.extend('2021-07-01', 90);
    await states.setDate('2022-01-02T10:00:00.000Z');
    await shot(demo.partner, `/partner/vouchers/${late.id}`, 'M4-redeem-after-last-redemption-day');
    await shot(demo.partner, `/partner/vouchers/${late.id}`, 'M4-deadlines-after-last-redemption-day', {
      scrollTo: /^Deadlines$/,
    });
    await shot(demo.partner, '/partner/vouchers', 'M3-paid-voucher-still-to-invoice-2022');
    await shot(demo.partner, '/payment-requests/new', 'M3-new-payment-request-2022');
    await shot(demo.partner, '/partner/vouchers', 'minor-390px-partner-list', { width: 390 });
    void completed;
  }, 600_000);
});
