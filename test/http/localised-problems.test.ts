import Fastify from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerErrorHandling } from '../../src/http/errors.js';
import { acceptedLanguage } from '../../src/http/language.js';
import { ApiClient, demo } from '../support/api-client.js';
import { bearer, buildTestApp, type TestApp } from '../support/app.js';
import { ensureAgreement, makeVoucher } from '../support/voucher-factory.js';

/**
 * Issue 12, M7 (decision 028): problems speak the caller's language. `Accept-Language` first,
 * then the user's saved language, else English; `type`, `code` and `status` never change, and
 * `params` carry the values of the detail.
 */
let t: TestApp;
let api: ApiClient;
let reserved: { id: string; code: string };
/** As `saps serve` has it: `draining` turns true on SIGTERM. */
const lifecycle = { draining: false };

beforeAll(async () => {
  t = await buildTestApp({ lifecycle });
  api = new ApiClient(t);
  reserved = await makeVoucher(t, { until: 'reserved' });
});

afterAll(async () => {
  await t?.close();
});

async function call(
  email: string,
  method: 'GET' | 'POST' | 'PUT',
  url: string,
  options: { language?: string; payload?: object } = {},
) {
  const response = await t.app.inject({
    method,
    url: `/api/v1${url}`,
    headers: {
      ...bearer(await api.token(email)),
      ...(options.language ? { 'accept-language': options.language } : {}),
    },
    ...(options.payload ? { payload: options.payload } : {}),
  });
  return { status: response.statusCode, headers: response.headers, body: response.json() };
}

describe('Accept-Language', () => {
  it.each([
    ['fr', 'fr'],
    ['fr-CA', 'fr'],
    ['en-GB,en;q=0.9', 'en'],
    ['de-DE, fr;q=0.8, en;q=0.5', 'fr'],
    ['en;q=0.4, fr;q=0.7', 'fr'],
    ['fr;q=0, en', 'en'],
    ['de', undefined],
    ['*', undefined],
    ['', undefined],
  ])('%j asks for %s', (header, expected) => {
    expect(acceptedLanguage(header)).toBe(expected);
  });
});

describe('a refused operation in French and in English', () => {
  it('cancelling a reserved voucher: French title, detail and params; the slug and status unchanged', async () => {
    const fr = await call(demo.benefits, 'POST', `/vouchers/${reserved.id}/cancel`, { language: 'fr' });
    expect(fr.status).toBe(409);
    expect(fr.headers['content-language']).toBe('fr');
    expect(String(fr.headers.vary)).toMatch(/accept-language/i);
    expect(fr.body).toMatchObject({
      type: '/problems/invalid-transition',
      code: 'invalid-transition',
      status: 409,
      title: 'Impossible dans l\u2019état actuel',
      detail: 'impossible d\u2019annuler le bon : le bon est réservé ; il doit être attribué',
      messageKey: 'voucher.invalidTransition',
      params: { verb: 'cancel', status: 'reserved', allowed: ['assigned'] },
    });
    const en = await call(demo.benefits, 'POST', `/vouchers/${reserved.id}/cancel`, { language: 'en' });
    expect(en.body).toMatchObject({
      type: '/problems/invalid-transition',
      status: 409,
      title: 'Not possible in the current state',
      detail: 'cannot cancel a voucher that is reserved; it must be assigned',
      params: fr.body.params,
    });
    expect(en.headers['content-language']).toBe('en');
  });

  it('a planned start in the past: the dates written out in French, the field message too', async () => {
    const voucher = await makeVoucher(t, { until: 'assigned' });
    const locations = await call(
      demo.partner,
      'GET',
      `/partners/${t.demo.organizationIds['Fabrikam Consulting']}/locations`,
    );
    const payload = {
      code: voucher.code,
      locationId: locations.body.items[0].id,
      plannedStart: '2021-02-01',
      plannedEnd: '2021-03-05',
      acceptTerms: true,
    };
    const fr = await call(demo.partner, 'POST', `/vouchers/${voucher.id}/reservation`, { language: 'fr', payload });
    expect(fr.body).toMatchObject({
      type: '/problems/policy-violation',
      title: 'Une règle du programme l\u2019interdit',
      params: { plannedStart: '2021-02-01', today: '2021-03-01' },
      errors: [{ path: 'body.plannedStart', message: 'ne doit pas être dans le passé' }],
    });
    expect(fr.body.detail).toContain('le 1er février 2021');
    expect(fr.body.detail).toContain('(1er mars 2021)');
    const en = await call(demo.partner, 'POST', `/vouchers/${voucher.id}/reservation`, { language: 'en', payload });
    expect(en.body.detail).toBe(
      'a voucher is reserved before its engagement begins; the planned start 2021-02-01 is before today (2021-03-01)',
    );
    expect(en.body.errors).toEqual([{ path: 'body.plannedStart', message: 'must not be in the past' }]);
  });

  it('field messages: the schemas’ own in French, Zod’s words through its French locale', async () => {
    const agreementId = await ensureAgreement(t);
    const payload = {
      agreementId,
      engagementTypeId: reserved.id,
      days: 16,
      projectManagerId: 'not-an-id',
      colour: 'red',
    };
    const fr = await call(demo.benefits, 'POST', '/vouchers', { language: 'fr', payload });
    expect(fr.status).toBe(400);
    expect(fr.body.title).toBe('La requête n\u2019est pas valide');
    const messages = Object.fromEntries(
      (fr.body.errors as { path: string; message: string }[]).map((e) => [e.path, e.message]),
    );
    expect(messages).toEqual({
      'body.days': 'jamais plus de 15 jours',
      'body.projectManagerId': 'doit être un identifiant émis par ce serveur',
      'body.colour': 'champ inconnu',
    });
    const typed = await call(demo.benefits, 'POST', '/vouchers', {
      language: 'fr',
      payload: { ...payload, days: 'five', projectManagerId: reserved.id, colour: undefined },
    });
    expect(typed.body.errors).toEqual([{ path: 'body.days', message: expect.stringMatching(/^Entrée invalide/) }]);
    const en = await call(demo.benefits, 'POST', '/vouchers', { payload });
    expect(en.body.errors.map((e: { message: string }) => e.message).sort()).toEqual(
      ['must be an id issued by this server', 'never more than 15 days', 'unknown field'].sort(),
    );
  });

  it('an unknown route and a missing object are French too', async () => {
    const route = await call(demo.benefits, 'GET', '/no-such-thing', { language: 'fr' });
    expect(route.body).toMatchObject({
      status: 404,
      title: 'Introuvable',
      detail: 'aucune route GET /api/v1/no-such-thing',
    });
    const missing = await call(demo.benefits, 'GET', '/vouchers/00000000-0000-4000-8000-000000000000', {
      language: 'fr',
    });
    expect(missing.body.detail).toBe('le bon 00000000-0000-4000-8000-000000000000 est introuvable');
  });
});

