import { lazy, Suspense, type ComponentType, type LazyExoticComponent } from 'react';
import { createBrowserRouter, Navigate, Outlet, useLocation } from 'react-router';
import { useMe } from '../lib/session';
import { Loading, ProblemAlert } from '../lib/ui';
import { AppLayout } from './app-layout';
import { homeFor } from './navigation';
import { NotFoundPage } from './not-found-page';
import { RouteFocus } from './route-focus';

/** Each page is its own chunk, loaded when its route is first visited. */
function page<K extends string>(
  load: () => Promise<Record<K, ComponentType>>,
  name: K,
): LazyExoticComponent<ComponentType> {
  return lazy(async () => ({ default: (await load())[name] }));
}

const SignInPage = page(() => import('../features/auth/sign-in-page'), 'SignInPage');
const AcceptInvitationPage = page(() => import('../features/auth/accept-invitation-page'), 'AcceptInvitationPage');
const ForgotPasswordPage = page(() => import('../features/auth/forgot-password-page'), 'ForgotPasswordPage');
const ResetPasswordPage = page(() => import('../features/auth/reset-password-page'), 'ResetPasswordPage');
const ProfilePage = page(() => import('../features/auth/profile-page'), 'ProfilePage');
const NotificationsPage = page(() => import('../features/notifications/notifications-page'), 'NotificationsPage');
const ServiceRequestsPage = page(() => import('../features/support/service-requests-page'), 'ServiceRequestsPage');
const ServiceRequestPage = page(() => import('../features/support/service-request-page'), 'ServiceRequestPage');
const OrganizationsPage = page(() => import('../features/operator/organizations-page'), 'OrganizationsPage');
const OrganizationPage = page(() => import('../features/operator/organization-page'), 'OrganizationPage');
const ProgramsPage = page(() => import('../features/operator/programs-page'), 'ProgramsPage');
const ProgramPage = page(() => import('../features/operator/program-page'), 'ProgramPage');
const AgreementsPage = page(() => import('../features/agreements/agreements-page'), 'AgreementsPage');
const AgreementPage = page(() => import('../features/agreements/agreement-page'), 'AgreementPage');
const VouchersPage = page(() => import('../features/vouchers/vouchers-page'), 'VouchersPage');
const CreateVoucherPage = page(() => import('../features/vouchers/create-voucher-page'), 'CreateVoucherPage');
const VoucherPage = page(() => import('../features/vouchers/voucher-page'), 'VoucherPage');
const ReservePage = page(() => import('../features/partners/reserve-page'), 'ReservePage');
const PartnerVouchersPage = page(() => import('../features/partners/partner-vouchers-page'), 'PartnerVouchersPage');
const PartnerVoucherPage = page(() => import('../features/partners/partner-voucher-page'), 'PartnerVoucherPage');
const OnboardingPage = page(() => import('../features/partners/onboarding/onboarding-page'), 'OnboardingPage');
const OperatorPartnerPanel = page(
  () => import('../features/partners/onboarding/operator-partner-panel'),
  'OperatorPartnerPanel',
);
const UsersPage = page(() => import('../features/organization-users/users-page'), 'UsersPage');
const WebhooksPage = page(() => import('../features/webhooks/webhooks-page'), 'WebhooksPage');
const ApiKeysPage = page(() => import('../features/api-keys/api-keys-page'), 'ApiKeysPage');
const DirectoryPage = page(() => import('../features/directory/directory-page'), 'DirectoryPage');
const PaymentRequestsPage = page(() => import('../features/payments/payment-requests-page'), 'PaymentRequestsPage');
const NewPaymentRequestPage = page(
  () => import('../features/payments/new-payment-request-page'),
  'NewPaymentRequestPage',
);
const PaymentRequestPage = page(() => import('../features/payments/payment-request-page'), 'PaymentRequestPage');
const HomePage = page(() => import('../features/home/home-page'), 'HomePage');
const CalendarPage = page(() => import('../features/home/calendar-page'), 'CalendarPage');
const DashboardPage = page(() => import('../features/operator/dashboard-page'), 'DashboardPage');
const AuditPage = page(() => import('../features/operator/audit-page'), 'AuditPage');
const CloseOutPage = page(() => import('../features/operator/close-out-page'), 'CloseOutPage');
const OperationsPage = page(() => import('../features/operator/operations-page'), 'OperationsPage');
const ImportsPage = page(() => import('../features/imports/imports-page'), 'ImportsPage');

