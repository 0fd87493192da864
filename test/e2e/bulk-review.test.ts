import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import en from '../../src/web/locales/en.json' with { type: 'json' };
import { demo } from '../support/api-client.js';
import { useBrowserSuite } from './browser.js';
import { asUser, fill, label, money } from './keyboard.js';
import { ProgramStates } from './states.js';

/**
 * Finance's bulk review (issue 12, "approve and mark paid can be done for several requests at
 * once, with one confirmation that states the total"): the total in the confirmation is the sum
 * of the selected requests' amounts as the server computed them, and each request's answer
 * (GET) agrees with what the page says it did. A request refused on the way is named and stays
 * selected while the others go through.
 */
const suite = useBrowserSuite('bulk-review-axe.json');

interface RequestAnswer {
  status: string;
  reference: string;
  total: { amountMinor: number; currency: string };
  paymentReference: string | null;
  paidOn: string | null;
}

describe('bulk review of payment requests', () => {
  let states: ProgramStates;
  const request = async (id: string) =>
    (await states.api.get(demo.finance, `/payment-requests/${id}`)).body as RequestAnswer;
  const pick = (page: Page, reference: string) =>
    page.locator('#main').getByRole('checkbox', { name: fill(en.bulk.pick, { reference }) });

  it('approves three requests with one confirmation stating their total, then marks them paid likewise', async () => {
    states = new ProgramStates(suite.server.testApp);
    await states.setDate('2021-03-01T09:00:00.000Z');
    const vouchers = [];
    for (let i = 0; i < 5; i += 1) {
      vouchers.push(await states.voucher('redeemed'));
    }
    await states.registerForPayments();
    const picked = [
      await states.paymentRequest([vouchers[0]!.id], 'submitted'),
      await states.paymentRequest([vouchers[1]!.id, vouchers[2]!.id], 'submitted'),
      await states.paymentRequest([vouchers[3]!.id], 'submitted'),
    ];
    const left = await states.paymentRequest([vouchers[4]!.id], 'submitted');
    const answers = await Promise.all(picked.map((r) => request(r.id)));
    const sum = answers.reduce((s, r) => s + r.total.amountMinor, 0);
    expect(answers.map((r) => r.total.amountMinor)).toEqual([100_000, 200_000, 100_000]);

    await asUser(suite, demo.finance, '/payment-requests', 'bulk-review', async (page) => {
      const total = await money(page, sum, 'USD');
      expect(total).toBe('US$4,000.00');
      for (const r of picked) {
        await pick(page, r.reference).check();
      }
      await page.getByText(fill(en.bulk.selected_other, { count: 3, total })).waitFor();
      await page.getByRole('button', { name: fill(en.bulk.approve_other, { count: 3 }) }).click();
      const approve = page.getByRole('dialog');
      // One confirmation for the three, stating their total.
      await approve.getByText(fill(en.bulk.approveConfirm_other, { count: 3, total })).waitFor();
      // Nothing is sent before the confirmation.
      expect((await Promise.all(picked.map((r) => request(r.id)))).map((r) => r.status)).toEqual([
        'submitted',
        'submitted',
        'submitted',
      ]);
      await approve.getByRole('button', { name: fill(en.bulk.approveConfirmButton, { total }) }).click();
      await approve.waitFor({ state: 'detached' });
      await page.getByText(fill(en.bulk.approved_other, { count: 3 })).waitFor();
      for (const r of picked) {
        expect((await request(r.id)).status, r.reference).toBe('approved');
      }
      expect((await request(left.id)).status).toBe('submitted');

      // Mark them paid: the approved ones, one transfer reference for the three.
      await page
        .locator('#main')
        .getByRole('combobox', { name: label(en.payments.filterStatus) })
        .click();
      await page.getByRole('option', { name: en.status.approved, exact: true }).click();
      for (const r of picked) {
        await pick(page, r.reference).check();
      }
      await page.getByText(fill(en.bulk.selected_other, { count: 3, total })).waitFor();
      await page.getByRole('button', { name: fill(en.bulk.markPaid_other, { count: 3 }) }).click();
      const pay = page.getByRole('dialog');
      await pay.getByText(fill(en.bulk.payConfirm_other, { count: 3, total })).waitFor();
      const confirm = pay.getByRole('button', { name: fill(en.bulk.payConfirmButton, { total }) });
      // The reference and the day are needed first.
      expect(await confirm.isDisabled()).toBe(true);
      await pay.getByRole('textbox', { name: label(en.review.paymentReference) }).fill('WIRE-BULK-7');
      await pay.getByLabel(label(en.review.paidOn)).fill('2021-03-01');
      await confirm.click();
      await pay.waitFor({ state: 'detached' });
      await page.getByText(fill(en.bulk.paid_other, { count: 3 })).waitFor();
    });
    for (const r of picked) {
      expect(await request(r.id), r.reference).toMatchObject({
        status: 'paid',
        paymentReference: 'WIRE-BULK-7',
        paidOn: '2021-03-01',
      });
    }
    expect((await request(left.id)).status).toBe('submitted');
  });

  it('names a request refused on the way and keeps it selected, the others approved', async () => {
    const vouchers = [await states.voucher('redeemed'), await states.voucher('redeemed')];
    const first = await states.paymentRequest([vouchers[0]!.id], 'submitted');
    const second = await states.paymentRequest([vouchers[1]!.id], 'submitted');
    await asUser(
      suite,
      demo.finance,
      '/payment-requests',
      'bulk-review-refused',
      async (page) => {
        const total = await money(page, 200_000, 'USD');
        const one = await money(page, 100_000, 'USD');
        await pick(page, first.reference).check();
        await pick(page, second.reference).check();
        await page.getByRole('button', { name: fill(en.bulk.approve_other, { count: 2 }) }).click();
        const dialog = page.getByRole('dialog');
        await dialog.getByText(fill(en.bulk.approveConfirm_other, { count: 2, total })).waitFor();
        // Meanwhile a colleague denies the second request.
        const denied = await states.api.post(demo.finance, `/payment-requests/${second.id}/denial`, {
          reason: 'missing_deliverable',
          detail: 'The deliverable is missing.',
        });
        expect(denied.status).toBe(200);
        await dialog.getByRole('button', { name: fill(en.bulk.approveConfirmButton, { total }) }).click();
        await dialog.getByText(fill(en.bulk.failed, { reference: second.reference })).waitFor();
        // The dialog now speaks of what is left: the refused request alone.
        await dialog.getByText(fill(en.bulk.approveConfirm_one, { count: 1, total: one })).waitFor();
        await page.getByText(fill(en.bulk.selected_one, { count: 1, total: one })).waitFor();
        await dialog.getByRole('button', { name: en.common.cancel }).click();
        await dialog.waitFor({ state: 'detached' });
      },
      { allow: /status of 409/ },
    );
    expect((await request(first.id)).status).toBe('approved');
    expect((await request(second.id)).status).toBe('denied');
  });
});
