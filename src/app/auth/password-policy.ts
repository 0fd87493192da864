import { ZxcvbnFactory } from '@zxcvbn-ts/core';
import * as zxcvbnCommon from '@zxcvbn-ts/language-common';
import * as zxcvbnEn from '@zxcvbn-ts/language-en';
import * as zxcvbnFr from '@zxcvbn-ts/language-fr';
import { DomainError, fieldMessage } from '../../domain/errors.js';
import { msg, render, type Message } from '../../domain/messages.js';
import { languages, type Language } from '../../domain/notice-format.js';

/**
 * The password rule (issue 9, finding 9): 12 characters or more, and not guessable — a zxcvbn
 * score of 3 or more against the common, English and French dictionaries plus the person's own
 * e-mail and name. Applied wherever a password is set (user creation, invitation, reset, the
 * CLI and the first operator admin); the demo seed writes its shared demo password directly.
 */
export const minimumPasswordLength = 12;
export const minimumPasswordScore = 3;
// zxcvbn's matching grows with the length; past this many characters length alone makes a
// password strong, so only the start is scored (and a long input cannot stall the server).
const scoredLength = 40;

let factory: ZxcvbnFactory | undefined;

/**
 * zxcvbn's feedback as its own keys (each key translated to itself), so that one check gives
 * the reasons in every language: the library's English and French language packs word them.
 */
const selfNamed = (texts: Record<string, unknown>): Record<string, string> =>
  Object.fromEntries(Object.keys(texts).map((key) => [key, key]));
const feedbackKeys = {
  warnings: selfNamed(zxcvbnEn.translations.warnings),
  suggestions: selfNamed(zxcvbnEn.translations.suggestions),
  timeEstimation: zxcvbnEn.translations.timeEstimation,
} as typeof zxcvbnEn.translations;
const feedbackTexts: Record<Language, typeof zxcvbnEn.translations> = {
  en: zxcvbnEn.translations,
  fr: zxcvbnFr.translations,
};

function zxcvbn(): ZxcvbnFactory {
  factory ??= new ZxcvbnFactory({
    translations: feedbackKeys,
    graphs: zxcvbnCommon.adjacencyGraphs,
    dictionary: { ...zxcvbnCommon.dictionary, ...zxcvbnEn.dictionary, ...zxcvbnFr.dictionary },
  });
  return factory;
}

/** The words of a person that a password must not lean on: the e-mail, its parts, the name. */
function personalInputs(person: { email?: string | undefined; name?: string | undefined }): string[] {
  const inputs: string[] = [];
  const variants = (text: string): string[] => {
    const lower = text.toLowerCase();
    const parts = lower.split(/[^\p{L}\p{N}]+/u).filter((part) => part.length >= 3);
    // The whole, its words, and the words run together ("robinplanner" for "Robin Planner").
    return [lower, ...parts, parts.join('')];
  };
  if (person.email) {
    const [local = '', domain = ''] = person.email.split('@');
    inputs.push(...variants(person.email), ...variants(local), ...variants(domain));
  }
  if (person.name) {
    inputs.push(...variants(person.name));
  }
  return [...new Set(inputs.filter((input) => input.length >= 3))];
}

/**
 * zxcvbn's warning and suggestions in every language, in the order of `languages` (the
 * `translated` format): sentences, joined by a space as the library writes them.
 */
function reasonsText(warning: string | null, suggestions: readonly string[]): Message | null {
  const keys = [
    ...(warning ? [['warnings', warning] as const] : []),
    ...suggestions.filter((key) => key.length > 0).map((key) => ['suggestions', key] as const),
  ];
  if (keys.length === 0) {
    return null;
  }
  const inEvery = languages.map((language) =>
    keys.map(([kind, key]) => (feedbackTexts[language][kind] as Record<string, string>)[key] ?? key).join(' '),
  );
  return msg('word.translated', { text: inEvery });
}

/**
 * Why the password is refused, as a catalogue message (decision 028): our sentence, then
 * zxcvbn's warning and suggestions in the reader's language; null when it is fine.
 */
export function passwordWeaknessText(
  password: string,
  person: { email?: string | undefined; name?: string | undefined } = {},
): Message | null {
  if ([...password].length < minimumPasswordLength) {
    return msg('password.tooShort', { min: minimumPasswordLength });
  }
  if (password.trim().length === 0) {
    return msg('password.onlySpaces');
  }
  const result = zxcvbn().check(password.slice(0, scoredLength), personalInputs(person));
  if (result.score >= minimumPasswordScore) {
    return null;
  }
  const reasons = reasonsText(result.feedback.warning, result.feedback.suggestions);
  if (!reasons) {
    return msg('password.tooEasy');
  }
  return { key: 'password.tooEasyBecause', params: { reasons: render(reasons, 'en') }, parts: { reasons: [reasons] } };
}

/** Why the password is refused, in English (the command line, the first operator admin); null when it is fine. */
export function passwordWeakness(
  password: string,
  person: { email?: string | undefined; name?: string | undefined } = {},
): string | null {
  const text = passwordWeaknessText(password, person);
  return text ? render(text, 'en') : null;
}

/** Refuses a weak password with validation-failed on `path` (e.g. `body.password`). */
export function assertStrongPassword(
  password: string,
  person: { email?: string | undefined; name?: string | undefined },
  path = 'body.password',
): void {
  const weakness = passwordWeaknessText(password, person);
  if (weakness) {
    throw new DomainError('validation-failed', weakness, { errors: [fieldMessage(path, weakness)] });
  }
}
