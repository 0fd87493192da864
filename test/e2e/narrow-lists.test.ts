import type { Locator, Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import en from '../../src/web/locales/en.json' with { type: 'json' };
import { demo } from '../support/api-client.js';
import { openContext, screenshot, settle, signInViaApi, useBrowserSuite } from './browser.js';
import { escapeRegExp } from './keyboard.js';
import { ProgramStates } from './states.js';

/**
 * Issue 12, quality bar: "At 390 px, every list shows code, status and next deadline without
 * sideways scrolling." Each list page at a 390×844 viewport (a phone): the document is no wider
 * than the window, and the first row's code, status and next deadline are on screen (their boxes
 * end within the 390 px).
 */
const suite = useBrowserSuite('narrow-lists-axe.json');
const width = 390;

const voucherCode = /PS-[0-9A-Z]{4}-[0-9A-Z]{4}/;
const requestReference = /PR-\d{4}-\d+/;
const statusText = new RegExp(`^(${Object.values(en.status).map(escapeRegExp).join('|')})$`);
const voucherDeadline = new RegExp(
  `(${[en.voucher.reserveBy, en.voucher.redeemBy, en.voucher.paymentDueBy].map(escapeRegExp).join('|')}): .*\\d{4}`,
);
const payBy = new RegExp(`${escapeRegExp(en.review.payBy)}: .*\\d{4}`);

interface ListCase {
  name: string;
  login: string;
  path: string;
  code: RegExp;
  /** The next deadline's text in the row; none for a list whose first item has none. */
  deadline: RegExp | null;
  /** What to do before opening the page (move the program date, say). */
  before?: () => Promise<void>;
  /** What to do on the page before looking (pick a filter, say). */
  prepare?: (page: Page) => Promise<void>;
}

interface Box {
  what: string;
  left: number;
  right: number;
}

async function boxOf(what: string, target: Locator): Promise<Box> {
  await target.waitFor({ state: 'visible' });
  const box = await target.boundingBox();
  expect(box, what).not.toBeNull();
  return { what, left: Math.round(box!.x), right: Math.round(box!.x + box!.width) };
}

/** What a list page shows at 390 px: the document's width and the first row's boxes. */
async function measure(c: ListCase) {
  await c.before?.();
  const { context, page, problems } = await openContext(suite.browser, suite.server.baseUrl, 'en');
  try {
    await page.setViewportSize({ width, height: 844 });
    await signInViaApi(context, c.login);
    await page.goto(c.path);
    await settle(page);
    await c.prepare?.(page);
    // The first row: the first visible list item or table row that holds a code.
    const row = page
      .locator('#main')
      .locator('li:visible, tr:visible')
      .filter({ has: page.getByText(c.code) })
      .first();
    await row.waitFor({ state: 'visible' });
    await page.waitForTimeout(300);
    const boxes = [
      await boxOf('code', row.getByText(c.code).first()),
      await boxOf('status', row.getByText(statusText).first()),
      ...(c.deadline ? [await boxOf('next deadline', row.getByText(c.deadline).first())] : []),
    ];
    // The header's controls too (Sign out is in the menu at this width: its own test below).
    const header = page.getByRole('banner');
    const controls = [
      await boxOf('menu', header.getByRole('button', { name: en.shell.menu })),
      await boxOf('help', header.getByRole('button', { name: en.support.help })),
      await boxOf('language', header.getByText('Français')),
    ];
    const widths = await page.evaluate(() => ({
      scrollWidth: document.documentElement.scrollWidth,
      innerWidth: window.innerWidth,
    }));
    await screenshot(page, `narrow-${c.name}`);
    expect(problems, c.name).toEqual([]);
    return { ...widths, boxes, controls };
  } finally {
    await context.close();
  }
}

describe('every list at 390 px', () => {
  let states: ProgramStates;

  beforeAll(async () => {
    states = new ProgramStates(suite.server.testApp);
    await states.setDate('2021-03-01T09:00:00.000Z');
    await states.registerForPayments().catch(() => undefined);
    await states.voucher('assigned');
    await states.voucher('reserved');
    await states.voucher('completed');
    await states.voucher('redeemed');
    const inRequest = [await states.voucher('redeemed'), await states.voucher('redeemed')];
    await states.registerForPayments();
    await states.paymentRequest([inRequest[0]!.id], 'submitted');
    // The newest request is approved: the first row of the partner's list, with its pay-by day.
    await states.paymentRequest([inRequest[1]!.id], 'approved');
  }, 180_000);

  const pickApproved = async (page: Page) => {
    await page.locator('#main').getByRole('combobox', { name: en.payments.filterStatus }).click();
    await page.getByRole('option', { name: en.status.approved, exact: true }).click();
    await page.locator('#main').getByText(payBy).first().waitFor();
  };

  const cases: ListCase[] = [
    {
      name: 'customer-vouchers',
      login: demo.benefits,
      path: '/vouchers',
      code: voucherCode,
      deadline: voucherDeadline,
    },
    { name: 'customer-home', login: demo.benefits, path: '/home', code: voucherCode, deadline: voucherDeadline },
    { name: 'pm-vouchers', login: demo.pm, path: '/vouchers', code: voucherCode, deadline: voucherDeadline },
    { name: 'pm-home', login: demo.pm, path: '/home', code: voucherCode, deadline: voucherDeadline },
    {
      name: 'partner-vouchers',
      login: demo.partner,
      path: '/partner/vouchers',
      code: voucherCode,
      deadline: voucherDeadline,
    },
    { name: 'partner-home', login: demo.partner, path: '/home', code: voucherCode, deadline: voucherDeadline },
    {
      name: 'partner-new-payment-request',
      login: demo.partner,
      path: '/payment-requests/new',
      code: voucherCode,
      deadline: voucherDeadline,
    },
    {
      name: 'partner-payment-requests',
      login: demo.partner,
      path: '/payment-requests',
      code: requestReference,
      deadline: payBy,
    },
    // Finance's queue opens on the submitted requests, which have no deadline yet; the approved
    // ones show the day to pay by.
    {
      name: 'finance-payment-requests',
      login: demo.finance,
      path: '/payment-requests',
      code: requestReference,
      deadline: null,
    },
    {
      name: 'finance-payment-requests-approved',
      login: demo.finance,
      path: '/payment-requests',
      code: requestReference,
      deadline: payBy,
      prepare: pickApproved,
    },
    {
      name: 'operator-payment-requests-approved',
      login: demo.operator,
      path: '/payment-requests',
      code: requestReference,
      deadline: payBy,
      prepare: pickApproved,
    },
    {
      name: 'operator-vouchers',
      login: demo.operator,
      path: '/vouchers',
      code: voucherCode,
      deadline: voucherDeadline,
    },
    // The dashboard's coming deadlines: each row is a voucher's deadline (due, kind, code, status);
    // on 10 Apr 2021 the redeemed vouchers' payment requests are due within 30 days (30 Apr).
    {
      before: () => states.setDate('2021-04-10T09:00:00.000Z'),
      name: 'operator-dashboard-deadlines',
      login: demo.operator,
      path: '/operator/dashboard',
      code: voucherCode,
      deadline: /\d{1,2} [A-Z][a-z]{2} \d{4}/,
    },
  ];

  it.each(cases)('$name: no sideways scrolling; code, status and next deadline on screen', async (c) => {
    const seen = await measure(c);
    expect(seen.scrollWidth, `${c.name}: the document is wider than the window`).toBeLessThanOrEqual(seen.innerWidth);
    const off = [...seen.boxes, ...seen.controls].filter((b) => b.left < 0 || b.right > width);
    expect(off, `${c.name}: off screen at ${width} px`).toEqual([]);
  });

  it('signs out from the menu at 390 px (no room for it in the header)', async () => {
    const { context, page, problems } = await openContext(suite.browser, suite.server.baseUrl, 'en');
    try {
      await page.setViewportSize({ width, height: 844 });
      await signInViaApi(context, demo.partner);
      await page.goto('/home');
      await settle(page);
      expect(await page.getByRole('banner').getByRole('button', { name: en.auth.signOut }).count()).toBe(0);
      await page.getByRole('banner').getByRole('button', { name: en.shell.menu }).click();
      const signOut = page
        .getByRole('navigation', { name: en.shell.navigation })
        .getByRole('button', { name: en.auth.signOut });
      await signOut.waitFor({ state: 'visible' });
      // The menu slides in from the left.
      await expect.poll(async () => (await signOut.boundingBox())?.x ?? -1).toBeGreaterThanOrEqual(0);
      const box = await boxOf('sign out', signOut);
      expect(box.right).toBeLessThanOrEqual(width);
      await signOut.click();
      await page.waitForURL(/\/sign-in/);
      expect(problems).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