describe('the saved language', () => {
  it('speaks French to a user who saved French and sent no Accept-Language; the header still wins', async () => {
    const saved = await call(demo.pm, 'PUT', '/me/preferences', {
      payload: { language: 'fr', emailReminders: true },
    });
    expect(saved.status).toBe(200);
    const refused = await call(demo.pm, 'POST', `/vouchers/${reserved.id}/cancel`);
    expect(refused.status).toBe(403);
    expect(refused.body.detail).toBe('cette action demande l\u2019un des rôles : Administrateur de l\u2019avantage');
    expect(refused.body.params).toEqual({ roles: ['benefit_admin'] });
    const english = await call(demo.pm, 'POST', `/vouchers/${reserved.id}/cancel`, { language: 'en' });
    expect(english.body.detail).toBe('this action needs one of the roles: Benefit admin');
  });

  it('answers English to a caller who asks for no language and saved none', async () => {
    const refused = await call(demo.consultant, 'POST', `/vouchers/${reserved.id}/cancel`);
    expect(refused.body.title).toBe('Not allowed for your role');
    expect(refused.headers['content-language']).toBe('en');
  });
});

describe('eligibility: what is missing, in French', () => {
  it('names what is missing in French, no English words left', async () => {
    const tailspin = t.demo.organizationIds['Tailspin Advisory']!;
    const view = await call(
      demo.otherPartner,
      'GET',
      `/partners/${tailspin}/eligibility?programId=${t.demo.programId}`,
      {
        language: 'fr',
      },
    );
    expect(view.status).toBe(200);
    const missing = (view.body.items as { engagementTypes: { requirements: { met: boolean; missing?: string }[] }[] }[])
      .flatMap((o) => o.engagementTypes.flatMap((e) => e.requirements))
      .filter((r) => !r.met)
      .map((r) => r.missing!);
    expect(missing.length).toBeGreaterThan(0);
    expect(missing.every((text) => !/\b(not enrolled|no valid|no partner location)\b/.test(text))).toBe(true);
    expect(missing.some((text) => text.startsWith('pas d\u2019inscription à') || text.startsWith('aucune'))).toBe(true);
  });
});

