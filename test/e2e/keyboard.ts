import type { Locator, Page } from 'playwright-core';
import { expect } from 'vitest';
import { openContext, screenshot, settle, signInViaApi, type BrowserSuite } from './browser.js';

/**
 * Driving a page with the keyboard alone (issue 12: "every flow can be done with the keyboard
 * alone, and each is tested"). Locators only find and read elements; every input is a key press
 * or typed text, never a click.
 */

/** What the focused element is: tag, role and its accessible text, for failure messages. */
export async function describeFocus(page: Page): Promise<string> {
  return String(
    await page.evaluate(`(() => {
      const el = document.activeElement;
      if (!el || el === document.body) return '(body)';
      const label = el.labels && el.labels[0] ? el.labels[0].textContent : null;
      const name = label ?? el.getAttribute('aria-label') ?? (el.textContent || '').trim().slice(0, 60);
      const role = el.getAttribute('role');
      return el.tagName.toLowerCase() + (role ? '[' + role + ']' : '') + ' "' + name + '"';
    })()`),
  );
}

async function isFocused(target: Locator): Promise<boolean> {
  return target.evaluate((el) => el === document.activeElement, undefined, { timeout: 5_000 }).catch(() => false);
}

/**
 * Presses Tab (or Shift+Tab) until `target` has the focus; fails naming the elements the focus
 * went through, so a control the keyboard cannot reach shows up as such.
 */
export async function tabTo(
  page: Page,
  target: Locator,
  options: { max?: number; backwards?: boolean } = {},
): Promise<void> {
  await target.waitFor({ state: 'visible' });
  const key = options.backwards ? 'Shift+Tab' : 'Tab';
  const seen: string[] = [];
  for (let i = 0; i < (options.max ?? 60); i += 1) {
    if (await isFocused(target)) {
      return;
    }
    await page.keyboard.press(key);
    seen.push(await describeFocus(page));
  }
  if (await isFocused(target)) {
    return;
  }
  throw new Error(`${key} never reached ${target.toString()}; the focus went through:\n${seen.join('\n')}`);
}

/** Tabs to `target` and presses `key` on it (Enter by default). */
export async function activate(page: Page, target: Locator, key = 'Enter'): Promise<void> {
  await tabTo(page, target);
  await page.keyboard.press(key);
}

/** Tabs to a field and types into it (what was in it is selected and replaced). */
export async function typeInto(page: Page, field: Locator, text: string): Promise<void> {
  await tabTo(page, field);
  await page.keyboard.press('ControlOrMeta+a');
  await page.keyboard.type(text);
}

/**
 * Types a date into an `<input type="date">` as a person does: Tab into it, then the digits of
 * each segment, each moving on to the next by itself. Chromium orders the segments by its own
 * UI language (month first in en-US, day first in en-GB or fr), not by the page's locale: when
 * the month-first digits do not give the date, the field is entered again and typed day first.
 */
export async function typeDate(page: Page, field: Locator, isoDate: string): Promise<void> {
  const [year, month, day] = isoDate.split('-');
  for (const digits of [`${month}${day}${year}`, `${day}${month}${year}`]) {
    // Each segment is a Tab stop: leave the field backwards, then Tab lands on its first one.
    for (let i = 0; i < 4 && (await isFocused(field)); i += 1) {
      await page.keyboard.press('Shift+Tab');
    }
    await tabTo(page, field);
    await page.keyboard.type(digits);
    if ((await field.inputValue()) === isoDate) {
      return;
    }
  }
  throw new Error(`typing ${isoDate} gave ${await field.inputValue()}`);
}

/**
 * Opens the browser's file chooser from the keyboard (Enter on the button that opens it) and
 * picks the files there, as a person does in the system dialog.
 */
export async function chooseFiles(
  page: Page,
  button: Locator,
  files: { name: string; mimeType: string; buffer: Buffer }[],
): Promise<void> {
  // Listen first, then tab. The listener turns on Chromium's file-chooser interception, which is
  // applied asynchronously; with the Enter sent right after it, one CI run under load got no
  // event in 10 s (the likely cause; the same test passed alone 3 of 3). The Tab presses give the
  // interception time to arrive before the Enter.
  const chooser = page.waitForEvent('filechooser', { timeout: 30_000 });
  // If tabbing fails, that is the error to report, not this wait timing out later.
  chooser.catch(() => undefined);
  await tabTo(page, button);
  await page.keyboard.press('Enter');
  await (await chooser).setFiles(files);
}

