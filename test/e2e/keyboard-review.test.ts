import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import en from '../../src/web/locales/en.json' with { type: 'json' };
import { demo } from '../support/api-client.js';
import { useBrowserSuite } from './browser.js';
import {
  activate,
  arrowTo,
  asUser,
  fill,
  label,
  money,
  pickOption,
  skipToContent,
  tabTo,
  typeDate,
  typeInto,
} from './keyboard.js';
import { ProgramStates } from './states.js';

/**
 * Finance's review, the operator's program date and a service request with the keyboard alone
 * (issue 12, quality bar "every flow can be done with the keyboard alone, and each is tested"):
 * Tab, Shift+Tab, Enter, Space, the arrow keys and typing; no click anywhere. The server's
 * answers (GET each object) confirm what the pages did.
 */
const suite = useBrowserSuite('keyboard-review-axe.json');

interface RequestAnswer {
  status: string;
  reference: string;
  total: { amountMinor: number; currency: string };
  paymentReference: string | null;
  paidOn: string | null;
  denialReason: string | null;
}

function statusIn(page: Page, status: keyof typeof en.status) {
  return page.locator('#main').getByText(en.status[status], { exact: true }).first();
}

describe('finance, operator and support flows with the keyboard alone', () => {
  let states: ProgramStates;
  const request = async (id: string) =>
    (await states.api.get(demo.finance, `/payment-requests/${id}`)).body as RequestAnswer;

  it('approves a request and marks it paid on its page with the keyboard alone', async () => {
    states = new ProgramStates(suite.server.testApp);
    await states.setDate('2021-03-01T09:00:00.000Z');
    const voucher = await states.voucher('redeemed');
    await states.registerForPayments();
    const { id, reference } = await states.paymentRequest([voucher.id], 'submitted');
    await asUser(suite, demo.finance, `/payment-requests/${id}`, 'keyboard-approve-pay', async (page) => {
      const total = await money(page, 100_000, 'USD');
      await skipToContent(page);
      await activate(page, page.locator('#main').getByRole('button', { name: en.review.approve, exact: true }));
      const approveDialog = page.getByRole('dialog');
      await approveDialog.getByText(fill(en.review.approveConfirm, { reference, total })).waitFor();
      await activate(page, approveDialog.getByRole('button', { name: en.review.approve, exact: true }));
      await approveDialog.waitFor({ state: 'detached' });
      await page.getByText(fill(en.review.approved, { reference })).waitFor();
      await statusIn(page, 'approved').waitFor();

      await activate(page, page.locator('#main').getByRole('button', { name: en.review.markPaid }));
      const payDialog = page.getByRole('dialog');
      await typeInto(page, payDialog.getByRole('textbox', { name: label(en.review.paymentReference) }), 'WIRE-KEY-1');
      await typeDate(page, payDialog.getByLabel(label(en.review.paidOn)), '2021-03-01');
      await activate(page, payDialog.getByRole('button', { name: en.review.payConfirm }));
      await payDialog.waitFor({ state: 'detached' });
      await page.getByText(fill(en.review.paid, { reference, total })).waitFor();
      await statusIn(page, 'paid').waitFor();
    });
    expect(await request(id)).toMatchObject({ status: 'paid', paymentReference: 'WIRE-KEY-1', paidOn: '2021-03-01' });
  });

  it('denies a request with a reason from the list with the keyboard alone', async () => {
    const voucher = await states.voucher('redeemed');
    const { id, reference } = await states.paymentRequest([voucher.id], 'submitted');
    await asUser(suite, demo.finance, `/payment-requests/${id}`, 'keyboard-deny', async (page) => {
      await skipToContent(page);
      await activate(page, page.locator('#main').getByRole('button', { name: en.review.deny, exact: true }));
      const dialog = page.getByRole('dialog');
      await pickOption(page, dialog.getByRole('combobox', { name: label(en.review.reason) }));
      await typeInto(page, dialog.getByRole('textbox', { name: label(en.review.detail) }), 'The deliverable is empty.');
      await activate(page, dialog.getByRole('button', { name: en.review.denyConfirm }));
      await dialog.waitFor({ state: 'detached' });
      await page.getByText(fill(en.review.denied, { reference })).waitFor();
      await statusIn(page, 'denied').waitFor();
    });
    const answer = await request(id);
    expect(answer.status).toBe('denied');
    expect(answer.denialReason).toBeTruthy();
  });

  it('approves several requests at once, then marks them paid, each after one confirmation stating the total', async () => {
    const vouchers = [];
    for (let i = 0; i < 5; i += 1) {
      vouchers.push(await states.voucher('redeemed'));
    }
    // Three requests picked (US$1,000 + US$2,000 + US$1,000), one left alone.
    const picked = [
      await states.paymentRequest([vouchers[0]!.id], 'submitted'),
      await states.paymentRequest([vouchers[1]!.id, vouchers[2]!.id], 'submitted'),
      await states.paymentRequest([vouchers[3]!.id], 'submitted'),
    ];
    const left = await states.paymentRequest([vouchers[4]!.id], 'submitted');
    const sum = (await Promise.all(picked.map((r) => request(r.id)))).reduce((s, r) => s + r.total.amountMinor, 0);
    expect(sum).toBe(400_000);

    await asUser(suite, demo.finance, '/payment-requests', 'keyboard-bulk-review', async (page) => {
      const total = await money(page, sum, 'USD');
      const pick = (reference: string) =>
        page.locator('#main').getByRole('checkbox', { name: fill(en.bulk.pick, { reference }) });
      const selectAll = async () => {
        for (const r of picked) {
          await activate(page, pick(r.reference), 'Space');
          expect(await pick(r.reference).isChecked()).toBe(true);
        }
        if ((await pick(left.reference).count()) > 0) {
          expect(await pick(left.reference).isChecked()).toBe(false);
        }
        await page.getByText(fill(en.bulk.selected_other, { count: 3, total })).waitFor();
      };

      // The queue opens on the submitted requests.
      await skipToContent(page);
      await selectAll();
      // The bulk buttons sit above the list: Shift+Tab back to them.
      await tabTo(page, page.getByRole('button', { name: fill(en.bulk.approve_other, { count: 3 }) }), {
        backwards: true,
      });
      await page.keyboard.press('Enter');
      const approveDialog = page.getByRole('dialog');
      await approveDialog.getByText(fill(en.bulk.approveConfirm_other, { count: 3, total })).waitFor();
      await activate(page, approveDialog.getByRole('button', { name: fill(en.bulk.approveConfirmButton, { total }) }));
      await approveDialog.waitFor({ state: 'detached' });
      await page.getByText(fill(en.bulk.approved_other, { count: 3 })).waitFor();
      for (const r of picked) {
        expect((await request(r.id)).status, r.reference).toBe('approved');
      }
      expect((await request(left.id)).status).toBe('submitted');

      // The approved ones: the status filter with the arrow keys, then the same selection.
      await pickOption(
        page,
        page.locator('#main').getByRole('combobox', { name: label(en.payments.filterStatus) }),
        undefined,
        en.status.approved,
      );
      await pick(picked[0]!.reference).waitFor();
      await selectAll();
      await tabTo(page, page.getByRole('button', { name: fill(en.bulk.markPaid_other, { count: 3 }) }), {
        backwards: true,
      });
      await page.keyboard.press('Enter');
      const payDialog = page.getByRole('dialog');
      await payDialog.getByText(fill(en.bulk.payConfirm_other, { count: 3, total })).waitFor();
      await typeInto(page, payDialog.getByRole('textbox', { name: label(en.review.paymentReference) }), 'WIRE-BULK-1');
      await typeDate(page, payDialog.getByLabel(label(en.review.paidOn)), '2021-03-01');
      await activate(page, payDialog.getByRole('button', { name: fill(en.bulk.payConfirmButton, { total }) }));
      await payDialog.waitFor({ state: 'detached' });
      await page.getByText(fill(en.bulk.paid_other, { count: 3 })).waitFor();
    });
    for (const r of picked) {
      expect(await request(r.id), r.reference).toMatchObject({
        status: 'paid',
        paymentReference: 'WIRE-BULK-1',
        paidOn: '2021-03-01',
      });
    }
    expect((await request(left.id)).status).toBe('submitted');
  });

  it('opens a service request from the help menu, and the operator answers and closes it, with the keyboard alone', async () => {
    let id = '';
    await asUser(suite, demo.partner, '/home', 'keyboard-service-request', async (page) => {
      // The help menu in the header: Enter opens it, the arrow keys move, Enter follows the item.
      await activate(page, page.getByRole('banner').getByRole('button', { name: en.support.help }));
      await arrowTo(page, page.getByRole('menuitem', { name: en.support.serviceRequests }));
      await page.keyboard.press('Enter');
      await page.waitForURL(/\/service-requests$/);
      await page.getByRole('heading', { name: en.support.new }).waitFor();
      await skipToContent(page);
      await typeInto(page, page.getByRole('textbox', { name: label(en.support.subject) }), 'Keyboard question');
      await typeInto(page, page.getByRole('textbox', { name: label(en.support.message) }), 'Can we reserve twice?');
      await activate(page, page.getByRole('button', { name: en.support.send }));
      await page.waitForURL(/\/service-requests\/[0-9a-f-]{36}$/);
      await page.getByRole('heading', { name: /Keyboard question/ }).waitFor();
      id = /\/service-requests\/([0-9a-f-]{36})$/.exec(page.url())![1]!;
    });
    const opened = (await states.api.get(demo.partner, `/service-requests/${id}`)).body as {
      reference: string;
      status: string;
    };
    expect(opened.status).toBe('open');

    await asUser(suite, demo.operator, '/service-requests', 'keyboard-service-answer', async (page) => {
      await skipToContent(page);
      await activate(page, page.locator('#main').getByRole('link', { name: opened.reference }));
      await page.waitForURL(`**/service-requests/${id}`);
      await page.getByRole('heading', { name: /Keyboard question/ }).waitFor();
      await skipToContent(page);
      await typeInto(page, page.getByRole('textbox', { name: label(en.support.reply) }), 'Once per voucher.');
      await activate(page, page.getByRole('button', { name: en.support.sendReply }));
      await page.getByText('Once per voucher.').waitFor();
      await activate(page, page.getByRole('button', { name: en.support.close }));
      await page.getByText(en.support.closed).waitFor();
    });
    const closed = (await states.api.get(demo.partner, `/service-requests/${id}`)).body as {
      status: string;
      replies: { message: string }[];
    };
    expect(closed.status).toBe('closed');
    expect(closed.replies.map((r) => r.message)).toEqual(['Once per voucher.']);
  });

  // Last: it moves the program date.
  it('sets the program date with a preset, and moves it back only once the warning is confirmed, with the keyboard alone', async () => {
    const clock = () => suite.server.testApp.ctx.clock.now().toISOString().slice(0, 16);
    await asUser(suite, demo.operator, '/operator/dashboard', 'keyboard-clock', async (page) => {
      const banner = page.getByRole('status').filter({ hasText: en.clock.simulatedTitle });
      const dialogFor = async () => {
        await activate(page, banner.getByRole('button', { name: en.clock.change }));
        const dialog = page.getByRole('dialog');
        await dialog.waitFor();
        return dialog;
      };
      const preset = (date: string, rule: keyof typeof en.calendar) =>
        page.getByRole('dialog').getByRole('button', { name: `${date} · ${en.calendar[rule]}` });

      // Forward, to the last voucher day: no warning.
      let dialog = await dialogFor();
      await activate(page, preset('30 Jun 2021', 'lastVoucherDate'));
      const date = dialog.getByLabel(label(en.clock.newDate));
      expect(await date.inputValue()).toBe('2021-06-30T10:00');
      expect(await dialog.getByText(en.clock.backwardsTitle).count()).toBe(0);
      await activate(page, dialog.getByRole('button', { name: en.clock.apply, exact: true }));
      await dialog.waitFor({ state: 'detached' });
      expect(clock()).toBe('2021-06-30T10:00');

      // Back, to the end of accrual: the warning, and nothing is sent until it is confirmed.
      dialog = await dialogFor();
      await activate(page, preset('1 Feb 2021', 'accrualEndDate'));
      await dialog.getByText(en.clock.backwardsTitle).waitFor();
      const apply = dialog.getByRole('button', { name: en.clock.applyBackwards });
      expect(await apply.isDisabled()).toBe(true);
      // Enter in the date field submits the form: refused while unconfirmed.
      await tabTo(page, dialog.getByLabel(label(en.clock.newDate)));
      await page.keyboard.press('Enter');
      await page.waitForTimeout(500);
      expect(clock().slice(0, 10)).toBe('2021-06-30');
      await activate(page, dialog.getByRole('checkbox', { name: en.clock.backwardsConfirm }), 'Space');
      await activate(page, apply);
      await dialog.waitFor({ state: 'detached' });
      expect(clock()).toBe('2021-02-01T10:00');
    });
  });
});
