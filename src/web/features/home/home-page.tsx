import { Navigate } from 'react-router';
import { hasRole, useMe } from '../../lib/session';
import { Loading } from '../../lib/ui';
import { CustomerHome } from './customer-home';
import { PartnerHome } from './partner-home';
import { ProjectManagerHome } from './project-manager-home';

/** Each party's home (issue 12, "What to build" 2); the operators' home is the dashboard. */
export function HomePage() {
  const me = useMe();
  if (!me.data) {
    return <Loading />;
  }
  if (me.data.organizationKind === 'operator') {
    return <Navigate to="/operator/dashboard" replace />;
  }
  if (me.data.organizationKind === 'partner') {
    return <PartnerHome />;
  }
  return hasRole(me.data, 'benefit_admin') ? <CustomerHome /> : <ProjectManagerHome />;
}
