/**
 * The catalogue of server messages (issue 12, M7; decision 028): every problem title, detail and
 * field message, and the eligibility texts, as a key with params, written in English and French
 * (glossary.md for the program's words). Pure: rendering is string work and `Intl`.
 *
 * A template names its params in braces, `{code}`, with an optional format, `{on:date}`:
 * - `date`: a calendar date `YYYY-MM-DD`; `instant`: an ISO 8601 instant (UTC). English keeps
 *   the ISO text the API always gave (clients and tests match on it); French writes the day out
 *   ("1er janvier 2022", "30 juin 2021 à 23:59 UTC").
 * - `days`: "5 days" / "5 jours".
 * - `number`: a count with the language's digit grouping, "1,000,000" / "1 000 000".
 * - `list`: "a, b"; `or`: "one of a, b" / "l'un de a, b" when more than one.
 * - `translated`: a text its source words in every language itself (a library's, as zxcvbn's
 *   feedback), given as a list in the order of `languages`; the one of the answer's language.
 * - `role`, `roles`, `status`, `verb`, `field`, `rule`: the value is looked up in the catalogue
 *   (`role.<value>`, …), so a role key becomes "Benefit admin" / "Administrateur de l'avantage".
 * The raw values go out as the problem's `params` (api.md, v1 additions), for clients that
 * write their own text.
 */
import { en, type MessageKey } from './messages-en.js';
import { fr } from './messages-fr.js';
import { formatDate, formatDateParts, formatDays, languages, type Language } from './notice-format.js';

export type { MessageKey } from './messages-en.js';

/** The verbs refusals name ("cannot {verb}"): the `verb.*` keys of the catalogue. */
export type Verb = MessageKey extends infer K ? (K extends `verb.${infer V}` ? V : never) : never;

export type ParamValue = string | number | readonly string[];
export type MessageParams = Readonly<Record<string, ParamValue>>;

export interface Message {
  readonly key: MessageKey;
  readonly params: MessageParams;
  /**
   * Params that are messages themselves (the "what is missing" lines of a not-eligible
   * refusal), rendered in the same language and joined by "; ". `params` keeps their English.
   */
  readonly parts?: Readonly<Record<string, readonly Message[]>>;
}

export const catalogue: Readonly<Record<Language, Readonly<Record<MessageKey, string>>>> = { en, fr };

export function msg(key: MessageKey, params: MessageParams = {}): Message {
  return { key, params };
}

/**
 * A field message of a request schema, given to Zod as its custom message: the key travels in
 * the Zod issue and the HTTP layer renders it in the caller's language. Typed, so a schema can
 * only name a key the catalogue has.
 */
export function fieldKey(key: MessageKey): string {
  return key;
}

export function isMessageKey(text: string): text is MessageKey {
  return Object.prototype.hasOwnProperty.call(en, text);
}

/** The formats a template may ask for; a lookup format names the catalogue prefix it reads. */
const lookups = {
  role: 'role',
  roles: 'role',
  status: 'status',
  verb: 'verb',
  field: 'field',
  rule: 'rule',
  kind: 'kind',
  limit: 'limit',
  entity: 'entity',
} as const;
export const formats = [
  'date',
  'instant',
  'days',
  'number',
  'translated',
  'list',
  'or',
  ...Object.keys(lookups),
] as const;

const placeholder = /\{(\w+)(?::(\w+))?\}/g;

/** The param names and formats of a template, for the completeness test. */
export function placeholders(template: string): { name: string; format: string | undefined }[] {
  return [...template.matchAll(placeholder)].map((m) => ({ name: m[1]!, format: m[2] }));
}

function lookup(prefix: string, value: string, language: Language): string {
  const key = `${prefix}.${value}`;
  return isMessageKey(key) ? catalogue[language][key] : value;
}

const instantFormats = new Map<Language, Intl.DateTimeFormat>();

function formatInstant(iso: string, language: Language): string {
  if (language === 'en') {
    return iso;
  }
  const at = new Date(iso);
  if (Number.isNaN(at.getTime())) {
    return iso;
  }
  let format = instantFormats.get(language);
  if (!format) {
    format = new Intl.DateTimeFormat('fr-FR', { dateStyle: 'long', timeStyle: 'short', timeZone: 'UTC' });
    instantFormats.set(language, format);
  }
  return `${formatDateParts(format, at, language)} UTC`;
}

function formatCalendarDate(value: string, language: Language): string {
  if (language === 'en' || !/^\d{4}-\d{2}-\d{2}$/.test(value)) {
    return value;
  }
  return formatDate(value, language);
}

function asList(value: ParamValue): string[] {
  return Array.isArray(value) ? [...(value as readonly string[])] : [String(value)];
}

function formatValue(value: ParamValue, format: string | undefined, language: Language): string {
  switch (format) {
    case undefined:
      return asList(value).join(', ');
    case 'date':
      return formatCalendarDate(String(value), language);
    case 'instant':
      return formatInstant(String(value), language);
    case 'days':
      return formatDays(Number(value), language);
    case 'number':
      return Number(value).toLocaleString(language);
    case 'translated': {
      const texts = asList(value);
      return texts[languages.indexOf(language)] ?? texts[0] ?? '';
    }
    case 'list':
      return asList(value).join(', ');
    case 'or': {
      const items = asList(value);
      if (items.length === 1) {
        return items[0]!;
      }
      return `${catalogue[language]['word.oneOf']} ${items.join(', ')}`;
    }
    default: {
      const prefix = (lookups as Record<string, string>)[format];
      if (!prefix) {
        return asList(value).join(', ');
      }
      const words = asList(value).map((v) => lookup(prefix, v, language));
      // "it must be assigned or reserved"; lists of roles and fields read as lists.
      return format === 'status' ? words.join(` ${catalogue[language]['word.or']} `) : words.join(', ');
    }
  }
}

/** The message in `language`; a param missing from `params` is left as its placeholder. */
export function render(message: Message, language: Language): string {
  const template = catalogue[language][message.key];
  return template.replace(placeholder, (whole, name: string, format: string | undefined) => {
    const parts = message.parts?.[name];
    if (parts) {
      return parts.map((part) => render(part, language)).join('; ');
    }
    const value = message.params[name];
    return value === undefined ? whole : formatValue(value, format, language);
  });
}