/**
 * Picks an option of a Mantine Select or MultiSelect: Tab to it, type to filter when `filter` is
 * given, then ArrowDown (which opens the list) until the highlighted option is `option` (the
 * first one when not given), and Enter.
 */
export async function pickOption(page: Page, field: Locator, filter?: string, option?: string | RegExp): Promise<void> {
  await tabTo(page, field);
  if (filter) {
    await page.keyboard.type(filter);
  }
  await page.keyboard.press('ArrowDown');
  await page.getByRole('option').first().waitFor();
  // Until an option (the wanted one, when given) is highlighted: when the options arrive after
  // the first ArrowDown opened an empty list (their query still loading, as under load in CI),
  // none is, and Enter would pick nothing.
  const wanted = (text: string) =>
    option === undefined || (typeof option === 'string' ? text.trim() === option : option.test(text));
  const highlighted = page.locator('[role="option"][data-combobox-selected]');
  const onWanted = async () => (await highlighted.count()) === 1 && wanted(await highlighted.innerText());
  for (let i = 0; i < 30 && !(await onWanted()); i += 1) {
    await page.keyboard.press('ArrowDown');
  }
  if (!(await onWanted())) {
    throw new Error(`the arrow keys never reached the option ${String(option ?? '(any)')}`);
  }
  await page.keyboard.press('Enter');
}

/** Presses an arrow key (in a menu, a radio group) until `target` has the focus. */
export async function arrowTo(page: Page, target: Locator, key = 'ArrowDown', max = 20): Promise<void> {
  for (let i = 0; i < max; i += 1) {
    if (await isFocused(target)) {
      return;
    }
    await page.keyboard.press(key);
  }
  if (!(await isFocused(target))) {
    throw new Error(`${key} never reached ${target.toString()}; the focus is on ${await describeFocus(page)}`);
  }
}

export function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** A label with or without Mantine's required asterisk. */
export function label(text: string): RegExp {
  return new RegExp(`^${escapeRegExp(text)}( \\*)?$`);
}

export function fill(template: string, vars: Record<string, string | number>): string {
  return template.replace(/{{\s*(\w+)\s*}}/g, (_m, name: string) => String(vars[name]));
}

/**
 * Runs `steps` on `path` as `login`, then checks that the page logged no console or network
 * problem (but those `allow` expects); the browser context is closed whatever happens.
 */
export async function asUser(
  suite: BrowserSuite,
  login: string,
  path: string,
  name: string,
  steps: (page: Page) => Promise<void>,
  options: { allow?: RegExp } = {},
): Promise<void> {
  const { context, page, problems } = await openContext(suite.browser, suite.server.baseUrl, 'en');
  try {
    await signInViaApi(context, login);
    await page.goto(path);
    await settle(page);
    await steps(page);
  } catch (error) {
    await screenshot(page, `failed-${name}`).catch(() => undefined);
    throw error;
  } finally {
    await context.close();
  }
  expect(
    problems.filter((p) => !options.allow?.test(p)),
    name,
  ).toEqual([]);
}

/** An amount as the page formats it (en-GB: US$1,000.00). */
export function money(page: Page, amountMinor: number, currency: string): Promise<string> {
  return page.evaluate(
    ([amount, code]) => new Intl.NumberFormat('en-GB', { style: 'currency', currency: code }).format(amount),
    [amountMinor / 100, currency] as const,
  );
}

/**
 * To the page's main content by the skip link, then Enter. On a freshly loaded page the skip link
 * is the first Tab stop; after a client-side navigation the focus (or Chromium's focus starting
 * point) stays where it was, so Shift+Tab goes back up to it.
 */
export async function skipToContent(page: Page): Promise<void> {
  const skip = page.getByRole('link', { name: 'Skip to content' });
  await page.keyboard.press('Tab');
  if (!(await isFocused(skip))) {
    await tabTo(page, skip, { backwards: true });
  }
  await page.keyboard.press('Enter');
}
