import { ZxcvbnFactory } from '@zxcvbn-ts/core';
import * as zxcvbnCommon from '@zxcvbn-ts/language-common';
import * as zxcvbnEn from '@zxcvbn-ts/language-en';
import * as zxcvbnFr from '@zxcvbn-ts/language-fr';
import { DomainError } from '../../domain/errors.js';

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

function zxcvbn(): ZxcvbnFactory {
  factory ??= new ZxcvbnFactory({
    translations: zxcvbnEn.translations,
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

/** Why the password is refused, in words for the person choosing it; null when it is fine. */
export function passwordWeakness(
  password: string,
  person: { email?: string | undefined; name?: string | undefined } = {},
): string | null {
  if ([...password].length < minimumPasswordLength) {
    return `a password needs at least ${minimumPasswordLength} characters`;
  }
  if (password.trim().length === 0) {
    return 'a password cannot be only spaces';
  }
  const result = zxcvbn().check(password.slice(0, scoredLength), personalInputs(person));
  if (result.score >= minimumPasswordScore) {
    return null;
  }
  const reasons = [result.feedback.warning, ...result.feedback.suggestions].filter(
    (text): text is string => typeof text === 'string' && text.length > 0,
  );
  return `this password is too easy to guess${reasons.length > 0 ? `: ${reasons.join(' ')}` : ''}`;
}

/** Refuses a weak password with validation-failed on `path` (e.g. `body.password`). */
export function assertStrongPassword(
  password: string,
  person: { email?: string | undefined; name?: string | undefined },
  path = 'body.password',
): void {
  const weakness = passwordWeakness(password, person);
  if (weakness) {
    throw new DomainError('validation-failed', weakness, { errors: [{ path, message: weakness }] });
  }
}
