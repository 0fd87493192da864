/**
 * Which support contact serves a caller (api.md, "Support"): a contact lists ISO country codes,
 * the regions `EMEA`, `AMER`, `APAC`, or `*`. The most specific match wins: the country, then
 * its region, then `*`; among equals, the operator's order.
 */
export const supportRegions = ['EMEA', 'AMER', 'APAC'] as const;
export type SupportRegion = (typeof supportRegions)[number];

// prettier-ignore
const amer = new Set(['AG','AI','AR','AW','BB','BL','BM','BO','BQ','BR','BS','BZ','CA','CL','CO','CR','CU','CW','DM','DO','EC','FK','GD','GF','GL','GP','GT','GY','HN','HT','JM','KN','KY','LC','MF','MQ','MS','MX','NI','PA','PE','PM','PR','PY','SR','SV','SX','TC','TT','US','UY','VC','VE','VG','VI']);
// prettier-ignore
const apac = new Set(['AF','AS','AU','BD','BN','BT','CC','CK','CN','CX','FJ','FM','GU','HK','ID','IN','IO','JP','KH','KI','KP','KR','LA','LK','MH','MM','MN','MO','MP','MV','MY','NC','NF','NP','NR','NU','NZ','PF','PG','PH','PK','PN','PW','SB','SG','TH','TK','TL','TO','TV','TW','UM','VN','VU','WF','WS']);

/** Europe, the Middle East and Africa is everything not in the Americas or Asia-Pacific. */
export function regionOf(country: string): SupportRegion {
  const code = country.toUpperCase();
  if (amer.has(code)) {
    return 'AMER';
  }
  if (apac.has(code)) {
    return 'APAC';
  }
  return 'EMEA';
}

export function supportContactFor<T extends { regions: readonly string[] }>(
  contacts: readonly T[],
  country: string,
): T | undefined {
  const code = country.toUpperCase();
  return (
    contacts.find((c) => c.regions.includes(code)) ??
    contacts.find((c) => c.regions.includes(regionOf(code))) ??
    contacts.find((c) => c.regions.includes('*'))
  );
}
