import { eq } from 'drizzle-orm';
import { invitations, organizations, users } from '../../db/schema/index.js';
import { fieldError, refusal } from '../../domain/errors.js';
import { rolesNotAllowedFor, type Role } from '../../domain/roles.js';
import { hasRole, isOperator, notFound } from '../access.js';
import { recordAudit } from '../audit.js';
import type { Actor, AppContext } from '../context.js';
import { enqueueEmail } from '../platform/outbox.js';
import { assertStrongPassword } from '../auth/password-policy.js';
import { hashPassword } from '../auth/passwords.js';
import { newSecret, sha256 } from '../auth/tokens.js';
import { presentUser, type UserView } from './present-user.js';

export const invitationLifetimeMs = 7 * 24 * 60 * 60 * 1000;

export interface CreateUserInput {
  email: string;
  name: string;
  roles: Role[];
  password?: string | undefined;
}

/**
 * Adds a person to an organisation. Operators may add anyone anywhere; a partner's global
 * admin and a customer's benefit admin run their own organisation's people. Without a password,
 * the person gets a single-use invitation (7 days) by e-mail to set one.
 */
export async function createUser(
  ctx: AppContext,
  actor: Actor,
  organizationId: string,
  input: CreateUserInput,
  links: { publicUrl: string },
): Promise<UserView> {
  const ownAdmin = actor.organizationId === organizationId && hasRole(actor, 'global_admin', 'benefit_admin');
  if (!(isOperator(actor) && hasRole(actor, 'operator_admin')) && !ownAdmin) {
    if (!isOperator(actor) && actor.organizationId !== organizationId) {
      throw notFound('organization', organizationId);
    }
    throw refusal('forbidden', 'access.addUsers');
  }
  const email = input.email.trim().toLowerCase();
  if (input.password) {
    assertStrongPassword(input.password, { email, name: input.name });
  }
  const passwordHash = input.password ? await hashPassword(input.password) : null;
  const now = ctx.clock.now();
  const invitationToken = input.password ? null : newSecret();

  return ctx.db.transaction(async (tx) => {
    const [organization] = await tx.select().from(organizations).where(eq(organizations.id, organizationId));
    if (!organization) {
      throw notFound('organization', organizationId);
    }
    const wrongRoles = rolesNotAllowedFor(organization.kind, input.roles);
    if (wrongRoles.length > 0) {
      throw refusal(
        'validation-failed',
        'user.wrongKindRoles',
        { kind: organization.kind, roles: wrongRoles },
        {
          errors: [fieldError('body.roles', 'field.notKindRole', { kind: organization.kind, roles: wrongRoles })],
        },
      );
    }
    const [existing] = await tx
      .select({ id: users.id, organizationId: users.organizationId })
      .from(users)
      .where(eq(users.email, email));
    if (existing) {
      // E-mails sign people in, so they are unique across organisations. The refusal names no
      // other organisation and does not say the address has an account there (issue 9,
      // finding 11); an organisation's own people are visible to its admin anyway.
      const key = existing.organizationId === organizationId ? 'field.emailTakenHere' : 'field.emailTaken';
      throw refusal('policy-violation', key, {}, { errors: [fieldError('body.email', key)] });
    }
    const [row] = await tx
      .insert(users)
      .values({ organizationId, email, name: input.name.trim(), roles: input.roles, passwordHash, createdAt: now })
      .returning();
    const user = row!;
    if (invitationToken) {
      await tx.insert(invitations).values({
        userId: user.id,
        tokenHash: sha256(invitationToken),
        createdAt: now,
        expiresAt: new Date(now.getTime() + invitationLifetimeMs),
      });
      await enqueueEmail(
        tx,
        {
          to: email,
          subject: 'You are invited to SAPS',
          text:
            `Hello ${user.name},\n\nYou have been invited to ${organization.name} on SAPS.\n` +
            `Set your password within 7 days:\n${links.publicUrl}/accept-invitation?token=${invitationToken}\n`,
        },
        now,
      );
    }
    const view = presentUser(user, organization);
    await recordAudit(tx, {
      at: now,
      actorId: actor.userId,
      organizationIds: [organizationId],
      action: 'user.created',
      entityType: 'user',
      entityId: user.id,
      before: null,
      after: view,
    });
    return view;
  });
}
