import { eq } from 'drizzle-orm';
import * as openid from 'openid-client';
import { organizations, users } from '../../db/schema/index.js';
import {
  staffRefusal,
  verifiedEmail,
  type IdentityClaims,
  type SingleSignOnRefusal,
} from '../../domain/single-sign-on.js';
import { recordAudit } from '../audit.js';
import type { AppContext } from '../context.js';
import { openSession, type OpenedSession } from './open-session.js';
import { openFlow } from './single-sign-on-flow.js';
import type { SingleSignOnClient } from './single-sign-on-client.js';

export type SingleSignOnOutcome =
  | { signedIn: true; session: OpenedSession; next: string; refusal?: undefined }
  | { signedIn: false; refusal: SingleSignOnRefusal };

/**
 * Which refusal a protocol failure of openid-client is. It checks the `state` of the answer
 * before anything else (an error answer with another state is a state failure too), then the
 * code at the token endpoint with the PKCE verifier, then the ID token: signature, issuer,
 * audience, expiry, and the `nonce`.
 */
function protocolRefusal(error: unknown): { refusal: SingleSignOnRefusal; detail: Record<string, unknown> } {
  if (error instanceof openid.AuthorizationResponseError) {
    return { refusal: 'provider-refused', detail: { error: error.error, description: error.error_description } };
  }
  if (error instanceof openid.ResponseBodyError) {
    // The token endpoint refused the code: used already, expired, or a PKCE verifier that does
    // not match the challenge.
    return { refusal: 'failed', detail: { error: error.error, description: error.error_description } };
  }
  if (error instanceof openid.ClientError) {
    const cause = error.cause as { message?: unknown; cause?: { claim?: unknown } } | undefined;
    const message = typeof cause?.message === 'string' ? cause.message : error.message;
    if (error.code === 'OAUTH_INVALID_RESPONSE' && message.includes('"state"')) {
      return { refusal: 'state', detail: { message } };
    }
    if (error.code === 'OAUTH_JWT_CLAIM_COMPARISON_FAILED' && cause?.cause?.claim === 'nonce') {
      return { refusal: 'nonce', detail: { message } };
    }
    return { refusal: 'failed', detail: { code: error.code, message } };
  }
  if (error instanceof TypeError && error.message === 'fetch failed') {
    return {
      refusal: 'unavailable',
      detail: { message: error.cause instanceof Error ? error.cause.message : error.message },
    };
  }
  return { refusal: 'failed', detail: { message: error instanceof Error ? error.message : String(error) } };
}

/**
 * Finishes a single sign-on (issue 11, item 6; decision 027): the provider's answer must belong
 * to the flow this browser started (state), its code is exchanged with the flow's PKCE verifier,
 * and the ID token must carry the flow's nonce; openid-client checks all three. The identity
 * then signs in the existing SAPS user of its verified e-mail, if that user is active operator
 * staff: the same session as the password sign-in, and an audit record naming the identity.
 * Nothing is created for an identity SAPS does not know. Every refusal is logged with its
 * reason and opens no session.
 */
export async function finishSingleSignOn(
  ctx: AppContext,
  sso: SingleSignOnClient,
  input: { sealedFlow: string | undefined; query: string; ip: string },
): Promise<SingleSignOnOutcome> {
  // Sessions and their flows run on real time, even when the program clock is simulated.
  const now = ctx.realClock.now();
  const refuse = (refusal: SingleSignOnRefusal, detail: Record<string, unknown>): SingleSignOnOutcome => {
    ctx.log.warn({ reason: refusal, ...detail, ip: input.ip, issuer: sso.settings.issuer }, 'single sign-on refused');
    return { signedIn: false, refusal };
  };

  const opened = await openFlow(ctx.db, input.sealedFlow, now);
  if (!opened.flow) {
    return refuse('state', { flow: opened.problem });
  }
  const { flow } = opened;

  let claims: IdentityClaims & { sub: string };
  try {
    const configuration = await sso.configuration();
    // The callback URL as registered, with the answer's parameters: openid-client sends it back
    // to the token endpoint as `redirect_uri`, which must match exactly.
    const callbackUrl = new URL(sso.settings.redirectUri);
    callbackUrl.search = input.query;
    const tokens = await openid.authorizationCodeGrant(configuration, callbackUrl, {
      expectedState: flow.state,
      expectedNonce: flow.nonce,
      pkceCodeVerifier: flow.verifier,
      idTokenExpected: true,
    });
    const idToken = tokens.claims()!;
    claims = idToken;
    // Providers that follow OpenID Connect Core §5.4 give the e-mail claims of the `email` scope
    // at the UserInfo endpoint only, not in the ID token of the code flow.
    if (
      (idToken.email === undefined || idToken.email_verified === undefined) &&
      configuration.serverMetadata().userinfo_endpoint
    ) {
      const userInfo = await openid.fetchUserInfo(configuration, tokens.access_token, idToken.sub);
      claims = { ...idToken, email: userInfo.email, email_verified: userInfo.email_verified };
    }
  } catch (error) {
    const { refusal, detail } = protocolRefusal(error);
    return refuse(refusal, detail);
  }

  const identity = { subject: claims.sub, email: claims.email };
  const verified = verifiedEmail(claims);
  if (verified.refusal) {
    return refuse(verified.refusal, identity);
  }
  const [row] = await ctx.db
    .select({ user: users, organizationKind: organizations.kind })
    .from(users)
    .innerJoin(organizations, eq(organizations.id, users.organizationId))
    .where(eq(users.email, verified.email));
  const refusal = staffRefusal(row && { organizationKind: row.organizationKind, active: row.user.active });
  if (refusal || !row) {
    return refuse(refusal ?? 'unknown-email', identity);
  }

  const session = await ctx.db.transaction(async (tx) => {
    const opened = await openSession(tx, row.user.id, now);
    // Not required by invariant 5 (a session changes no program state), but this is where an
    // outside identity became a SAPS user: the operator's audit page shows who signed in as whom,
    // beside the password sign-ins' `user.signed-in` (decision 015). Only operator staff sign in
    // this way, so their organisation's readers are operators.
    await recordAudit(tx, {
      // On the program clock, as every audit record, so that the audit page reads in order.
      at: ctx.clock.now(),
      actorId: row.user.id,
      organizationIds: [row.user.organizationId],
      action: 'user.signed-in-sso',
      entityType: 'user',
      entityId: row.user.id,
      before: null,
      after: { method: 'openid-connect', issuer: sso.settings.issuer, subject: claims.sub },
    });
    return opened;
  });
  ctx.log.info({ userId: row.user.id, subject: claims.sub, ip: input.ip }, 'single sign-on');
  return { signedIn: true, session, next: flow.next };
}
