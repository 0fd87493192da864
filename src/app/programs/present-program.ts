import type { engagementTypes, programs } from '../../db/schema/index.js';
import type { ProgramPolicy } from '../../domain/program-policy.js';
import type { z } from 'zod';
import type { engagementType, program } from '../../http/schemas/programs.js';

/** The answer as its response schema says (a field removed there breaks the presenter). */
export type ProgramView = z.output<typeof program>;

export function presentProgram(row: typeof programs.$inferSelect): ProgramView {
  return {
    id: row.id,
    name: row.name,
    timeZone: row.timeZone,
    voucherLifetimeDays: row.voucherLifetimeDays,
    expiryAnchor: row.expiryAnchor,
    paymentWindowDays: row.paymentWindowDays,
    paymentSlaDays: row.paymentSlaDays,
    calendar: {
      cloudRetirementDate: row.cloudRetirementDate,
      trainingConversionEndDate: row.trainingConversionEndDate,
      accrualEndDate: row.accrualEndDate,
      lastVoucherDate: row.lastVoucherDate,
      daysRemovalDate: row.daysRemovalDate,
      lastRedemptionDate: row.lastRedemptionDate,
    },
    createdAt: row.createdAt,
  };
}

/** The pure policy the domain rules take. */
export function toPolicy(row: typeof programs.$inferSelect): ProgramPolicy {
  const { name, timeZone, voucherLifetimeDays, expiryAnchor, paymentWindowDays, paymentSlaDays, calendar } =
    presentProgram(row);
  return { name, timeZone, voucherLifetimeDays, expiryAnchor, paymentWindowDays, paymentSlaDays, calendar };
}

/** The answer as its response schema says (a field removed there breaks the presenter). */
export type EngagementTypeView = z.output<typeof engagementType>;

export function presentEngagementType(row: typeof engagementTypes.$inferSelect): EngagementTypeView {
  return {
    id: row.id,
    code: row.code,
    offeringCode: row.offeringCode,
    name: row.name,
    allowedLengths: [...row.allowedLengths].sort((a, b) => a - b),
    cloud: row.cloud,
    competencies: row.competencies,
    exams: row.exams,
  };
}
