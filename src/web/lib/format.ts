import { useTranslation } from 'react-i18next';
import type { Money } from './types';

const locales: Record<string, string> = { en: 'en-GB', fr: 'fr-FR' };

function localeOf(language: string): string {
  return locales[language] ?? language;
}

/**
 * French writes the first of a month as an ordinal ("1er juil. 2021"), where Intl (CLDR) gives
 * "1 juil. 2021"; the server's e-mails and problems do the same (domain/notice-format.ts).
 */
function formatParts(format: Intl.DateTimeFormat, date: Date, language: string): string {
  if (language !== 'fr') {
    return format.format(date);
  }
  return format
    .formatToParts(date)
    .map((part) => (part.type === 'day' && part.value === '1' ? '1er' : part.value))
    .join('');
}

/** Calendar dates (`YYYY-MM-DD`) are shown as they are, whatever the browser's time zone. */
export function formatDate(language: string, value: string | null | undefined): string {
  if (!value) {
    return '—';
  }
  const date = /^\d{4}-\d{2}-\d{2}$/.test(value) ? new Date(`${value}T00:00:00Z`) : new Date(value);
  if (Number.isNaN(date.getTime())) {
    return value;
  }
  return formatParts(
    new Intl.DateTimeFormat(localeOf(language), { dateStyle: 'medium', timeZone: 'UTC' }),
    date,
    language,
  );
}

export function formatDateTime(language: string, value: string | null | undefined): string {
  if (!value) {
    return '—';
  }
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) {
    return value;
  }
  const format = new Intl.DateTimeFormat(localeOf(language), {
    // dateStyle/timeStyle cannot be combined with timeZoneName, hence the fields one by one.
    year: 'numeric',
    month: 'short',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    timeZone: 'UTC',
    timeZoneName: 'short',
  });
  return formatParts(format, date, language);
}

export function formatNumber(language: string, value: number): string {
  return new Intl.NumberFormat(localeOf(language)).format(value);
}

export function formatMoney(language: string, money: Money | null | undefined): string {
  if (!money) {
    return '—';
  }
  const format = new Intl.NumberFormat(localeOf(language), { style: 'currency', currency: money.currency });
  const digits = format.resolvedOptions().maximumFractionDigits ?? 2;
  return format.format(money.amountMinor / 10 ** digits);
}

/** Minor units for an amount typed in major units (`1250.5` USD → 125050). */
export function toMinor(amount: number, currency: string): number {
  const digits =
    new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
  return Math.round(amount * 10 ** digits);
}

export function fromMinor(amountMinor: number, currency: string): number {
  const digits =
    new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
  return amountMinor / 10 ** digits;
}

/** A file size in the largest unit that keeps it ≥ 1: "45 B", "1.5 KB", "20 MB" (French: o, Ko, Mo). */
export function formatBytes(language: string, bytes: number): string {
  const units = language.startsWith('fr') ? ['o', 'Ko', 'Mo', 'Go'] : ['B', 'KB', 'MB', 'GB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  const digits = unit === 0 || value >= 10 ? 0 : 1;
  return `${new Intl.NumberFormat(localeOf(language), { maximumFractionDigits: digits }).format(value)} ${units[unit]}`;
}

export function countryName(language: string, code: string): string {
  try {
    return new Intl.DisplayNames([localeOf(language)], { type: 'region' }).of(code) ?? code;
  } catch {
    return code;
  }
}

/** Formatters bound to the current language. */
export function useFormat() {
  const { i18n } = useTranslation();
  const language = i18n.language;
  return {
    language,
    date: (value: string | null | undefined) => formatDate(language, value),
    dateTime: (value: string | null | undefined) => formatDateTime(language, value),
    number: (value: number) => formatNumber(language, value),
    money: (value: Money | null | undefined) => formatMoney(language, value),
    country: (code: string) => countryName(language, code),
    bytes: (value: number) => formatBytes(language, value),
  };
}
