import type { Me, Role } from '../lib/types';

export interface NavItem {
  to: string;
  /** i18n key of the label. */
  label: string;
  roles: Role[];
}

/** What each role can reach (api.md: who may call what). */
const everyone: Role[] = [
  'operator_admin',
  'finance',
  'benefit_admin',
  'project_manager',
  'global_admin',
  'partner_admin',
  'consultant',
];

export const navItems: NavItem[] = [
  // Each party's home (issue 12); the operators' is the dashboard.
  {
    to: '/home',
    label: 'nav.home',
    roles: ['benefit_admin', 'project_manager', 'global_admin', 'partner_admin', 'consultant'],
  },
  { to: '/operator/dashboard', label: 'nav.dashboard', roles: ['operator_admin', 'finance'] },
  { to: '/operator/organizations', label: 'nav.organizations', roles: ['operator_admin', 'finance'] },
  { to: '/operator/programs', label: 'nav.programs', roles: ['operator_admin', 'finance'] },
  { to: '/operator/audit', label: 'nav.audit', roles: ['operator_admin', 'finance'] },
  { to: '/operator/close-out', label: 'nav.closeOut', roles: ['operator_admin', 'finance'] },
  { to: '/operator/operations', label: 'nav.operations', roles: ['operator_admin'] },
  { to: '/operator/imports', label: 'nav.imports', roles: ['operator_admin'] },
  { to: '/agreements', label: 'nav.agreements', roles: ['benefit_admin'] },
  { to: '/vouchers', label: 'nav.vouchers', roles: ['benefit_admin', 'project_manager'] },
  { to: '/vouchers/new', label: 'nav.createVoucher', roles: ['benefit_admin'] },
  { to: '/partner/reserve', label: 'nav.validateReserve', roles: ['partner_admin', 'global_admin'] },
  { to: '/partner/vouchers', label: 'nav.myVouchers', roles: ['partner_admin', 'global_admin', 'consultant'] },
  {
    to: '/payment-requests',
    label: 'nav.paymentRequests',
    roles: ['partner_admin', 'global_admin', 'finance', 'operator_admin'],
  },
  { to: '/partner/onboarding', label: 'nav.onboarding', roles: ['global_admin', 'partner_admin', 'consultant'] },
  { to: '/partner-directory', label: 'nav.partnerDirectory', roles: ['benefit_admin', 'project_manager'] },
  { to: '/organization/users', label: 'nav.users', roles: ['global_admin', 'benefit_admin'] },
  { to: '/organization/webhooks', label: 'nav.webhooks', roles: ['global_admin', 'benefit_admin', 'operator_admin'] },
  { to: '/organization/api-keys', label: 'nav.apiKeys', roles: ['global_admin', 'benefit_admin', 'operator_admin'] },
  { to: '/calendar', label: 'nav.calendar', roles: everyone },
];

export function navFor(me: Me): NavItem[] {
  return navItems.filter((item) => item.roles.some((role) => me.roles.includes(role)));
}

export function homeFor(me: Me): string {
  return navFor(me)[0]?.to ?? '/profile';
}
