import { sql, type SQL } from 'drizzle-orm';
import type { PartnerFacts } from '../../domain/eligibility.js';

/**
 * The partner facts of `loadPartnerFacts` as ONE scalar subquery (a json object), so that a
 * use case can fold them into the snapshot it loads anyway (issue 8: few round trips).
 * `loadPartnerFacts` runs exactly this, so the eligibility view and the checks never disagree.
 */
export function partnerFactsSql(partnerId: SQL | string, programId: SQL | string, offeringCode: SQL | string): SQL {
  return sql`(select json_build_object(
    'competencies', coalesce((
      select json_agg(json_build_object('name', c.name, 'level', c.level, 'validFrom', c.valid_from,
                                        'validUntil', c.valid_until) order by c.name, c.id)
      from partner_competencies c where c.partner_id = ${partnerId}), '[]'::json),
    'enrollmentValidUntil', (
      select e.valid_until from enrollments e
      where e.partner_id = ${partnerId} and e.program_id = ${programId} and e.offering_code = ${offeringCode}),
    'signedCurrentAgreement', exists (
      select 1 from program_agreement_signatures s
      where s.partner_id = ${partnerId} and s.program_id = ${programId}
        and s.version = (select pa.version from program_agreements pa where pa.program_id = ${programId}
                         order by pa.published_at desc limit 1)),
    'locationCountries', coalesce((
      select json_agg(l.country order by l.country) from partner_locations l where l.partner_id = ${partnerId}), '[]'::json)
  ))`;
}

interface PartnerFactsJson {
  competencies: { name: string; level: 'silver' | 'gold'; validFrom: string; validUntil: string }[];
  enrollmentValidUntil: string | null;
  signedCurrentAgreement: boolean;
  locationCountries: string[];
}

/** The json of `partnerFactsSql` as the eligibility rules take it. */
export function toPartnerFacts(value: unknown): PartnerFacts {
  const json = (typeof value === 'string' ? JSON.parse(value) : value) as PartnerFactsJson;
  return {
    competencies: json.competencies,
    enrollmentValidUntil: json.enrollmentValidUntil === null ? null : new Date(json.enrollmentValidUntil),
    signedCurrentAgreement: json.signedCurrentAgreement,
    locationCountries: json.locationCountries,
  };
}
