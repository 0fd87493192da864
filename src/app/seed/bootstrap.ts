import { passwordWeakness } from '../auth/password-policy.js';
import { sql } from 'drizzle-orm';
import { organizations, users } from '../../db/schema/index.js';
import type { AppContext } from '../context.js';
import { seedSaPlanningServices } from './seed-catalog.js';
import { lockSeeding, seedDemoIn } from './seed-demo.js';
import { ensureOperatorOrganization, ensureUser } from './seed-operator.js';

export interface BootstrapResult {
  demoSeeded: boolean;
  adminCreated: string | null;
  /** No operator admin exists and none could be created from the environment. */
  needsAdmin: boolean;
}

/**
 * What the first start does: the seeded program always; the demo data on an empty database in
 * demo mode; otherwise the first operator admin from SAPS_ADMIN_EMAIL / SAPS_ADMIN_PASSWORD.
 */
export async function bootstrap(
  ctx: AppContext,
  options: { demo: boolean; adminEmail?: string | undefined; adminPassword?: string | undefined },
): Promise<BootstrapResult> {
  const now = ctx.clock.now();
  // One transaction under the seeding lock: a process started at the same moment waits here and
  // then sees what this one seeded (no unique violation, nothing seeded twice).
  return ctx.db.transaction(async (tx) => {
    await lockSeeding(tx);
    const [{ count } = { count: 0 }] = await tx.select({ count: sql<number>`count(*)::int` }).from(organizations);
    if (options.demo && count === 0) {
      await seedDemoIn(tx, now);
      return { demoSeeded: true, adminCreated: null, needsAdmin: false };
    }
    await seedSaPlanningServices(tx, now, { withDemoRates: false });
    const [admin] = await tx
      .select({ id: users.id })
      .from(users)
      .where(sql`'operator_admin' = any(${users.roles})`)
      .limit(1);
    if (admin) {
      return { demoSeeded: false, adminCreated: null, needsAdmin: false };
    }
    if (options.adminEmail && options.adminPassword) {
      const email = options.adminEmail;
      const weakness = passwordWeakness(options.adminPassword, { email, name: 'Operator admin' });
      if (weakness) {
        throw new Error(`SAPS_ADMIN_PASSWORD is refused: ${weakness}`);
      }
      const organizationId = await ensureOperatorOrganization(tx, now);
      await ensureUser(
        tx,
        { organizationId, email, name: 'Operator admin', roles: ['operator_admin'], password: options.adminPassword },
        now,
      );
      return { demoSeeded: false, adminCreated: email.toLowerCase(), needsAdmin: false };
    }
    return { demoSeeded: false, adminCreated: null, needsAdmin: true };
  });
}
