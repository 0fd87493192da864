import { eq, inArray } from 'drizzle-orm';
import { offerings, partnerProfiles } from '../../db/schema/index.js';
import { fieldError, refusal } from '../../domain/errors.js';
import { notFound } from '../access.js';
import { recordAudit } from '../audit.js';
import type { Actor, AppContext } from '../context.js';
import { loadVisiblePartner, requirePartnerRole } from './partner-access.js';
import { presentProfile, type ProfileInput, type ProfileView } from './present-partner.js';

/** The business profile customers find in the partner directory (seed step 3). */
export async function putProfile(
  ctx: AppContext,
  actor: Actor,
  partnerId: string,
  input: ProfileInput,
): Promise<ProfileView> {
  const now = ctx.clock.now();
  const values = {
    description: input.description.trim(),
    countries: [...new Set(input.countries)].sort(),
    languages: [...new Set(input.languages)].sort(),
    offerings: [...new Set(input.offerings)].sort(),
    contactEmail: input.contactEmail,
    website: input.website,
    updatedAt: now,
  };
  return ctx.db.transaction(async (tx) => {
    const partner = await loadVisiblePartner(tx, actor, partnerId);
    requirePartnerRole(actor, partner, ['global_admin', 'partner_admin'], { operatorMay: false });
    if (values.offerings.length > 0) {
      const known = await tx
        .selectDistinct({ code: offerings.code })
        .from(offerings)
        .where(inArray(offerings.code, values.offerings));
      const unknown = values.offerings.filter((code) => !known.some((k) => k.code === code));
      if (unknown.length > 0) {
        throw refusal(
          'validation-failed',
          'partner.unknownOfferings',
          { codes: unknown },
          {
            errors: [fieldError('body.offerings', 'field.unknownOfferings', { codes: unknown })],
          },
        );
      }
    }
    const [before] = await tx.select().from(partnerProfiles).where(eq(partnerProfiles.partnerId, partnerId));
    const [row] = await tx
      .insert(partnerProfiles)
      .values({ partnerId, ...values })
      .onConflictDoUpdate({ target: partnerProfiles.partnerId, set: values })
      .returning();
    const view = presentProfile(row!, partner.name);
    await recordAudit(tx, {
      at: now,
      actorId: actor.userId,
      organizationIds: [partnerId],
      action: before ? 'partner-profile.updated' : 'partner-profile.created',
      entityType: 'partner-profile',
      entityId: partnerId,
      before: before ? presentProfile(before, partner.name) : null,
      after: view,
    });
    return view;
  });
}

/** Customers may read a partner's profile too; other partners get a 404. */
export async function getProfile(ctx: AppContext, actor: Actor, partnerId: string): Promise<ProfileView> {
  const partner = await loadVisiblePartner(ctx.db, actor, partnerId, { customersMayRead: true });
  const [row] = await ctx.db.select().from(partnerProfiles).where(eq(partnerProfiles.partnerId, partnerId));
  if (!row) {
    throw notFound('business profile of partner', partnerId);
  }
  return presentProfile(row, partner.name);
}
