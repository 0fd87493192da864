import { passwordWeakness } from '../auth/password-policy.js';
import { sql } from 'drizzle-orm';
import { organizations, users } from '../../db/schema/index.js';
import type { AppContext } from '../context.js';
import { seedSaPlanningServices } from './seed-catalog.js';
import { seedDemo } from './seed-demo.js';
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
  const [{ count } = { count: 0 }] = await ctx.db.select({ count: sql<number>`count(*)::int` }).from(organizations);
  if (options.demo && count === 0) {
    await seedDemo(ctx.db, now);
    return { demoSeeded: true, adminCreated: null, needsAdmin: false };
  }
  await ctx.db.transaction(async (tx) => {
    await seedSaPlanningServices(tx, now, { withDemoRates: false });
  });
  const [admin] = await ctx.db
    .select({ id: users.id })
    .from(users)
    .where(sql`'operator_admin' = any(${users.roles})`)
    .limit(1);
  if (admin) {
    return { demoSeeded: false, adminCreated: null, needsAdmin: false };
  }
  if (options.adminEmail && options.adminPassword) {
    const email = options.adminEmail;
    const password = options.adminPassword;
    const weakness = passwordWeakness(password, { email, name: 'Operator admin' });
    if (weakness) {
      throw new Error(`SAPS_ADMIN_PASSWORD is refused: ${weakness}`);
    }
    await ctx.db.transaction(async (tx) => {
      const organizationId = await ensureOperatorOrganization(tx, now);
      await ensureUser(tx, { organizationId, email, name: 'Operator admin', roles: ['operator_admin'], password }, now);
    });
    return { demoSeeded: false, adminCreated: email.toLowerCase(), needsAdmin: false };
  }
  return { demoSeeded: false, adminCreated: null, needsAdmin: true };
}
