import { describe, expect, it } from 'vitest';
import { formatDate, formatDays } from './notice-format.js';

describe('formatDays', () => {
  it.each([
    [0, 'en', '0 days'],
    [1, 'en', '1 day'],
    [2, 'en', '2 days'],
    [0, 'fr', '0 jour'],
    [1, 'fr', '1 jour'],
    [2, 'fr', '2 jours'],
    [28, 'fr', '28 jours'],
  ] as const)('%i in %s is "%s" (the language\u2019s plural rule)', (days, language, words) => {
    expect(formatDays(days, language)).toBe(words);
  });
});

describe('formatDate', () => {
  it.each([
    ['2021-07-01', 'fr', '1er juillet 2021'],
    ['2021-07-02', 'fr', '2 juillet 2021'],
    ['2021-06-30', 'fr', '30 juin 2021'],
    ['2022-01-01', 'fr', '1er janvier 2022'],
    ['2021-07-01', 'en', '1 July 2021'],
    ['2021-08-21', 'en', '21 August 2021'],
  ] as const)('%s in %s is "%s" (French says the first of a month as an ordinal)', (date, language, words) => {
    expect(formatDate(date, language)).toBe(words);
  });
});
