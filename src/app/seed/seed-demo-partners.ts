import { eq } from 'drizzle-orm';
import type { Executor } from '../../db/connection.js';
import {
  consultantExams,
  enrollments,
  partnerCompetencies,
  partnerLocations,
  partnerProfiles,
  programAgreementSignatures,
} from '../../db/schema/index.js';
import { insertCompetency, type CompetencyInput } from '../partners/add-competency.js';
import { oneYearAfter } from '../partners/enroll.js';
import { loadCurrentAgreementVersion } from '../partners/partner-facts.js';
import type { DemoSeedResult } from './seed-demo.js';

const fabrikamCompetencies: CompetencyInput[] = [
  { name: 'Windows and Devices', level: 'gold', validFrom: '2020-07-01', validUntil: '2022-06-30' },
  { name: 'Collaboration and Content', level: 'silver', validFrom: '2020-07-01', validUntil: '2022-06-30' },
  { name: 'Enterprise Mobility Management', level: 'silver', validFrom: '2020-07-01', validUntil: '2022-06-30' },
];

const fabrikamExams = [
  { exam: 'MD-100 Windows 10', passedOn: '2020-09-15' },
  { exam: 'MS-300 Deploying Microsoft 365 Teamwork', passedOn: '2020-11-02' },
];

const fabrikamProfile = {
  description:
    'Fabrikam Consulting plans Windows 10 and Microsoft 365 Apps deployments and SharePoint ' +
    'intranets for mid-size and enterprise customers across the United States.',
  countries: ['US'],
  languages: ['en', 'es'],
  offerings: ['DDPS', 'SDPS'],
  contactEmail: 'planning@fabrikam.example',
  website: 'https://fabrikam.example',
};

async function ensureLocation(tx: Executor, partnerId: string, country: string, now: Date): Promise<void> {
  await tx.insert(partnerLocations).values({ partnerId, country, createdAt: now }).onConflictDoNothing();
}

/**
 * The demo partners (seed steps 1–3 done for Fabrikam): Fabrikam Consulting signed the current
 * agreement, holds its competencies, has a US location, is enrolled in DDPS and SDPS for a year
 * from `now`, has a consultant with exams and a directory profile. Tailspin Advisory has only
 * a GB location, to show a partner that is not yet eligible. Idempotent.
 */
export async function seedDemoPartners(tx: Executor, seeded: DemoSeedResult, now: Date): Promise<void> {
  const fabrikam = seeded.organizationIds['Fabrikam Consulting']!;
  const tailspin = seeded.organizationIds['Tailspin Advisory']!;
  const admin = seeded.userIds['admin@fabrikam.example']!;
  const consultant = seeded.userIds['consultant@fabrikam.example']!;
  const programId = seeded.programId;

  const version = await loadCurrentAgreementVersion(tx, programId);
  if (version) {
    await tx
      .insert(programAgreementSignatures)
      .values({ partnerId: fabrikam, programId, version, signerId: admin, signedAt: now, ip: null })
      .onConflictDoNothing();
  }
  const held = await tx.select().from(partnerCompetencies).where(eq(partnerCompetencies.partnerId, fabrikam));
  for (const competency of fabrikamCompetencies) {
    if (!held.some((h) => h.name === competency.name && h.level === competency.level)) {
      await insertCompetency(tx, fabrikam, competency, now);
    }
  }
  await ensureLocation(tx, fabrikam, 'US', now);
  for (const offeringCode of ['DDPS', 'SDPS']) {
    await tx
      .insert(enrollments)
      .values({ partnerId: fabrikam, programId, offeringCode, enrolledAt: now, validUntil: oneYearAfter(now) })
      .onConflictDoNothing();
  }
  for (const exam of fabrikamExams) {
    await tx
      .insert(consultantExams)
      .values({ partnerId: fabrikam, userId: consultant, ...exam, createdAt: now })
      .onConflictDoNothing();
  }
  const [profile] = await tx.select().from(partnerProfiles).where(eq(partnerProfiles.partnerId, fabrikam));
  if (!profile) {
    await tx.insert(partnerProfiles).values({ partnerId: fabrikam, ...fabrikamProfile, updatedAt: now });
  }
  await ensureLocation(tx, tailspin, 'GB', now);
}
