import { endOfLastDay, startOfLocalDay } from './calendar-dates.js';
import type { ProgramPolicy } from './program-policy.js';

export interface CalendarRuleState {
  date: string;
  rule: string;
  /** The first instant at which the rule bites. */
  from: Date;
  inForce: boolean;
}

/** The program calendar seen at an instant: which rules already bite (for dry runs and UIs). */
export function calendarAt(policy: ProgramPolicy, at: Date): CalendarRuleState[] {
  const c = policy.calendar;
  const tz = policy.timeZone;
  const rules: [string, string, Date][] = [
    [
      c.cloudRetirementDate,
      'cloud engagement types retired: no new vouchers or reservations',
      startOfLocalDay(c.cloudRetirementDate, tz),
    ],
    [
      c.trainingConversionEndDate,
      'training days can no longer be converted',
      startOfLocalDay(c.trainingConversionEndDate, tz),
    ],
    [c.accrualEndDate, 'no more accrual', startOfLocalDay(c.accrualEndDate, tz)],
    [c.lastVoucherDate, 'last day to create or assign vouchers has passed', endOfLastDay(c.lastVoucherDate, tz)],
    [c.daysRemovalDate, 'all remaining (unallocated) days removed', startOfLocalDay(c.daysRemovalDate, tz)],
    [c.lastRedemptionDate, 'last day to redeem has passed', endOfLastDay(c.lastRedemptionDate, tz)],
  ];
  return rules.map(([date, rule, from]) => ({ date, rule, from, inForce: at.getTime() >= from.getTime() }));
}
