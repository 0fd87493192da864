import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { NavigationType, Outlet, useLocation, useNavigationType } from 'react-router';

/** How long a page may take to show its heading (a lazy chunk, then its data) before main gets the focus. */
const headingWait = 5_000;

function pageHeading(): HTMLElement | null {
  return document.querySelector<HTMLElement>('main h1') ?? document.querySelector<HTMLElement>('h1');
}

/**
 * Every route's parent (WCAG 2.4.3 focus order, 2.4.2 page titled, 4.1.3 status messages):
 * - the document title is the page's main heading and the brand ("Vouchers – SAPS"), kept in
 *   step with the heading, which some pages only show once their data is there;
 * - after a client-side move to another page the focus goes to that page's main heading (made
 *   focusable with tabIndex -1), or to the main landmark if no heading shows within
 *   `headingWait`, so keyboard and screen-reader users are told the page changed. Not on the
 *   first load (nothing pressed or clicked yet, redirects included: the browser's own starting
 *   point, the skip link, comes first), not when only the query changes (a search box keeps
 *   the focus while typing), and not for a replacing move while the focus is in the page (a
 *   tab of the onboarding page is its own URL).
 */
export function RouteFocus() {
  const { t } = useTranslation();
  const location = useLocation();
  const navigationType = useNavigationType();
  const brand = t('shell.brand');
  const interacted = useRef(false);
  const shownPath = useRef(location.pathname);

  useEffect(() => {
    const mark = () => {
      interacted.current = true;
    };
    document.addEventListener('keydown', mark, true);
    document.addEventListener('pointerdown', mark, true);
    return () => {
      document.removeEventListener('keydown', mark, true);
      document.removeEventListener('pointerdown', mark, true);
    };
  }, []);

  useEffect(() => {
    const update = () => {
      const heading = pageHeading()?.textContent?.trim();
      const title = heading ? `${heading} – ${brand}` : brand;
      if (document.title !== title) {
        document.title = title;
      }
    };
    update();
    const observer = new MutationObserver(update);
    observer.observe(document.body, { childList: true, subtree: true, characterData: true });
    return () => observer.disconnect();
  }, [brand]);

  useEffect(() => {
    if (location.pathname === shownPath.current) {
      return;
    }
    shownPath.current = location.pathname;
    if (!interacted.current) {
      return;
    }
    const focused = document.activeElement;
    if (navigationType === NavigationType.Replace && focused?.isConnected && focused.closest('main')) {
      return;
    }
    const startedOn = document.activeElement;
    const started = Date.now();
    let timer: number | undefined;
    const moved = () =>
      document.activeElement !== startedOn && document.activeElement !== document.body && !!document.activeElement;
    const tryFocus = () => {
      if (moved()) {
        return;
      }
      const heading = pageHeading();
      const target =
        heading ?? (Date.now() - started >= headingWait ? document.querySelector<HTMLElement>('#main') : null);
      if (!target) {
        // No heading yet: look again shortly, until the wait is over (then #main, or nothing
        // when the page has no main landmark, e.g. an error shown outside the layout).
        if (Date.now() - started < headingWait) {
          timer = window.setTimeout(tryFocus, 50);
        }
        return;
      }
      if (target === heading && !heading.hasAttribute('tabindex')) {
        heading.tabIndex = -1;
      }
      target.focus();
    };
    tryFocus();
    return () => window.clearTimeout(timer);
  }, [location.pathname, navigationType]);

  return <Outlet />;
}
