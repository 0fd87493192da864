import type { OrganizationKind } from './roles.js';

/**
 * Why a single sign-on did not sign anybody in (issue 11, item 6; decision 027). The sign-in
 * page names each one (`/sign-in?sso=<reason>`), and the server logs it.
 * - `state`: the answer does not belong to a sign-in started in this browser (no flow, an
 *   expired or damaged flow, or another `state`): a login CSRF or a stale tab.
 * - `nonce`: the ID token was not issued for this sign-in (a replayed or swapped token).
 * - `provider-refused`: the identity provider answered with an error (the person cancelled…).
 * - `unavailable`: the identity provider could not be reached.
 * - `failed`: any other protocol failure (a refused code or PKCE verifier, a bad signature…).
 * - the rest: the identity is fine, but it is not an operator's staff member in SAPS.
 */
export const singleSignOnRefusals = [
  'state',
  'nonce',
  'provider-refused',
  'unavailable',
  'failed',
  'no-email',
  'unverified-email',
  'unknown-email',
  'not-operator-staff',
  'inactive',
] as const;
export type SingleSignOnRefusal = (typeof singleSignOnRefusals)[number];

/** The claims of the identity provider that SAPS reads (OpenID Connect Core §5.1). */
export interface IdentityClaims {
  email?: unknown;
  email_verified?: unknown;
}

/**
 * The e-mail an identity proves, or why it proves none. Only `email_verified: true` counts
 * (issue 11: "maps to an existing SAPS user by verified e-mail"): an unverified address is one
 * anybody could type into their profile at the provider. E-mails compare lower-cased and
 * trimmed, as the password sign-in does.
 */
export function verifiedEmail(
  claims: IdentityClaims,
): { email: string; refusal?: undefined } | { email?: undefined; refusal: 'no-email' | 'unverified-email' } {
  if (typeof claims.email !== 'string' || claims.email.trim() === '') {
    return { refusal: 'no-email' };
  }
  if (claims.email_verified !== true) {
    return { refusal: 'unverified-email' };
  }
  return { email: claims.email.trim().toLowerCase() };
}

/**
 * Whether the SAPS user with that e-mail may be signed in by single sign-on: only an active
 * member of the operator organisation (issue 11: "single sign-on for operator staff"). There is
 * no silent provisioning: no user, no sign-in.
 */
export function staffRefusal(
  user: { organizationKind: OrganizationKind; active: boolean } | undefined,
): 'unknown-email' | 'not-operator-staff' | 'inactive' | null {
  if (!user) {
    return 'unknown-email';
  }
  if (user.organizationKind !== 'operator') {
    return 'not-operator-staff';
  }
  if (!user.active) {
    return 'inactive';
  }
  return null;
}
