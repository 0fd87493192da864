import * as openid from 'openid-client';
import type { AppContext } from '../context.js';
import { flowLifetimeMs, sealFlow } from './single-sign-on-flow.js';
import { singleSignOnScope, type SingleSignOnClient } from './single-sign-on-client.js';

/** Only a path of this app, never another site (`//evil.example` is a URL, not a path). */
export function safeNextPath(next: string | undefined): string {
  return next && next.length <= 2000 && next.startsWith('/') && !next.startsWith('//') && !next.startsWith('/\\')
    ? next
    : '/';
}

/**
 * Starts a single sign-on (decision 027): a fresh `state`, `nonce` and PKCE verifier (S256) for
 * this browser, sealed into its flow cookie, and the provider's authorization URL to send it
 * to. `unavailable` when the provider's discovery document cannot be read.
 */
export async function startSingleSignOn(
  ctx: AppContext,
  sso: SingleSignOnClient,
  input: { next?: string | undefined },
): Promise<{ redirectTo: string; sealedFlow: string; refusal?: undefined } | { refusal: 'unavailable' }> {
  let configuration: openid.Configuration;
  try {
    configuration = await sso.configuration();
  } catch (error) {
    ctx.log.warn({ err: error, issuer: sso.settings.issuer }, 'single sign-on unavailable: discovery failed');
    return { refusal: 'unavailable' };
  }
  const now = ctx.realClock.now();
  const verifier = openid.randomPKCECodeVerifier();
  const flow = {
    state: openid.randomState(),
    nonce: openid.randomNonce(),
    verifier,
    next: safeNextPath(input.next),
    expiresAt: now.getTime() + flowLifetimeMs,
  };
  const redirectTo = openid.buildAuthorizationUrl(configuration, {
    redirect_uri: sso.settings.redirectUri,
    scope: singleSignOnScope,
    state: flow.state,
    nonce: flow.nonce,
    // PKCE whatever the provider advertises: harmless where unsupported, and it binds the code
    // to this browser's flow where it is (RFC 9700 §2.1.1).
    code_challenge: await openid.calculatePKCECodeChallenge(verifier),
    code_challenge_method: 'S256',
  });
  return { redirectTo: redirectTo.href, sealedFlow: await sealFlow(ctx.db, flow, now) };
}
