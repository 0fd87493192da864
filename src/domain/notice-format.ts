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

/**
 * French writes the first of a month as an ordinal, "1er juillet 2021", where Intl (CLDR) gives
 * "1 juillet 2021"; every other day is a cardinal.
 */
export function formatDateParts(format: Intl.DateTimeFormat, at: Date, language: Language): string {
  if (language !== 'fr') {
    return format.format(at);
  }
  return format
    .formatToParts(at)
    .map((part) => (part.type === 'day' && part.value === '1' ? '1er' : part.value))
    .join('');
}

/** "28 August 2021" / "28 août 2021" (but "1er juillet 2021") for a calendar date `YYYY-MM-DD`. */
export function formatDate(date: string, language: Language): string {
  let format = dateFormats.get(language);
  if (!format) {
    format = new Intl.DateTimeFormat(locales[language], { dateStyle: 'long', timeZone: 'UTC' });
    dateFormats.set(language, format);
  }
  return formatDateParts(format, new Date(`${date}T00:00:00Z`), language);
}

/** "US$1,250.00" / "1 250,00 $US": the minor units shifted by the currency's own digits. */
export function formatMoney(money: Money, language: Language): string {
  const format = new Intl.NumberFormat(locales[language], { style: 'currency', currency: money.currency });
  const digits = format.resolvedOptions().maximumFractionDigits ?? 2;
  // Display only: the amount stays integer minor units everywhere else.
  return format.format(money.amountMinor / 10 ** digits);
}

const dayWords: Record<Language, Record<'one' | 'other', string>> = {
  en: { one: 'day', other: 'days' },
  fr: { one: 'jour', other: 'jours' },
};
const plurals = { en: new Intl.PluralRules('en'), fr: new Intl.PluralRules('fr') };

/** "0 days" in English but "0 jour" in French: the language's own plural rule (CLDR). */
export function formatDays(days: number, language: Language): string {
  const form = plurals[language].select(days) === 'one' ? 'one' : 'other';
  return `${days} ${dayWords[language][form]}`;
}

export function isLanguage(value: unknown): value is Language {
  return typeof value === 'string' && (languages as readonly string[]).includes(value);
}
