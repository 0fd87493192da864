import type { engagementTypes, programs } from '../../db/schema/index.js';
import type { ExpiryAnchor, ProgramCalendar, ProgramPolicy } from '../../domain/program-policy.js';

export interface ProgramView {
  id: string;
  name: string;
  timeZone: string;
  voucherLifetimeDays: number;
  expiryAnchor: ExpiryAnchor;
  paymentWindowDays: number;
  paymentSlaDays: number;
  calendar: ProgramCalendar;
  createdAt: Date;
}

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

export interface EngagementTypeView {
  id: string;
  programId: string;
  code: string;
  offeringCode: string;
  name: string;
  allowedLengths: number[];
  cloud: boolean;
  competencies: string[];
  exams: string[];
}

export function presentEngagementType(row: typeof engagementTypes.$inferSelect): EngagementTypeView {
  return {
    id: row.id,
    programId: row.programId,
    code: row.code,
    offeringCode: row.offeringCode,
    name: row.name,
    allowedLengths: [...row.allowedLengths].sort((a, b) => a - b),
    cloud: row.cloud,
    competencies: row.competencies,
    exams: row.exams,
  };
}
