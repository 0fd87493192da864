import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enrollments, organizations, partnerProfiles } from '../../src/db/schema/index.js';
import { bearer, buildTestApp, type TestApp } from '../support/app.js';

let t: TestApp;
let customer: string;
const now = new Date('2021-03-01T09:00:00.000Z');

interface Listed {
  name: string;
  description: string;
  offerings: string[];
}

/** A partner with (optionally) a profile and enrolments, straight in the database. */
async function partner(
  name: string,
  profile: { description: string; countries: string[]; languages: string[]; offerings: string[] } | null,
  enrolled: { offeringCode: string; live: boolean }[],
): Promise<string> {
  const [org] = await t.ctx.db
    .insert(organizations)
    .values({ kind: 'partner', name, country: 'US', createdAt: now })
    .returning();
  if (profile) {
    await t.ctx.db.insert(partnerProfiles).values({
      partnerId: org!.id,
      ...profile,
      contactEmail: `hello@${name.split(' ')[0]!.toLowerCase()}.example`,
      website: null,
      updatedAt: now,
    });
  }
  for (const e of enrolled) {
    await t.ctx.db.insert(enrollments).values({
      partnerId: org!.id,
      programId: t.demo.programId,
      offeringCode: e.offeringCode,
      enrolledAt: new Date('2020-06-01T00:00:00Z'),
      validUntil: e.live ? new Date('2021-06-01T00:00:00Z') : new Date('2021-02-01T00:00:00Z'),
    });
  }
  return org!.id;
}

beforeAll(async () => {
  t = await buildTestApp({ at: now.toISOString() });
  customer = await t.login('pm@northwind.example');
  await partner(
    'Alpha Desktop Planners',
    {
      description: 'Windows deployment planning and desktop modernisation.',
      countries: ['US'],
      languages: ['en'],
      offerings: ['DDPS'],
    },
    [{ offeringCode: 'DDPS', live: true }],
  );
  await partner(
    'Beta SharePoint House',
    {
      description: 'SharePoint intranet planning, and some Windows work too.',
      countries: ['DE', 'GB'],
      languages: ['de', 'en'],
      offerings: ['DDPS', 'SDPS'],
    },
    [{ offeringCode: 'SDPS', live: true }],
  );
  await partner(
    'Gamma Windows Windows',
    { description: 'Windows, Windows and more Windows.', countries: ['FR'], languages: ['fr'], offerings: ['DDPS'] },
    [{ offeringCode: 'DDPS', live: true }],
  );
  await partner(
    'Delta Lapsed',
    { description: 'Windows planning, once.', countries: ['US'], languages: ['en'], offerings: ['DDPS'] },
    [{ offeringCode: 'DDPS', live: false }],
  );
  await partner('Epsilon No Profile', null, [{ offeringCode: 'DDPS', live: true }]);
});
afterAll(async () => {
  await t.close();
});

async function search(query: string): Promise<{ items: Listed[]; nextCursor: string | null }> {
  const response = await t.app.inject({
    method: 'GET',
    url: `/api/v1/partner-directory?${query}`,
    headers: bearer(customer),
  });
  expect(response.statusCode).toBe(200);
  return response.json();
}
const names = async (query: string) => (await search(query)).items.map((i) => i.name);

describe('GET /partner-directory', () => {
  it('lists only partners with a profile and a live enrolment, by name', async () => {
    expect(await names('')).toEqual([
      'Alpha Desktop Planners',
      'Beta SharePoint House',
      'Fabrikam Consulting',
      'Gamma Windows Windows',
    ]);
    const [first] = (await search('')).items;
    expect(Object.keys(first!).sort()).toEqual(
      [
        'contactEmail',
        'countries',
        'description',
        'languages',
        'name',
        'offerings',
        'organizationId',
        'website',
      ].sort(),
    );
  });

  it('filters by offering (profile and live enrolment in it), country and language', async () => {
    expect(await names('offering=DDPS')).toEqual([
      'Alpha Desktop Planners',
      'Fabrikam Consulting',
      'Gamma Windows Windows',
    ]);
    expect(await names('offering=SDPS')).toEqual(['Beta SharePoint House', 'Fabrikam Consulting']);
    expect(await names('country=DE')).toEqual(['Beta SharePoint House']);
    expect(await names('language=fr')).toEqual(['Gamma Windows Windows']);
    expect(await names('country=US&language=en')).toEqual(['Alpha Desktop Planners', 'Fabrikam Consulting']);
  });

  it('ranks free text by relevance, the name weighing more than the description', async () => {
    expect(await names('q=windows')).toEqual([
      'Gamma Windows Windows',
      'Alpha Desktop Planners',
      'Beta SharePoint House',
      'Fabrikam Consulting',
    ]);
    expect(await names('q=gamma')).toEqual(['Gamma Windows Windows']);
    expect(await names(`q=${encodeURIComponent('"desktop modernisation"')}`)).toEqual(['Alpha Desktop Planners']);
    expect(await names(`q=${encodeURIComponent('sharepoint -work')}`)).toEqual(['Fabrikam Consulting']);
    expect(await names('q=windows&country=FR')).toEqual(['Gamma Windows Windows']);
    expect(await names('q=kubernetes')).toEqual([]);
  });

  it('paginates, ranked or not, with an opaque cursor', async () => {
    for (const query of ['', 'q=windows']) {
      const all = await names(query);
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const page = await search(`${query}&limit=3${cursor ? `&cursor=${cursor}` : ''}`);
        expect(page.items.length).toBeLessThanOrEqual(3);
        seen.push(...page.items.map((i) => i.name));
        cursor = page.nextCursor;
      } while (cursor);
      expect(seen).toEqual(all);
    }
    const bad = await t.app.inject({
      method: 'GET',
      url: '/api/v1/partner-directory?cursor=nonsense',
      headers: bearer(customer),
    });
    expect(bad.statusCode).toBe(400);
  });

  it('is open to any signed-in user, and to nobody else', async () => {
    const consultant = await t.login('consultant@fabrikam.example');
    expect(
      (await t.app.inject({ method: 'GET', url: '/api/v1/partner-directory', headers: bearer(consultant) })).statusCode,
    ).toBe(200);
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/partner-directory' })).statusCode).toBe(401);
  });
});
