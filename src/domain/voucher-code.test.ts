import { describe, expect, it } from 'vitest';
import {
  isWellFormedVoucherCode,
  normalizeVoucherCode,
  voucherCodeAlphabet,
  voucherCodeBytesNeeded,
  voucherCodeFromBytes,
} from './voucher-code.js';

const bytes = (...values: number[]) => Uint8Array.from(values);

describe('the voucher code alphabet', () => {
  it('has 29 distinct upper-case characters', () => {
    expect(voucherCodeAlphabet).toHaveLength(29);
    expect(new Set(voucherCodeAlphabet).size).toBe(29);
    expect(voucherCodeAlphabet).toMatch(/^[2-9A-Z]+$/);
  });

  it.each(['0', 'O', '1', 'I', 'L', 'U', 'V'])('leaves out the look-alike %s', (char) => {
    expect(voucherCodeAlphabet).not.toContain(char);
  });
});

describe('voucherCodeFromBytes', () => {
  it('maps bytes to characters in alphabet order, formatted PS-XXXX-XXXX', () => {
    expect(voucherCodeFromBytes(bytes(0, 1, 2, 3, 4, 5, 6, 7))).toBe('PS-2345-6789');
    expect(voucherCodeFromBytes(bytes(8, 9, 10, 11, 28, 29, 30, 57))).toBe('PS-ABCD-Z23Z');
  });

  it('rejects bytes from 232 up (256 - 256 mod 29), so no character is favoured', () => {
    expect(voucherCodeFromBytes(bytes(232, 255, 0, 1, 2, 3, 240, 4, 5, 6, 7))).toBe('PS-2345-6789');
    // 231 is the last accepted byte: 231 mod 29 = 28, the last character.
    expect(voucherCodeFromBytes(bytes(231, 231, 231, 231, 231, 231, 231, 231))).toBe('PS-ZZZZ-ZZZZ');
  });

  it('returns null when the bytes run out before 8 characters', () => {
    expect(voucherCodeFromBytes(bytes(0, 1, 2, 3, 4, 5, 6))).toBeNull();
    expect(voucherCodeFromBytes(bytes(...new Array<number>(64).fill(250)))).toBeNull();
  });

  it('draws every character exactly 8 times over the 232 accepted byte values (exactly uniform)', () => {
    const counts = new Map<string, number>();
    for (let b = 0; b < 256; b += 1) {
      const code = voucherCodeFromBytes(bytes(b, 0, 0, 0, 0, 0, 0, 0));
      if (b >= 232) {
        expect(code).toBeNull();
        continue;
      }
      const first = code!.charAt(3);
      counts.set(first, (counts.get(first) ?? 0) + 1);
    }
    expect([...counts.keys()].sort().join('')).toBe([...voucherCodeAlphabet].sort().join(''));
    expect(new Set(counts.values())).toEqual(new Set([8]));
  });

  it('gives codes from random bytes whose characters are uniform at every position (chi-square)', () => {
    const samples = 12_000;
    const positions = 8;
    const counts = Array.from({ length: positions }, () => new Map<string, number>());
    const buffer = new Uint8Array(voucherCodeBytesNeeded);
    let codes = 0;
    while (codes < samples) {
      globalThis.crypto.getRandomValues(buffer);
      const code = voucherCodeFromBytes(buffer);
      if (!code) {
        continue;
      }
      codes += 1;
      expect(isWellFormedVoucherCode(code)).toBe(true);
      const chars = code.replace(/^PS-/, '').replace('-', '');
      [...chars].forEach((char, i) => counts[i]!.set(char, (counts[i]!.get(char) ?? 0) + 1));
    }
    const expectedCount = samples / voucherCodeAlphabet.length;
    for (const position of counts) {
      // Every character reachable at every position.
      expect(position.size).toBe(voucherCodeAlphabet.length);
      const chiSquare = [...voucherCodeAlphabet].reduce(
        (sum, char) => sum + ((position.get(char) ?? 0) - expectedCount) ** 2 / expectedCount,
        0,
      );
      // 28 degrees of freedom: P(χ² > 75) < 10⁻⁵ for a uniform source. (The small modulo bias
      // that rejection sampling removes is proven exactly by the test above, not here.)
      expect(chiSquare).toBeLessThan(75);
    }
  });
});

describe('isWellFormedVoucherCode', () => {
  it.each(['PS-7KQ4-M2XD', 'PS-2345-6789', 'PS-ZZZZ-ZZZZ'])('accepts %s', (code) => {
    expect(isWellFormedVoucherCode(code)).toBe(true);
  });

  it.each([
    ['lower case', 'ps-7kq4-m2xd'],
    ['a look-alike O', 'PS-7KQ4-M2XO'],
    ['a look-alike 1', 'PS-7KQ1-M2XD'],
    ['no dashes', 'PS7KQ4M2XD'],
    ['nine characters', 'PS-7KQ4-M2XDA'],
    ['another prefix', 'PX-7KQ4-M2XD'],
    ['surrounding spaces', ' PS-7KQ4-M2XD'],
  ])('rejects a code with %s', (_why, code) => {
    expect(isWellFormedVoucherCode(code)).toBe(false);
  });
});

describe('normalizeVoucherCode (codes are typed by people)', () => {
  it.each([
    ['ps-7kq4-m2xd', 'PS-7KQ4-M2XD'],
    ['  PS-7KQ4-M2XD\n', 'PS-7KQ4-M2XD'],
    ['PS-7KQ4 -M2XD', 'PS-7KQ4-M2XD'],
    ['Ps-7kQ4-M2xD', 'PS-7KQ4-M2XD'],
    ['PS7KQ4M2XD', 'PS-7KQ4-M2XD'],
    ['ps 7kq4 m2xd', 'PS-7KQ4-M2XD'],
  ])('turns %j into %s', (input, output) => {
    expect(normalizeVoucherCode(input)).toBe(output);
    expect(isWellFormedVoucherCode(normalizeVoucherCode(input))).toBe(true);
  });
});
