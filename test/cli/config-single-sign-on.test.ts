import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/cli/config.js';

/** `SAPS_OIDC_*` (decision 027): all three turn single sign-on on, none leaves it off. */
const complete = {
  SAPS_OIDC_ISSUER: 'https://login.example.com/tenant',
  SAPS_OIDC_CLIENT_ID: 'saps',
  SAPS_OIDC_CLIENT_SECRET: 'a-client-secret',
};

describe('the single sign-on configuration', () => {
  it('is off without the three variables (empty ones count as absent)', () => {
    expect(loadConfig({}).singleSignOn).toBeUndefined();
    expect(
      loadConfig({ SAPS_OIDC_ISSUER: '', SAPS_OIDC_CLIENT_ID: '', SAPS_OIDC_CLIENT_SECRET: '' }).singleSignOn,
    ).toBeUndefined();
  });

  it('is on with all three, the issuer kept as written (it must match the discovery document)', () => {
    expect(loadConfig(complete).singleSignOn).toEqual({
      issuer: 'https://login.example.com/tenant',
      clientId: 'saps',
      clientSecret: 'a-client-secret',
    });
  });

  it.each(Object.keys(complete))('refuses to start with %s missing, naming it', (name) => {
    const env: Record<string, string> = { ...complete };
    delete env[name];
    expect(() => loadConfig(env)).toThrow(new RegExp(`${name}: required with .* \\(single sign-on needs all three\\)`));
  });

  it.each(['http://login.example.com', 'login.example.com', 'ftp://login.example.com'])(
    'refuses the issuer %s: an https:// URL only',
    (issuer) => {
      expect(() => loadConfig({ ...complete, SAPS_OIDC_ISSUER: issuer })).toThrow(
        /SAPS_OIDC_ISSUER: must be the https:\/\//,
      );
    },
  );
});
