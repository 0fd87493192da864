/**
 * Calendar arithmetic in a program's IANA time zone. Program cut-offs are calendar dates
 * (`YYYY-MM-DD`) interpreted in the program zone (domain.md, "Time rules"):
 * - "last day D" allows an action while the program-local date is ≤ D;
 * - "on D" means 00:00 of D, program-local.
 * Pure: Intl does the zone maths, nothing here reads the clock.
 */
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-CA', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hourCycle: 'h23',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

export function isValidTimeZone(timeZone: string): boolean {
  try {
    formatterFor(timeZone);
    return true;
  } catch {
    return false;
  }
}

const datePattern = /^(\d{4})-(\d{2})-(\d{2})$/;

export function isCalendarDate(value: string): boolean {
  const match = datePattern.exec(value);
  if (!match) {
    return false;
  }
  const [, y, m, d] = match.map(Number) as [number, number, number, number];
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

interface LocalParts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

function localParts(instant: Date, timeZone: string): LocalParts {
  // UTC needs no time-zone data; `formatToParts` is the cost of presenting a voucher's
  // deadlines (a CSV export presents a million of them).
  if (timeZone === 'UTC') {
    return {
      year: instant.getUTCFullYear(),
      month: instant.getUTCMonth() + 1,
      day: instant.getUTCDate(),
      hour: instant.getUTCHours(),
      minute: instant.getUTCMinutes(),
      second: instant.getUTCSeconds(),
    };
  }
  const parts: Record<string, number> = {};
  for (const part of formatterFor(timeZone).formatToParts(instant)) {
    if (part.type !== 'literal') {
      parts[part.type] = Number(part.value);
    }
  }
  return parts as unknown as LocalParts;
}

/** The program-local calendar date of an instant. */
export function localDate(instant: Date, timeZone: string): string {
  const p = localParts(instant, timeZone);
  return `${String(p.year).padStart(4, '0')}-${pad(p.month)}-${pad(p.day)}`;
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

/** Offset of the zone from UTC at an instant, in milliseconds (local − UTC). */
function zoneOffsetMs(instant: Date, timeZone: string): number {
  const p = localParts(instant, timeZone);
  const asUtc = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
  return asUtc - Math.floor(instant.getTime() / 1000) * 1000;
}

/** The first instant of a program-local calendar date ("on D" = 00:00 of D, program-local). */
export function startOfLocalDay(date: string, timeZone: string): Date {
  const match = datePattern.exec(date);
  if (!match) {
    throw new RangeError(`not a calendar date: ${date}`);
  }
  const [, y, m, d] = match.map(Number) as [number, number, number, number];
  const midnightAsUtc = Date.UTC(y, m - 1, d);
  // Two passes settle the offset even when the guess lands across a DST change.
  let candidate = midnightAsUtc - zoneOffsetMs(new Date(midnightAsUtc), timeZone);
  candidate = midnightAsUtc - zoneOffsetMs(new Date(candidate), timeZone);
  // Where local midnight does not exist (a DST gap at 00:00), the day starts at the first
  // instant whose local date is D.
  while (localDate(new Date(candidate), timeZone) < date) {
    candidate += 15 * 60 * 1000;
  }
  return new Date(candidate);
}

/** `date` + `days` calendar days. */
export function addDays(date: string, days: number): string {
  const start = startOfLocalDay(date, 'UTC');
  return new Date(start.getTime() + days * 86_400_000).toISOString().slice(0, 10);
}

/** "Last day D": the action is allowed while the program-local date is on or before D. */
export function isOnOrBeforeLastDay(now: Date, lastDay: string, timeZone: string): boolean {
  return localDate(now, timeZone) <= lastDay;
}

/** "From D on": true once 00:00 of D (program-local) has come. */
export function hasDateArrived(now: Date, date: string, timeZone: string): boolean {
  return now.getTime() >= startOfLocalDay(date, timeZone).getTime();
}

/** The instant a "last day D" rule stops allowing the action: 00:00 of D + 1, program-local. */
export function endOfLastDay(lastDay: string, timeZone: string): Date {
  return startOfLocalDay(addDays(lastDay, 1), timeZone);
}