function Lazy({ children }: { children: React.ReactNode }) {
  return <Suspense fallback={<Loading />}>{children}</Suspense>;
}

/** Pages for signed-in people: the shell, or the sign-in page with a way back. */
function RequireSession() {
  const me = useMe();
  const location = useLocation();
  if (me.isPending) {
    return <Loading />;
  }
  if (me.isError) {
    return <ProblemAlert error={me.error} onRetry={() => void me.refetch()} />;
  }
  if (!me.data) {
    const next = `${location.pathname}${location.search}`;
    return <Navigate to={next === '/' ? '/sign-in' : `/sign-in?next=${encodeURIComponent(next)}`} replace />;
  }
  return (
    <AppLayout me={me.data}>
      <Lazy>
        <Outlet />
      </Lazy>
    </AppLayout>
  );
}

function Home() {
  const me = useMe();
  return me.data ? <Navigate to={homeFor(me.data)} replace /> : <Loading />;
}

function el(Component: ComponentType) {
  return <Component />;
}

export const router = createBrowserRouter([
  {
    // The focus and the document title follow the page (route-focus.tsx).
    element: <RouteFocus />,
    children: [
      { path: '/sign-in', element: <Lazy>{el(SignInPage)}</Lazy> },
      { path: '/accept-invitation', element: <Lazy>{el(AcceptInvitationPage)}</Lazy> },
      { path: '/forgot-password', element: <Lazy>{el(ForgotPasswordPage)}</Lazy> },
      { path: '/reset-password', element: <Lazy>{el(ResetPasswordPage)}</Lazy> },
      {
        element: <RequireSession />,
        children: [
          { index: true, element: <Home /> },
          { path: 'home', element: el(HomePage) },
          { path: 'calendar', element: el(CalendarPage) },
          { path: 'profile', element: el(ProfilePage) },
          { path: 'notifications', element: el(NotificationsPage) },
          { path: 'service-requests', element: el(ServiceRequestsPage) },
          { path: 'service-requests/:id', element: el(ServiceRequestPage) },
          { path: 'operator/organizations', element: el(OrganizationsPage) },
          {
            path: 'operator/organizations/:id',
            // A partner's competencies are managed below the organisation page (partners/onboarding).
            element: (
              <>
                {el(OrganizationPage)}
                <Lazy>{el(OperatorPartnerPanel)}</Lazy>
              </>
            ),
          },
          { path: 'operator/programs', element: el(ProgramsPage) },
          { path: 'operator/programs/:id', element: el(ProgramPage) },
          { path: 'operator/dashboard', element: el(DashboardPage) },
          { path: 'operator/audit', element: el(AuditPage) },
          { path: 'operator/close-out', element: el(CloseOutPage) },
          { path: 'operator/operations', element: el(OperationsPage) },
          { path: 'operator/imports', element: el(ImportsPage) },
          { path: 'agreements', element: el(AgreementsPage) },
          { path: 'agreements/:id', element: el(AgreementPage) },
          { path: 'vouchers', element: el(VouchersPage) },
          { path: 'vouchers/new', element: el(CreateVoucherPage) },
          { path: 'vouchers/:id', element: el(VoucherPage) },
          { path: 'partner/reserve', element: el(ReservePage) },
          { path: 'partner/vouchers', element: el(PartnerVouchersPage) },
          { path: 'partner/vouchers/:id', element: el(PartnerVoucherPage) },
          { path: 'partner/onboarding', element: el(OnboardingPage) },
          { path: 'partner/onboarding/:tab', element: el(OnboardingPage) },
          { path: 'organization/users', element: el(UsersPage) },
          { path: 'organization/api-keys', element: el(ApiKeysPage) },
          { path: 'organization/webhooks', element: el(WebhooksPage) },
          { path: 'partner-directory', element: el(DirectoryPage) },
          { path: 'payment-requests', element: el(PaymentRequestsPage) },
          { path: 'payment-requests/new', element: el(NewPaymentRequestPage) },
          { path: 'payment-requests/:id', element: el(PaymentRequestPage) },
          { path: '*', element: <NotFoundPage /> },
        ],
      },
    ],
  },
]);
