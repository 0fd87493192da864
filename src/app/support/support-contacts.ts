import { asc, eq } from 'drizzle-orm';
import type { Executor } from '../../db/connection.js';
import { organizations, supportContacts } from '../../db/schema/index.js';
import { supportContactFor } from '../../domain/support-regions.js';
import { requireRole } from '../access.js';
import type { Actor, AppContext } from '../context.js';
import { recordAudit } from '../audit.js';
import { loadProgramRow } from '../programs/read-programs.js';

export interface SupportContactView {
  id: string;
  name: string;
  email: string | null;
  url: string | null;
  regions: string[];
}

export interface SupportContactInput {
  name: string;
  email?: string | null | undefined;
  url?: string | null | undefined;
  regions: string[];
}

/** The seed's contacts: "EMEA Partner Support (an e-mail address); General Partner Support (service requests)". */
export const seededSupportContacts: SupportContactInput[] = [
  { name: 'EMEA Partner Support', email: 'savoucher@msdirectservices.com', regions: ['EMEA'] },
  { name: 'General Partner Support', url: '/service-requests', regions: ['*'] },
];

function present(row: typeof supportContacts.$inferSelect): SupportContactView {
  return { id: row.id, name: row.name, email: row.email, url: row.url, regions: row.regions };
}

async function contactsOf(db: Executor, programId: string): Promise<SupportContactView[]> {
  const rows = await db
    .select()
    .from(supportContacts)
    .where(eq(supportContacts.programId, programId))
    .orderBy(asc(supportContacts.position));
  return rows.map(present);
}

/** Every signed-in user reads them; `regionalContactId` is the one that serves the caller. */
export async function listSupportContacts(
  ctx: AppContext,
  actor: Actor,
  programId: string,
): Promise<{ items: SupportContactView[]; nextCursor: null; regionalContactId: string | null }> {
  await loadProgramRow(ctx.db, programId);
  const items = await contactsOf(ctx.db, programId);
  const [org] = await ctx.db
    .select({ country: organizations.country })
    .from(organizations)
    .where(eq(organizations.id, actor.organizationId));
  return { items, nextCursor: null, regionalContactId: supportContactFor(items, org?.country ?? '')?.id ?? null };
}

/** Replaces the list (operator admin), in the order given. */
export async function putSupportContacts(
  ctx: AppContext,
  actor: Actor,
  programId: string,
  input: SupportContactInput[],
): Promise<{ items: SupportContactView[]; nextCursor: null }> {
  requireRole(actor, 'operator_admin');
  await loadProgramRow(ctx.db, programId);
  const now = ctx.clock.now();
  const items = await ctx.db.transaction(async (tx) => {
    const before = await contactsOf(tx, programId);
    await replaceSupportContacts(tx, programId, input);
    const after = await contactsOf(tx, programId);
    await recordAudit(tx, {
      at: now,
      actorId: actor.userId,
      organizationIds: [],
      action: 'program.support_contacts_set',
      entityType: 'program',
      entityId: programId,
      before,
      after,
    });
    return after;
  });
  return { items, nextCursor: null };
}

export async function replaceSupportContacts(
  tx: Executor,
  programId: string,
  input: SupportContactInput[],
): Promise<void> {
  await tx.delete(supportContacts).where(eq(supportContacts.programId, programId));
  if (input.length > 0) {
    await tx.insert(supportContacts).values(
      input.map((c, position) => ({
        programId,
        position,
        name: c.name,
        email: c.email ?? null,
        url: c.url ?? null,
        regions: c.regions,
      })),
    );
  }
}
