/**
 * Voucher codes like `PS-7KQ4-M2XD`: 8 characters from an alphabet without look-alikes
 * (no 0/O, 1/I/L, U/V), about 39 bits. Guessing also needs the customer's benefit-admin e-mail,
 * and failed validations are rate-limited. Pure: the caller supplies the random bytes.
 */
export const voucherCodeAlphabet = '23456789ABCDEFGHJKMNPQRSTWXYZ';
export const voucherCodeBytesNeeded = 32;

const pattern = new RegExp(`^PS-[${voucherCodeAlphabet}]{4}-[${voucherCodeAlphabet}]{4}$`);

/** Rejection sampling keeps every character equally likely. */
export function voucherCodeFromBytes(bytes: Uint8Array): string | null {
  const n = voucherCodeAlphabet.length;
  const limit = 256 - (256 % n);
  const chars: string[] = [];
  for (const byte of bytes) {
    if (byte < limit) {
      chars.push(voucherCodeAlphabet[byte % n]!);
      if (chars.length === 8) {
        return `PS-${chars.slice(0, 4).join('')}-${chars.slice(4).join('')}`;
      }
    }
  }
  return null;
}

/** Codes are typed by people: accept lower case and stray spaces. */
export function normalizeVoucherCode(input: string): string {
  const compact = input.toUpperCase().replace(/[^0-9A-Z]/g, '');
  // Typed without dashes: PS7KQ4M2XD.
  if (/^PS[0-9A-Z]{8}$/.test(compact)) {
    return `PS-${compact.slice(2, 6)}-${compact.slice(6)}`;
  }
  return input.trim().toUpperCase().replace(/\s+/g, '');
}

export function isWellFormedVoucherCode(code: string): boolean {
  return pattern.test(code);
}
