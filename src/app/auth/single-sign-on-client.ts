import * as openid from 'openid-client';

/** `SAPS_OIDC_*` (decision 027): the identity provider operator staff sign in with. */
export interface SingleSignOnSettings {
  /** The issuer identifier; its discovery document is read on first use. */
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** `<SAPS_PUBLIC_URL>/api/v1/auth/oidc/callback`, registered at the provider. */
  redirectUri: string;
  /**
   * Tests only: the provider they start on loopback speaks plain http, which openid-client
   * refuses otherwise. `saps serve` never sets it (the configuration wants an https issuer).
   */
  allowInsecureRequests?: boolean | undefined;
}

/** The scopes asked for: `openid` for the ID token, `email` for `email` and `email_verified`. */
export const singleSignOnScope = 'openid email';

/**
 * The relying party of one identity provider. Discovery runs on first use, not at start, so that
 * SAPS starts (and password sign-ins work) while the provider is down; a failed discovery is
 * tried again by the next sign-in.
 */
export class SingleSignOnClient {
  readonly settings: SingleSignOnSettings;
  #configuration: Promise<openid.Configuration> | undefined;

  constructor(settings: SingleSignOnSettings) {
    this.settings = settings;
  }

  configuration(): Promise<openid.Configuration> {
    this.#configuration ??= openid
      .discovery(
        new URL(this.settings.issuer),
        this.settings.clientId,
        undefined,
        // client_secret_basic: the default token endpoint authentication of OpenID Connect
        // Core §9 (and of most providers' client registrations).
        openid.ClientSecretBasic(this.settings.clientSecret),
        {
          execute: [
            // The ID token's signature is checked against the provider's JWKS too, not only
            // trusted because it came over TLS from the token endpoint (Core §3.1.3.7, 6).
            openid.enableNonRepudiationChecks,
            ...(this.settings.allowInsecureRequests ? [openid.allowInsecureRequests] : []),
          ],
          timeout: 10,
        },
      )
      .catch((error: unknown) => {
        this.#configuration = undefined;
        throw error;
      });
    return this.#configuration;
  }
}
