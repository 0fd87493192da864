/**
 * The date rules of a reservation and of a completion report (domain.md, "Voucher lifecycle":
 * planned dates, delivery dates). All dates are program-local calendar dates; "today" is the
 * program-local date of the action's instant.
 */
import { endOfLastDay, localDate } from './calendar-dates.js';
import { fieldError, refusal } from './errors.js';

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
    throw refusal(
      'validation-failed',
      'voucher.endBeforeStart',
      { plannedStart: input.plannedStart, plannedEnd: input.plannedEnd },
      {
        errors: [fieldError('body.plannedEnd', 'field.endBeforeStart')],
      },
    );
  }
  if (input.plannedStart < today) {
    throw refusal(
      'policy-violation',
      'voucher.startInPast',
      { plannedStart: input.plannedStart, today },
      { errors: [fieldError('body.plannedStart', 'field.startInPast')] },
    );
  }
  if (endOfLastDay(input.plannedEnd, facts.timeZone).getTime() > facts.expiresAt.getTime()) {
    throw refusal(
      'deadline-passed',
      'voucher.endAfterExpiry',
      { plannedEnd: input.plannedEnd, expiresAt: facts.expiresAt.toISOString() },
      { errors: [fieldError('body.plannedEnd', 'field.endAfterExpiry')] },
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
    throw refusal(
      'validation-failed',
      'voucher.deliveredBeforeReservation',
      { reservedOn, timeZone: facts.timeZone },
      { errors: [fieldError('body.deliveredFrom', 'field.beforeReservation', { reservedOn })] },
    );
  }
  if (input.deliveredTo < input.deliveredFrom) {
    throw refusal(
      'validation-failed',
      'voucher.deliveryEndsBeforeStart',
      { deliveredFrom: input.deliveredFrom, deliveredTo: input.deliveredTo },
      {
        errors: [fieldError('body.deliveredTo', 'field.deliveryEndBeforeStart')],
      },
    );
  }
  if (input.deliveredTo > today) {
    throw refusal(
      'validation-failed',
      'voucher.deliveredInFuture',
      { today },
      { errors: [fieldError('body.deliveredTo', 'field.notInFuture')] },
    );
  }
  const lastDay = localDate(new Date(facts.expiresAt.getTime() - 1), facts.timeZone);
  if (input.deliveredTo > lastDay) {
    throw refusal(
      'validation-failed',
      'voucher.deliveredAfterExpiry',
      { lastDay },
      { errors: [fieldError('body.deliveredTo', 'field.afterExpiry')] },
    );
  }
}
