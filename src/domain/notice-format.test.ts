import { describe, expect, it } from 'vitest';
import { formatDays } from './notice-format.js';

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
