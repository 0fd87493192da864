/** Organisation kinds and roles of `domain.md` ("Organisations, people, roles"). */
export const organizationKinds = ['operator', 'customer', 'partner'] as const;
export type OrganizationKind = (typeof organizationKinds)[number];

export const roles = [
  'operator_admin',
  'finance',
  'global_admin',
  'partner_admin',
  'consultant',
  'benefit_admin',
  'project_manager',
] as const;
export type Role = (typeof roles)[number];

/** A user belongs to one organisation, so only that kind's roles may be given to them. */
export const rolesByKind: Record<OrganizationKind, readonly Role[]> = {
  operator: ['operator_admin', 'finance'],
  partner: ['global_admin', 'partner_admin', 'consultant'],
  customer: ['benefit_admin', 'project_manager'],
};

export function rolesNotAllowedFor(kind: OrganizationKind, wanted: readonly Role[]): Role[] {
  const allowed = rolesByKind[kind];
  return wanted.filter((role) => !allowed.includes(role));
}
