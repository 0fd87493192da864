/**
 * Dates and money written for a reader's language (api.md: e-mails "with dates and money
 * formatted for it"). Pure: Intl does the work; calendar dates are shown as the day they name,
 * whatever the server's zone.
 */
import type { Money } from './money.js';

export const languages = ['en', 'fr'] as const;
export type Language = (typeof languages)[number];

const locales: Record<Language, string> = { en: 'en-GB', fr: 'fr-FR' };

const dateFormats = new Map<Language, Intl.DateTimeFormat>();

/** "28 August 2021" / "28 août 2021" for a calendar date `YYYY-MM-DD`. */
export function formatDate(date: string, language: Language): string {
  let format = dateFormats.get(language);
  if (!format) {
    format = new Intl.DateTimeFormat(locales[language], { dateStyle: 'long', timeZone: 'UTC' });
    dateFormats.set(language, format);
  }
  return format.format(new Date(`${date}T00:00:00Z`));
}

/** "US$1,250.00" / "1 250,00 $US": the minor units shifted by the currency's own digits. */
export function formatMoney(money: Money, language: Language): string {
  const format = new Intl.NumberFormat(locales[language], { style: 'currency', currency: money.currency });
  const digits = format.resolvedOptions().maximumFractionDigits ?? 2;
  // Display only: the amount stays integer minor units everywhere else.
  return format.format(money.amountMinor / 10 ** digits);
}

export function formatDays(days: number, language: Language): string {
  if (language === 'fr') {
    return days === 1 ? '1 jour' : `${days} jours`;
  }
  return days === 1 ? '1 day' : `${days} days`;
}

export function isLanguage(value: unknown): value is Language {
  return typeof value === 'string' && (languages as readonly string[]).includes(value);
}
