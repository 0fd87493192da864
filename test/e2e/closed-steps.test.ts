import type { Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import en from '../../src/web/locales/en.json' with { type: 'json' };
import { demo } from '../support/api-client.js';
import { openContext, screenshot, seriousViolations, settle, signInViaApi, useBrowserSuite } from './browser.js';
import { ProgramStates, type VoucherState } from './states.js';

/**
 * The lists say what the server and the calendar say (decision 024):
 * - on the operator's dashboard a deadline is its last day ("30 Apr 2021"), as on the voucher
 *   pages and the program calendar, never the instant it bites ("1 May 2021, 00:00 UTC");
 * - on 2022-01-02, after the program's last redemption day and before the sweep has ended the
 *   vouchers, no list offers "Redeem" or names redemption as the next step: each says that
 *   redemption closed, the last day and the rule; the server no longer lists `redeem` then.
 */
const suite = useBrowserSuite('closed-steps-axe.json');

/** A calendar date as the pages show it (en-GB, medium). */
const shown = (date: string) =>
  new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeZone: 'UTC' }).format(new Date(`${date}T00:00:00Z`));

async function visit(login: string, path: string, name: string, check: (page: Page) => Promise<void>) {
  const { context, page, problems } = await openContext(suite.browser, suite.server.baseUrl, 'en');
  try {
    await signInViaApi(context, login);
    await page.goto(path);
    await settle(page);
    await check(page);
    await screenshot(page, name);
    suite.axeFindings.push(...(await seriousViolations(page, name)));
    suite.axeChecked.push(name);
  } catch (error) {
    await screenshot(page, `failed-${name}`).catch(() => undefined);
    throw error;
  } finally {
    await context.close();
  }
  expect(problems, name).toEqual([]);
}

function rowOf(page: Page, voucher: VoucherState): Locator {
  return page.locator('#main').getByRole('row').filter({ hasText: voucher.code });
}

describe('deadlines and closed steps in the lists', () => {
  let states: ProgramStates;
  const vouchers: Record<'reserved' | 'completed' | 'redeemed', VoucherState> = {} as never;

  it('shows a payment deadline on the dashboard as its last day', async () => {
    states = new ProgramStates(suite.server.testApp);
    await states.setDate('2021-03-01T09:00:00.000Z');
    vouchers.reserved = await states.voucher('reserved');
    vouchers.completed = await states.voucher('completed');
    vouchers.redeemed = await states.voucher('redeemed');
    // Payment registration opens after the partner's first redemption.
    await states.registerForPayments();
    const redeemed = (await states.api.get(demo.partner, `/vouchers/${vouchers.redeemed.id}`)).body as {
      deadlines: { paymentBy: { lastDay: string; before: string } };
    };
    const { lastDay, before } = redeemed.deadlines.paymentBy;
    // The rule bites at 00:00 of the day after the last day (the program is in UTC).
    expect(before).toBe(new Date(Date.parse(`${lastDay}T00:00:00Z`) + 86_400_000).toISOString());
    // Ten days before it, the deadline is among the dashboard's next 30 days.
    await states.setDate(new Date(Date.parse(before) - 10 * 86_400_000).toISOString());

    await visit(demo.operator, '/operator/dashboard', 'closed-steps-dashboard', async (page) => {
      const row = rowOf(page, vouchers.redeemed);
      await row.waitFor();
      const cells = await row.getByRole('cell').allInnerTexts();
      expect(cells.slice(0, 2)).toEqual([shown(lastDay), en.deadlineKinds.payment_request]);
      expect(await row.innerText()).not.toContain('00:00');
      await page.getByRole('columnheader', { name: en.dashboard.due }).waitFor();
    });
    // The voucher page and the list of the partner give the same day.
    await visit(demo.partner, '/partner/vouchers', 'closed-steps-partner-payment-by', async (page) => {
      await rowOf(page, vouchers.redeemed).getByText(shown(lastDay)).waitFor();
    });
  });

  it('says redemption closed in every list after the last redemption day, before the sweep', async () => {
    // Extended, so that they are live (not expired) on 2022-01-02; the sweep does not run here.
    await states.extend('2021-07-01', 365);
    await states.setDate('2022-01-02T10:00:00.000Z');
    for (const voucher of [vouchers.reserved, vouchers.completed]) {
      const answer = (await states.api.get(demo.partner, `/vouchers/${voucher.id}`)).body as {
        status: string;
        availableActions: string[];
      };
      expect(answer.status).toBe(voucher.status);
      expect(answer.availableActions).not.toContain('redeem');
    }
    const program = (await states.api.get(demo.operator, `/programs/${states.programId}`)).body as {
      calendar: { lastRedemptionDate: string };
    };
    const last = program.calendar.lastRedemptionDate;
    expect(last < '2022-01-02').toBe(true);
    const closedNote = en.closed.redeemTitle;
    const closedBody = en.closed.body
      .replace('{{date}}', shown(last))
      .replace('{{rule}}', en.deadlineRules.last_redemption_day);
    const passed = `${shown(last)} · ${en.voucher.deadlinePassed}`;

    for (const path of ['/partner/vouchers', '/home']) {
      await visit(demo.partner, path, `closed-steps-partner${path.replace(/\//g, '-')}`, async (page) => {
        const completed = rowOf(page, vouchers.completed);
        await completed.waitFor();
        expect(await completed.getByRole('link', { name: en.partnerVouchers.redeemAction }).count()).toBe(0);
        expect(await completed.locator('[data-action="redeem"]').count()).toBe(0);
        await completed.getByText(closedNote, { exact: true }).waitFor();
        await completed.getByText(closedBody, { exact: true }).waitFor();
        await completed.getByText(passed).waitFor();
        // The report may still be filed (the server lists `complete`), but redemption is closed.
        const reserved = rowOf(page, vouchers.reserved);
        await reserved.getByRole('link', { name: en.partnerVouchers.completeAction }).waitFor();
        await reserved.getByText(closedNote, { exact: true }).waitFor();
      });
    }
    for (const login of [demo.benefits, demo.pm]) {
      await visit(login, '/home', `closed-steps-home-${login.split('@')[0]}`, async (page) => {
        for (const voucher of [vouchers.reserved, vouchers.completed]) {
          const row = rowOf(page, voucher);
          await row.waitFor();
          await row.getByText(closedNote, { exact: true }).waitFor();
          expect(await row.getByText(en.home.step.completed).count()).toBe(0);
          expect(await row.getByText(en.home.step.reserved).count()).toBe(0);
          await row.getByText(passed).waitFor();
        }
      });
    }
    await visit(demo.benefits, '/vouchers', 'closed-steps-vouchers', async (page) => {
      await rowOf(page, vouchers.completed).getByText(passed).waitFor();
    });
    expect(suite.axeFindings).toEqual([]);
  });
});
