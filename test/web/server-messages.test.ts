import { describe, expect, it } from 'vitest';
import { problemCodes } from '../../src/domain/errors.js';
import { paymentRequestStatuses } from '../../src/domain/payment-rules.js';
import { catalogue, formats, isMessageKey, placeholders, render, type MessageKey } from '../../src/domain/messages.js';
import { roles } from '../../src/domain/roles.js';
import { voucherStatuses } from '../../src/domain/voucher-lifecycle.js';

/**
 * The French completeness test, extended to the server's messages (issue 12, M7; decision
 * 028): every key of the catalogue has a French text with the same params, every format is one
 * the renderer knows, and every value a lookup format can meet has its words in both languages.
 */
const keys = Object.keys(catalogue.en) as MessageKey[];

describe('server messages', () => {
  it('has a French text, not empty, for every English key, and no key only in French', () => {
    expect(keys.filter((key) => !catalogue.fr[key]?.trim())).toEqual([]);
    expect(Object.keys(catalogue.fr).filter((key) => !isMessageKey(key))).toEqual([]);
    expect(keys.filter((key) => !catalogue.en[key].trim())).toEqual([]);
  });

  it('uses the same params in both languages, each with a known format', () => {
    const names = (text: string) => [...new Set(placeholders(text).map((p) => p.name))].sort().join();
    expect(keys.filter((key) => names(catalogue.en[key]) !== names(catalogue.fr[key]))).toEqual([]);
    const unknown = keys.flatMap((key) =>
      [...placeholders(catalogue.en[key]), ...placeholders(catalogue.fr[key])]
        .filter((p) => p.format !== undefined && !(formats as readonly string[]).includes(p.format))
        .map((p) => `${key}: ${p.format}`),
    );
    expect(unknown).toEqual([]);
  });

  it('has a title for every problem code, and words for every role, status and denial reason it may name', () => {
    const needed = [
      ...problemCodes.map((code) => `title.${code}`),
      ...roles.map((role) => `role.${role}`),
      ...voucherStatuses.map((status) => `status.${status}`),
      ...paymentRequestStatuses.map((status) => `status.${status}`),
    ];
    expect(needed.filter((key) => !isMessageKey(key))).toEqual([]);
  });

  it('writes French that is not the English text (but for names that are the same words)', () => {
    // `field.problems` only joins its parts, which are translated; `word.translated` gives a
    // library's own words in each language (zxcvbn's feedback).
    const same = new Set(['role.finance', 'role.consultant', 'field.httpUrl', 'field.problems', 'word.translated']);
    const untranslated = keys.filter((key) => catalogue.fr[key] === catalogue.en[key] && !same.has(key));
    expect(untranslated).toEqual([]);
  });

  it('renders params with their formats in each language', () => {
    const message = {
      key: 'calendar.voucherExpired',
      params: { verb: 'redeemVoucher', expiresAt: '2021-08-28T09:00:00.000Z' },
    } as const;
    expect(render(message, 'en')).toBe(
      'cannot redeem the voucher: the voucher expired at 2021-08-28T09:00:00.000Z (voucher expiry)',
    );
    expect(render(message, 'fr')).toBe(
      'impossible d\u2019échanger le bon : le bon a expiré le 28 août 2021 à 09:00 UTC (expiration du bon)',
    );
    const roles = { key: 'access.needsRole', params: { roles: ['partner_admin', 'global_admin'] } } as const;
    expect(render(roles, 'fr')).toBe(
      'cette action demande l\u2019un des rôles : Administrateur partenaire MPN, Administrateur général',
    );
  });

  it('writes counts with the language\u2019s digit grouping, and a message of messages part by part', () => {
    const rows = { key: 'csv.tooManyRows', params: { max: 1_000_000 } } as const;
    expect(render(rows, 'en')).toBe(
      'the file has more than 1,000,000 rows: split it into files of at most 1,000,000 rows',
    );
    expect(render(rows, 'fr')).toBe(
      'le fichier compte plus de 1\u202f000\u202f000 lignes : découpez-le en fichiers de 1\u202f000\u202f000 lignes au plus',
    );
    const problems = {
      key: 'field.problems',
      params: { problems: 'level: must be silver or gold' },
      parts: {
        problems: [
          {
            key: 'field.named',
            params: { field: 'level' },
            parts: { problem: [{ key: 'competency.level', params: {} }] },
          },
          {
            key: 'field.named',
            params: { field: 'validUntil' },
            parts: { problem: [{ key: 'import.calendarDate', params: {} }] },
          },
        ],
      },
    } as const;
    const translated = { key: 'word.translated', params: { text: ['Add more words.', 'Ajoutez des mots.'] } } as const;
    expect([render(translated, 'en'), render(translated, 'fr')]).toEqual(['Add more words.', 'Ajoutez des mots.']);
    expect(render(problems, 'en')).toBe(
      'level: must be silver or gold; validUntil: must be a calendar date, YYYY-MM-DD',
    );
    expect(render(problems, 'fr')).toBe(
      'level : doit être silver ou gold; validUntil : doit être une date du calendrier, AAAA-MM-JJ',
    );
  });
});
