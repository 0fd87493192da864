import { asc, desc, eq, sql } from 'drizzle-orm';
import { resultRows, type Executor } from '../../db/connection.js';
import { engagementTypes, offerings, programAgreements } from '../../db/schema/index.js';
import type { EngagementTypeFacts, OfferingFacts, PartnerFacts } from '../../domain/eligibility.js';
import { partnerFactsSql, toPartnerFacts } from './partner-facts-sql.js';

/**
 * The facts about a partner that the eligibility rules of `domain/eligibility.ts` decide on.
 * The eligibility view, enrolment, reservation and redemption all load them through this one
 * function, so that the view's green checks can never disagree with the checks that refuse.
 */
export async function loadPartnerFacts(
  tx: Executor,
  partnerId: string,
  programId: string,
  offeringCode: string,
): Promise<PartnerFacts> {
  const [row] = resultRows<{ facts: unknown }>(
    await tx.execute(sql`select ${partnerFactsSql(partnerId, programId, offeringCode)} as facts`),
  );
  return toPartnerFacts(row!.facts);
}

/**
 * The current version of a program's agreement: the one published last. A new version
 * requires the partner to sign again before new enrolments (domain.md, "Enrolment").
 */
export async function loadCurrentAgreementVersion(tx: Executor, programId: string): Promise<string | null> {
  const [row] = await tx
    .select({ version: programAgreements.version })
    .from(programAgreements)
    .where(eq(programAgreements.programId, programId))
    .orderBy(desc(programAgreements.publishedAt))
    .limit(1);
  return row?.version ?? null;
}

export interface OfferingRow extends OfferingFacts {
  name: string;
  retired: boolean;
}

/** The offerings of a program as the eligibility rules take them, in code order. */
export async function loadOfferingFacts(tx: Executor, programId: string): Promise<OfferingRow[]> {
  const rows = await tx.select().from(offerings).where(eq(offerings.programId, programId)).orderBy(asc(offerings.code));
  return rows.map((r) => ({ code: r.code, name: r.name, competencies: r.competencies, retired: r.retired }));
}

export interface EngagementTypeRow extends EngagementTypeFacts {
  id: string;
  code: string;
  offeringCode: string;
}

/** The engagement types of a program as the eligibility rules take them. */
export async function loadEngagementTypeFacts(tx: Executor, programId: string): Promise<EngagementTypeRow[]> {
  const rows = await tx
    .select()
    .from(engagementTypes)
    .where(eq(engagementTypes.programId, programId))
    .orderBy(asc(engagementTypes.offeringCode), asc(engagementTypes.name));
  return rows.map((r) => ({
    id: r.id,
    code: r.code,
    offeringCode: r.offeringCode,
    name: r.name,
    competencies: r.competencies,
    cloud: r.cloud,
  }));
}
