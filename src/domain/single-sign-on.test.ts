import { describe, expect, it } from 'vitest';
import { staffRefusal, verifiedEmail } from './single-sign-on.js';

describe('verifiedEmail', () => {
  it('takes a verified e-mail, lower-cased and trimmed', () => {
    expect(verifiedEmail({ email: ' Operator@SAPS.example ', email_verified: true })).toEqual({
      email: 'operator@saps.example',
    });
  });

  it.each([
    { case: 'false', value: false },
    { case: 'missing', value: undefined },
    // Only the JSON boolean counts: a string "true" is not what OpenID Connect Core §5.1 says.
    { case: 'the string "true"', value: 'true' },
    { case: '1', value: 1 },
  ])('refuses an e-mail whose email_verified is $case with unverified-email', ({ value }) => {
    expect(verifiedEmail({ email: 'operator@saps.example', email_verified: value })).toEqual({
      refusal: 'unverified-email',
    });
  });

  it.each([
    { case: 'missing', value: undefined },
    { case: 'empty', value: '' },
    { case: 'blank', value: '  ' },
    { case: 'not a string', value: ['operator@saps.example'] },
  ])('refuses an identity whose e-mail is $case with no-email, verified or not', ({ value }) => {
    expect(verifiedEmail({ email: value, email_verified: true })).toEqual({ refusal: 'no-email' });
  });
});

describe('staffRefusal', () => {
  it('accepts an active member of the operator organisation', () => {
    expect(staffRefusal({ organizationKind: 'operator', active: true })).toBeNull();
  });

  it('refuses an e-mail no SAPS user has: no silent provisioning', () => {
    expect(staffRefusal(undefined)).toBe('unknown-email');
  });

  it.each(['customer', 'partner'] as const)('refuses a %s user: single sign-on is for operator staff', (kind) => {
    expect(staffRefusal({ organizationKind: kind, active: true })).toBe('not-operator-staff');
  });

  it('refuses a deactivated operator user', () => {
    expect(staffRefusal({ organizationKind: 'operator', active: false })).toBe('inactive');
  });
});
