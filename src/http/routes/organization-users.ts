import { deactivateUser } from '../../app/organizations/deactivate-user.js';
import { listUsers } from '../../app/organizations/list-users.js';
import { setUserRoles } from '../../app/organizations/set-user-roles.js';
import { requireActor } from '../plugins/authentication.js';
import type { RouteDeps, ZodApp } from '../route-types.js';
import { user } from '../schemas/auth.js';
import { errorResponses, idParams, pageOf, pageQuery } from '../schemas/common.js';
import { organizationUserParams, setRolesRequest } from '../schemas/organization-users.js';

const tags = ['organizations'];

/** Each organisation runs its own people (issue 4); registered by `partnerRoutes`. */
export function organizationUserRoutes(app: ZodApp, { ctx }: RouteDeps): void {
  app.get(
    '/organizations/:id/users',
    {
      schema: {
        tags,
        summary: 'The people of an organisation (its members and operators)',
        params: idParams,
        querystring: pageQuery,
        response: { 200: pageOf(user), ...errorResponses },
      },
    },
    async (request) => listUsers(ctx, requireActor(request), request.params.id, request.query),
  );

  app.put(
    '/organizations/:id/users/:userId/roles',
    {
      schema: {
        tags,
        summary: "Change a user's roles (the organisation's admin or an operator admin)",
        description: 'Taking the admin role from the last admin is refused with policy-violation.',
        params: organizationUserParams,
        body: setRolesRequest,
        response: { 200: user, ...errorResponses },
      },
    },
    async (request) => setUserRoles(ctx, requireActor(request), request.params.id, request.params.userId, request.body),
  );

  app.post(
    '/organizations/:id/users/:userId/deactivation',
    {
      schema: {
        tags,
        summary: 'Deactivate a user: all their sessions and links stop working at once',
        description: 'The last admin of an organisation cannot be deactivated (policy-violation).',
        params: organizationUserParams,
        response: { 200: user, ...errorResponses },
      },
    },
    async (request) => deactivateUser(ctx, requireActor(request), request.params.id, request.params.userId),
  );
}
