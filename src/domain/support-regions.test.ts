import { describe, expect, it } from 'vitest';
import { regionOf, supportContactFor } from './support-regions.js';

const seeded = [
  { name: 'EMEA Partner Support', regions: ['EMEA'] },
  { name: 'General Partner Support', regions: ['*'] },
];

describe('supportContactFor', () => {
  it.each([
    ['FR', 'EMEA Partner Support'],
    ['ZA', 'EMEA Partner Support'],
    ['US', 'General Partner Support'],
    ['JP', 'General Partner Support'],
  ])('sends a caller in %s to %s', (country, name) => {
    expect(supportContactFor(seeded, country)?.name).toBe(name);
  });

  it('prefers the country over its region, and the region over everyone', () => {
    const contacts = [
      { name: 'all', regions: ['*'] },
      { name: 'emea', regions: ['EMEA'] },
      { name: 'de', regions: ['DE'] },
    ];
    expect(supportContactFor(contacts, 'DE')?.name).toBe('de');
    expect(supportContactFor(contacts, 'IT')?.name).toBe('emea');
    expect(supportContactFor(contacts, 'BR')?.name).toBe('all');
    expect(supportContactFor([], 'DE')).toBeUndefined();
  });

  it('knows the regions', () => {
    expect([regionOf('US'), regionOf('br'), regionOf('AU'), regionOf('GB')]).toEqual(['AMER', 'AMER', 'APAC', 'EMEA']);
  });
});
