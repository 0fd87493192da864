import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import en from '../../src/web/locales/en.json' with { type: 'json' };
import { demo } from '../support/api-client.js';
import { openContext, screenshot, settle, useBrowserSuite } from './browser.js';
import {
  activate,
  asUser,
  chooseFiles,
  fill,
  label,
  money,
  pickOption,
  skipToContent,
  typeDate,
  typeInto,
} from './keyboard.js';
import { ProgramStates } from './states.js';

/**
 * The customer's and the partner's flows with the keyboard alone (issue 12, quality bar "every
 * flow can be done with the keyboard alone, and each is tested"): Tab, Shift+Tab, Enter, Space,
 * the arrow keys and typing; no click anywhere. Each flow starts from objects that ProgramStates
 * put in the state it needs, on this file's own server (the demo agreement keeps its days).
 */
const suite = useBrowserSuite('keyboard-flows-axe.json');

function statusIn(page: Page, status: keyof typeof en.status) {
  return page.locator('#main').getByText(en.status[status], { exact: true }).first();
}

describe('the customer and partner flows with the keyboard alone', () => {
  let states: ProgramStates;

  it('signs in and creates a voucher with the keyboard alone', async () => {
    states = new ProgramStates(suite.server.testApp);
    await states.setDate('2021-03-01T09:00:00.000Z');
    const { context, page, problems } = await openContext(suite.browser, suite.server.baseUrl, 'en');
    await page.goto('/sign-in');
    await page.getByRole('heading', { name: en.auth.signInTitle }).waitFor();
    // Sign in: Tab into the form, type, Enter.
    await typeInto(page, page.getByRole('textbox', { name: label(en.auth.email) }), demo.benefits);
    await page.keyboard.press('Tab');
    await page.keyboard.type('demo-password');
    await page.keyboard.press('Enter');
    await page.getByRole('navigation', { name: 'Main navigation' }).waitFor();
    await settle(page);

    // "Create a voucher" in the navigation: Tab to it, Enter.
    await activate(page, page.getByRole('navigation').getByRole('link', { name: en.nav.createVoucher }));
    await page.waitForURL(/\/vouchers\/new$/);
    await settle(page);

    // The only agreement is preselected; Selects: typing filters, ArrowDown moves, Enter picks.
    await pickOption(
      page,
      page.getByRole('combobox', { name: label(en.vouchers.engagementType) }),
      'Windows and Office',
    );
    expect(await page.getByRole('combobox', { name: label(en.vouchers.engagementType) }).inputValue()).toBe(
      'Windows and Office Deployment Planning',
    );
    // The length: a radio group; Tab in, the arrow keys move the choice.
    await page.keyboard.press('Tab');
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowRight');
    await pickOption(page, page.getByRole('combobox', { name: label(en.vouchers.projectManager) }));
    expect(await page.getByRole('combobox', { name: label(en.vouchers.projectManager) }).inputValue()).toMatch(
      /Paul Manager/,
    );
    await activate(page, page.getByRole('button', { name: en.vouchers.createSubmit }));
    await page.waitForURL(/\/vouchers\/[0-9a-f-]{36}$/);
    await settle(page);
    await statusIn(page, 'assigned').waitFor();
    const id = /\/vouchers\/([0-9a-f-]{36})$/.exec(page.url())![1]!;
    const voucher = (await states.api.get(demo.benefits, `/vouchers/${id}`)).body as { status: string; days: number };
    // Tab landed on the first length (1 day); two ArrowRights moved the choice to 5 days.
    expect(voucher).toMatchObject({ status: 'assigned', days: 5 });
    await screenshot(page, 'keyboard-voucher-created-en');
    expect(problems).toEqual([]);
    await context.close();
  });

  it('validates a code and reserves the voucher with the keyboard alone', async () => {
    const voucher = await states.voucher('assigned');
    const today = '2021-03-01';
    await asUser(suite, demo.partner, '/partner/reserve', 'keyboard-reserve', async (page) => {
      await skipToContent(page);
      await typeInto(page, page.getByRole('textbox', { name: label(en.reserve.code) }), voucher.code);
      await typeInto(page, page.getByRole('textbox', { name: label(en.reserve.customerEmail) }), demo.benefits);
      // Enter in a field submits the form.
      await page.keyboard.press('Enter');
      await page.getByRole('cell', { name: 'Northwind Traders' }).waitFor();
      await activate(page, page.getByRole('button', { name: en.reserve.continue }));

      // Not searchable: typing would do nothing but Space, which toggles its list (under load,
      // the typed "United States" once left the field empty). The arrow keys pick the option.
      const location = page.getByRole('combobox', { name: label(en.reserve.location) });
      await pickOption(page, location, undefined, 'United States');
      expect(await location.inputValue()).toBe('United States');
      await typeDate(page, page.getByLabel(label(en.reserve.plannedStart)), today);
      await typeDate(page, page.getByLabel(label(en.reserve.plannedEnd)), '2021-03-02');
      // The terms checkbox: Space ticks it.
      const terms = page.getByRole('checkbox', { name: /I accept the program terms/ });
      await activate(page, terms, 'Space');
      expect(await terms.isChecked()).toBe(true);
      await activate(page, page.getByRole('button', { name: en.reserve.reserve }));
      await page.waitForURL(`**/partner/vouchers/${voucher.id}`);
      await page.getByText(fill(en.reserve.reserved, { code: voucher.code })).waitFor();
      await statusIn(page, 'reserved').waitFor();
    });
    const answer = (await states.api.get(demo.partner, `/vouchers/${voucher.id}`)).body as {
      status: string;
      reservation: { plannedStart: string; plannedEnd: string };
    };
    expect(answer.status).toBe('reserved');
    expect(answer.reservation).toMatchObject({ plannedStart: today, plannedEnd: '2021-03-02' });
  });

  it('files the completion report, with the deliverable from the file chooser, with the keyboard alone', async () => {
    const voucher = await states.voucher('reserved');
    const deliverable = Buffer.from('%PDF-1.4\n% SAPS keyboard deliverable\n');
    await asUser(suite, demo.partner, `/partner/vouchers/${voucher.id}`, 'keyboard-report', async (page) => {
      await skipToContent(page);
      // The delivery dates are prefilled with the planned ones, now that they have come.
      await pickOption(page, page.getByRole('combobox', { name: label(en.report.consultants) }), 'Carlos');
      await page.keyboard.press('Escape');
      await typeInto(page, page.getByRole('textbox', { name: label(en.report.summary) }), 'Assessed the estate.');
      await typeInto(page, page.getByRole('textbox', { name: label(en.report.nextSteps) }), 'Pilot in April.');
      await chooseFiles(page, page.getByRole('button', { name: en.report.chooseFiles }), [
        { name: 'keyboard-plan.pdf', mimeType: 'application/pdf', buffer: deliverable },
      ]);
      await page.getByText(fill(en.report.uploaded, { size: `${deliverable.length} B` })).waitFor();
      await activate(page, page.getByRole('button', { name: en.report.submit }));
      await page.getByText(fill(en.report.submitted, { code: voucher.code })).waitFor();
      await statusIn(page, 'completed').waitFor();
    });
    const answer = (await states.api.get(demo.partner, `/vouchers/${voucher.id}`)).body as {
      status: string;
      completionReport: { consultantIds: string[]; deliverableFileIds: string[]; summary: string } | null;
    };
    expect(answer.status).toBe('completed');
    expect(answer.completionReport).toMatchObject({
      consultantIds: [states.userId(demo.consultant)],
      summary: 'Assessed the estate.',
    });
    expect(answer.completionReport?.deliverableFileIds).toHaveLength(1);
  });

  it('redeems a completed voucher with the keyboard alone, confirming in the dialog', async () => {
    const voucher = await states.voucher('completed');
    await asUser(suite, demo.partner, `/partner/vouchers/${voucher.id}`, 'keyboard-redeem', async (page) => {
      await skipToContent(page);
      await activate(page, page.locator('#main').getByRole('button', { name: en.partnerVoucher.redeem }));
      const dialog = page.getByRole('dialog');
      await dialog.waitFor();
      await activate(page, dialog.getByRole('button', { name: en.partnerVoucher.redeem }));
      await dialog.waitFor({ state: 'detached' });
      await page.getByText(fill(en.partnerVoucher.redeemed, { code: voucher.code })).waitFor();
      await statusIn(page, 'redeemed').waitFor();
    });
    expect((await states.api.get(demo.partner, `/vouchers/${voucher.id}`)).body.status).toBe('redeemed');
  });

  it("moves the focus to the new page's heading after a move by the navigation, and titles each page", async () => {
    // WCAG 2.4.3 and 2.4.2: after a client-side move the focus is on the new page's h1 (not on
    // the link that was pressed), and the document title names the page; not on the first load.
    const focusedHeading = (page: Page) =>
      page.evaluate(() => {
        const el = document.activeElement;
        return el && el.tagName === 'H1' ? { text: el.textContent, tabIndex: (el as HTMLElement).tabIndex } : null;
      });
    await asUser(suite, demo.partner, '/home', 'keyboard-route-focus', async (page) => {
      await page.getByRole('heading', { level: 1, name: en.home.partnerTitle }).waitFor();
      expect(await page.evaluate(() => document.activeElement === document.body)).toBe(true);
      await expect.poll(() => page.title()).toBe(`${en.home.partnerTitle} – ${en.shell.brand}`);

      const nav = page.getByRole('navigation', { name: en.shell.navigation });
      await activate(page, nav.getByRole('link', { name: en.nav.myVouchers }));
      await page.waitForURL(/\/partner\/vouchers$/);
      await expect.poll(() => focusedHeading(page)).toEqual({ text: en.partnerVouchers.title, tabIndex: -1 });
      expect(await page.title()).toBe(`${en.partnerVouchers.title} – ${en.shell.brand}`);

      // A lazily loaded page, reached through the navigation again.
      await activate(page, nav.getByRole('link', { name: en.nav.calendar }));
      await page.waitForURL(/\/calendar$/);
      await expect.poll(() => focusedHeading(page)).toEqual({ text: en.calendarPage.title, tabIndex: -1 });
      expect(await page.title()).toBe(`${en.calendarPage.title} – ${en.shell.brand}`);
      // Tab goes on from the heading into the page, and the skip link is still there behind it.
      await skipToContent(page);
      expect(await page.evaluate(() => document.activeElement?.id)).toBe('main');
    });
  });

  it('creates a payment request with the keyboard alone', async () => {
    const voucher = await states.voucher('redeemed');
    await states.registerForPayments();
    let id = '';
    await asUser(suite, demo.partner, '/payment-requests/new', 'keyboard-payment-request', async (page) => {
      await skipToContent(page);
      await activate(
        page,
        page.getByRole('checkbox', { name: fill(en.payments.pickVoucher, { code: voucher.code }) }),
        'Space',
      );
      const total = await money(page, 100_000, 'USD');
      await page.getByText(fill(en.payments.expectedTotal, { total }), { exact: false }).waitFor();
      await typeInto(page, page.getByRole('textbox', { name: label(en.payments.invoiceNumber) }), 'INV-KEY-1');
      await typeDate(page, page.getByLabel(label(en.payments.invoiceDate)), '2021-03-01');
      await activate(page, page.getByRole('button', { name: en.payments.submit }));
      const dialog = page.getByRole('dialog');
      await dialog.waitFor();
      await activate(page, dialog.getByRole('button', { name: en.payments.submit }));
      await page.waitForURL(/\/payment-requests\/[0-9a-f-]{36}$/);
      await settle(page);
      await statusIn(page, 'submitted').waitFor();
      id = /\/payment-requests\/([0-9a-f-]{36})$/.exec(page.url())![1]!;
    });
    const request = (await states.api.get(demo.partner, `/payment-requests/${id}`)).body as object;
    expect(request).toMatchObject({
      status: 'submitted',
      voucherIds: [voucher.id],
      invoiceNumber: 'INV-KEY-1',
      invoiceDate: '2021-03-01',
      total: { amountMinor: 100_000, currency: 'USD' },
    });
  });
});