describe('what decision 028 first left in English', () => {
  it('refuses a webhook URL in French: the detail and the field, English unchanged', async () => {
    const allowed = process.env.SAPS_WEBHOOK_ALLOW_PRIVATE;
    delete process.env.SAPS_WEBHOOK_ALLOW_PRIVATE;
    try {
      const payload = { url: 'https://10.1.2.3/hook', events: ['voucher.reserved'] };
      const fr = await call(demo.partner, 'POST', '/webhook-endpoints', { language: 'fr', payload });
      expect(fr.status).toBe(400);
      expect(fr.body).toMatchObject({
        messageKey: 'webhook.url',
        detail: 'l\u2019URL du webhook ne doit pas désigner une adresse de bouclage, privée ou locale au lien',
        errors: [
          { path: 'body.url', message: 'ne doit pas désigner une adresse de bouclage, privée ou locale au lien' },
        ],
      });
      const http = await call(demo.partner, 'POST', '/webhook-endpoints', {
        language: 'fr',
        payload: { ...payload, url: 'http://example.com/hook' },
      });
      expect(http.body.detail).toBe('l\u2019URL du webhook doit utiliser https');
      const en = await call(demo.partner, 'POST', '/webhook-endpoints', { payload });
      expect(en.body).toMatchObject({
        detail: 'the webhook URL must not point to a loopback, private or link-local address',
        errors: [{ path: 'body.url', message: 'must not point to a loopback, private or link-local address' }],
      });
    } finally {
      if (allowed === undefined) {
        delete process.env.SAPS_WEBHOOK_ALLOW_PRIVATE;
      } else {
        process.env.SAPS_WEBHOOK_ALLOW_PRIVATE = allowed;
      }
    }
  });

  it('gives the multipart parser\u2019s reason in French, its own words in English', async () => {
    const upload = async (language?: string) =>
      t.app.inject({
        method: 'POST',
        url: '/api/v1/files',
        headers: {
          ...bearer(await api.token(demo.partner)),
          'content-type': 'multipart/form-data; boundary=XyZ',
          ...(language ? { 'accept-language': language } : {}),
        },
        // Cut short: the part never ends.
        payload: '--XyZ\r\nContent-Disposition: form-data; name="file"; filename="a.pdf"\r\n\r\n%PDF-1.4',
      });
    const fr = await upload('fr');
    expect(fr.statusCode).toBe(400);
    expect(fr.json()).toMatchObject({
      messageKey: 'file.malformed',
      detail: 'le corps multipart/form-data est mal formé : les données multipart s\u2019arrêtent avant leur fin',
      errors: [{ path: 'body', message: 'les données multipart s\u2019arrêtent avant leur fin' }],
    });
    expect((await upload()).json()).toMatchObject({
      detail: 'the multipart/form-data body is malformed: Unexpected end of multipart data',
      errors: [{ path: 'body', message: 'Unexpected end of multipart data' }],
    });
  });

  it('says why the server is not ready in French', async () => {
    lifecycle.draining = true;
    try {
      const ready = async (language?: string) =>
        t.app.inject({ method: 'GET', url: '/api/v1/ready', headers: language ? { 'accept-language': language } : {} });
      const fr = await ready('fr');
      expect(fr.statusCode).toBe(503);
      expect(fr.json()).toMatchObject({ code: 'service-unavailable', detail: 'pas prêt : le serveur s\u2019arrête' });
      expect((await ready()).json().detail).toBe('not ready: the server is shutting down');
    } finally {
      lifecycle.draining = false;
    }
  });

  it('answers a failure of the server itself (500) in French, with its request id', async () => {
    const app = Fastify({ logger: false });
    registerErrorHandling(app);
    app.get('/boom', async () => {
      throw new Error('a bug');
    });
    try {
      const fr = await app.inject({ method: 'GET', url: '/boom', headers: { 'accept-language': 'fr' } });
      expect(fr.statusCode).toBe(500);
      expect(fr.headers['content-language']).toBe('fr');
      expect(fr.json()).toEqual({
        type: 'about:blank',
        title: 'Erreur interne du serveur',
        status: 500,
        detail: expect.stringMatching(
          /^Une erreur s\u2019est produite sur le serveur\. L\u2019identifiant de requête \S+ la retrouve/,
        ),
      });
      const en = await app.inject({ method: 'GET', url: '/boom' });
      expect(en.json()).toMatchObject({
        title: 'Internal Server Error',
        detail: expect.stringMatching(
          /^Something went wrong on the server\. The request id \S+ identifies it in the server log\.$/,
        ),
      });
    } finally {
      await app.close();
    }
  });
});
