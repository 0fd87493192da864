import { eq, sql } from 'drizzle-orm';
import type { Database, Transaction } from '../../db/connection.js';
import { organizations } from '../../db/schema/index.js';
import type { Role } from '../../domain/roles.js';
import { seedSaPlanningServices } from './seed-catalog.js';
import { seedDemoPartners } from './seed-demo-partners.js';
import { seedDemoCustomers } from './seed-demo-customers.js';
import { ensureOperatorOrganization, ensureUser } from './seed-operator.js';

export const demoPassword = 'demo-password';

export const demoInstant = new Date('2021-03-01T09:00:00Z');

export interface DemoLogin {
  email: string;
  name: string;
  roles: Role[];
  organization: string;
}

export const demoLogins: DemoLogin[] = [
  {
    email: 'operator@saps.example',
    name: 'Olivia Operator',
    roles: ['operator_admin'],
    organization: 'SAPS Program Operations',
  },
  { email: 'finance@saps.example', name: 'Felix Finance', roles: ['finance'], organization: 'SAPS Program Operations' },
  {
    email: 'benefits@northwind.example',
    name: 'Nina Benefits',
    roles: ['benefit_admin'],
    organization: 'Northwind Traders',
  },
  {
    email: 'pm@northwind.example',
    name: 'Paul Manager',
    roles: ['project_manager'],
    organization: 'Northwind Traders',
  },
  {
    email: 'admin@fabrikam.example',
    name: 'Fatima Admin',
    roles: ['global_admin', 'partner_admin'],
    organization: 'Fabrikam Consulting',
  },
  {
    email: 'consultant@fabrikam.example',
    name: 'Carlos Consultant',
    roles: ['consultant'],
    organization: 'Fabrikam Consulting',
  },
  {
    email: 'admin@tailspin.example',
    name: 'Tom Admin',
    roles: ['global_admin', 'partner_admin'],
    organization: 'Tailspin Advisory',
  },
];

const demoOrganizations = [
  { name: 'Northwind Traders', kind: 'customer', country: 'US' },
  { name: 'Fabrikam Consulting', kind: 'partner', country: 'US' },
  { name: 'Tailspin Advisory', kind: 'partner', country: 'GB' },
] as const;

export interface DemoSeedResult {
  programId: string;
  organizationIds: Record<string, string>;
  userIds: Record<string, string>;
}

/**
 * `saps seed --demo`: the demo organisations, logins (password `demo-password`) and catalog.
 * Idempotent: running it twice adds nothing.
 */
export async function seedDemo(db: Database, now: Date): Promise<DemoSeedResult> {
  return db.transaction(async (tx) => {
    await lockSeeding(tx);
    return seedDemoIn(tx, now);
  });
}

/**
 * Serialises seeding between processes: two servers started at once on an empty PostgreSQL
 * database both seed, and without it one crashed on a unique violation (issue 9, item 15). The
 * lock is held until the seeding transaction ends; the second then finds the rows and adds none.
 */
export async function lockSeeding(tx: Transaction): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(727275)`);
}

/** The demo data, inside the caller's transaction (which holds the seeding lock). */
export async function seedDemoIn(tx: Transaction, now: Date): Promise<DemoSeedResult> {
  const programId = await seedSaPlanningServices(tx, now, { withDemoRates: true });
  const organizationIds: Record<string, string> = {
    'SAPS Program Operations': await ensureOperatorOrganization(tx, now),
  };
  for (const org of demoOrganizations) {
    const [existing] = await tx
      .select({ id: organizations.id })
      .from(organizations)
      .where(eq(organizations.name, org.name));
    if (existing) {
      organizationIds[org.name] = existing.id;
      continue;
    }
    const [row] = await tx
      .insert(organizations)
      .values({ ...org, createdAt: now })
      .returning({ id: organizations.id });
    organizationIds[org.name] = row!.id;
  }
  const userIds: Record<string, string> = {};
  for (const login of demoLogins) {
    userIds[login.email] = await ensureUser(
      tx,
      {
        organizationId: organizationIds[login.organization]!,
        email: login.email,
        name: login.name,
        roles: login.roles,
        password: demoPassword,
      },
      now,
    );
  }
  const result = { programId, organizationIds, userIds };
  // Each feature seeds its own demo data below, in this transaction.
  await seedDemoPartners(tx, result, now);
  await seedDemoCustomers(tx, result, now);
  return result;
}
