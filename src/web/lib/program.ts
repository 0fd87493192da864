import { useQuery } from '@tanstack/react-query';
import { api } from './api';
import type { Page, Program, ProgramCalendar } from './types';

/**
 * The program calendar as the web app explains it. Two kinds of dated rules (domain.md, "Time
 * rules", all in the program's time zone):
 * - `until`: the date is the last day the action is allowed (last voucher day, last redemption day);
 * - `from`: the rule bites at 00:00 of the date (cloud retirement, end of training conversion,
 *   end of accrual, removal of the remaining days), so the last allowed day is the day before.
 */
export type CalendarRule = keyof ProgramCalendar;
export const calendarRules: readonly CalendarRule[] = [
  'cloudRetirementDate',
  'trainingConversionEndDate',
  'accrualEndDate',
  'lastVoucherDate',
  'daysRemovalDate',
  'lastRedemptionDate',
];
export const ruleKind: Record<CalendarRule, 'from' | 'until'> = {
  cloudRetirementDate: 'from',
  trainingConversionEndDate: 'from',
  accrualEndDate: 'from',
  lastVoucherDate: 'until',
  daysRemovalDate: 'from',
  lastRedemptionDate: 'until',
};

export interface CalendarEntry {
  rule: CalendarRule;
  date: string;
  kind: 'from' | 'until';
}

/** The calendar's dates in date order (rules of the same day in the calendar's order). */
export function calendarEntries(calendar: ProgramCalendar): CalendarEntry[] {
  return calendarRules
    .map((rule) => ({ rule, date: calendar[rule], kind: ruleKind[rule] }))
    .sort((a, b) => a.date.localeCompare(b.date) || calendarRules.indexOf(a.rule) - calendarRules.indexOf(b.rule));
}

/** Whether the rule is in force on `today`: an `until` rule after its day, a `from` rule on it. */
export function ruleInForce(entry: CalendarEntry, today: string): boolean {
  return entry.kind === 'from' ? today >= entry.date : today > entry.date;
}

/** `YYYY-MM-DD` of an instant in a time zone (the program's days are local days). */
export function localDay(instant: string | Date, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).formatToParts(typeof instant === 'string' ? new Date(instant) : instant);
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return `${get('year')}-${get('month')}-${get('day')}`;
}

/**
 * The last program-local day before an instant a rule bites at (a voucher's expiry): the day the
 * pages show, as the server's deadlines do (`lastDay` = the local date of `before` − 1 ms).
 */
export function lastDayBefore(instant: string, timeZone: string): string {
  return localDay(new Date(new Date(instant).getTime() - 1), timeZone);
}

/** Whole days from `from` to `to` (both `YYYY-MM-DD`): 0 on the day itself. */
export function daysUntil(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

/** The day before `date` (`YYYY-MM-DD`). */
export function dayBefore(date: string): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
}

export function usePrograms() {
  return useQuery({
    queryKey: ['programs', 'all'],
    queryFn: () => api.get<Page<Program>>('/programs', { limit: 200 }),
    staleTime: 5 * 60_000,
  });
}

export function useProgram(programId: string | undefined) {
  return useQuery({
    queryKey: ['programs', programId],
    queryFn: () => api.get<Program>(`/programs/${programId}`),
    enabled: !!programId,
    staleTime: 5 * 60_000,
  });
}

/** The program a person works in: the one their data belongs to, else the first. */
export function useMainProgram(programId?: string): Program | undefined {
  const programs = usePrograms();
  const items = programs.data?.items ?? [];
  return items.find((p) => p.id === programId) ?? items[0];
}
