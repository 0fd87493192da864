/**
 * The date rules of a reservation and of a completion report (domain.md, "Voucher lifecycle":
 * planned dates, delivery dates). All dates are program-local calendar dates; "today" is the
 * program-local date of the action's instant.
 */
import { endOfLastDay, localDate } from './calendar-dates.js';
import { DomainError } from './errors.js';

/**
 * Planned dates of a reservation: the end not before the start; the start not in the past
 * ("reserve before the engagement begins", program-facts.md §5, T2); the whole planned end day
 * before the voucher expires (the engagement is delivered and redeemed before expiry).
 */
export function assertPlannedDates(
  input: { plannedStart: string; plannedEnd: string },
  facts: { now: Date; timeZone: string; expiresAt: Date },
): void {
  const today = localDate(facts.now, facts.timeZone);
  if (input.plannedEnd < input.plannedStart) {
    throw new DomainError('validation-failed', 'the planned end is before the planned start', {
      errors: [{ path: 'body.plannedEnd', message: 'must not be before plannedStart' }],
    });
  }
  if (input.plannedStart < today) {
    throw new DomainError(
      'policy-violation',
      `a voucher is reserved before its engagement begins; the planned start ${input.plannedStart} is before today (${today})`,
      { errors: [{ path: 'body.plannedStart', message: 'must not be in the past' }] },
    );
  }
  if (endOfLastDay(input.plannedEnd, facts.timeZone).getTime() > facts.expiresAt.getTime()) {
    throw new DomainError(
      'deadline-passed',
      `the planned end ${input.plannedEnd} is not before the voucher expiry (${facts.expiresAt.toISOString()})`,
      { errors: [{ path: 'body.plannedEnd', message: 'must lie before the voucher expiry' }] },
    );
  }
}

/**
 * Delivery dates of a completion report: delivered after it was reserved (`deliveredFrom` on or
 * after the reservation's program-local date), `deliveredTo` on or after `deliveredFrom`, not
 * after today and not after the voucher's expiry (its last program-local day).
 */
export function assertDeliveryDates(
  input: { deliveredFrom: string; deliveredTo: string },
  facts: { now: Date; timeZone: string; reservedAt: Date; expiresAt: Date },
): void {
  const today = localDate(facts.now, facts.timeZone);
  const reservedOn = localDate(facts.reservedAt, facts.timeZone);
  if (input.deliveredFrom < reservedOn) {
    throw new DomainError(
      'validation-failed',
      `the engagement is delivered after its reservation: it was reserved on ${reservedOn} (program time zone ${facts.timeZone})`,
      { errors: [{ path: 'body.deliveredFrom', message: `must not be before the reservation date ${reservedOn}` }] },
    );
  }
  if (input.deliveredTo < input.deliveredFrom) {
    throw new DomainError('validation-failed', 'the delivery ends before it starts', {
      errors: [{ path: 'body.deliveredTo', message: 'must not be before deliveredFrom' }],
    });
  }
  if (input.deliveredTo > today) {
    throw new DomainError(
      'validation-failed',
      `the engagement cannot be reported as delivered after today (${today})`,
      {
        errors: [{ path: 'body.deliveredTo', message: 'must not be in the future' }],
      },
    );
  }
  const lastDay = localDate(new Date(facts.expiresAt.getTime() - 1), facts.timeZone);
  if (input.deliveredTo > lastDay) {
    throw new DomainError(
      'validation-failed',
      `the engagement cannot be delivered after the voucher expiry (${lastDay})`,
      {
        errors: [{ path: 'body.deliveredTo', message: 'must not be after the voucher expiry' }],
      },
    );
  }
}
