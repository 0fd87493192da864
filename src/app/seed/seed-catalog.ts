import { eq } from 'drizzle-orm';
import type { Executor } from '../../db/connection.js';
import { offerings, programAgreements, programs, rates } from '../../db/schema/index.js';
import { saPlanningServicesPolicy } from '../../domain/program-policy.js';
import { insertEngagementType } from '../programs/create-engagement-type.js';
import { insertProgram } from '../programs/create-program.js';
import { replaceSupportContacts, seededSupportContacts } from '../support/support-contacts.js';
import {
  demoRates,
  saPlanningServicesAgreement,
  saPlanningServicesEngagementTypes,
  saPlanningServicesOfferings,
} from './sa-planning-services-catalog.js';

/**
 * Seeds "Software Assurance Planning Services" with its calendar, catalog and agreement.
 * Idempotent: does nothing when the program exists. Returns the program id.
 */
export async function seedSaPlanningServices(
  tx: Executor,
  now: Date,
  options: { withDemoRates: boolean },
): Promise<string> {
  const policy = saPlanningServicesPolicy;
  const [existing] = await tx.select({ id: programs.id }).from(programs).where(eq(programs.name, policy.name));
  if (existing) {
    return existing.id;
  }
  const program = await insertProgram(tx, policy, now);
  await tx.insert(offerings).values(saPlanningServicesOfferings.map((o) => ({ ...o, programId: program.id })));
  for (const type of saPlanningServicesEngagementTypes) {
    await insertEngagementType(tx, program.id, type, now);
  }
  await tx
    .insert(programAgreements)
    .values({ programId: program.id, ...saPlanningServicesAgreement, publishedAt: now });
  await replaceSupportContacts(tx, program.id, seededSupportContacts);
  if (options.withDemoRates) {
    await tx.insert(rates).values(demoRates.map((r) => ({ ...r, programId: program.id, updatedAt: now })));
  }
  return program.id;
}
