import { describe, expect, it } from 'vitest';
import { DomainError } from './errors.js';
import { assertDeliveryDates, assertPlannedDates } from './voucher-dates.js';

function refusal(run: () => void): { code: string; path: string | undefined } | null {
  try {
    run();
    return null;
  } catch (error) {
    if (!(error instanceof DomainError)) {
      throw error;
    }
    return { code: error.code, path: error.extras.errors?.[0]?.path };
  }
}

// Program zone Europe/Paris (UTC+1 in March): "today" is the program-local date of `now`.
const timeZone = 'Europe/Paris';
const now = new Date('2021-03-10T23:30:00Z'); // 2021-03-11 00:30 in Paris
const expiresAt = new Date('2021-09-06T22:00:00Z'); // 2021-09-07 00:00 in Paris: last day 2021-09-06

describe('planned dates of a reservation (boundary table)', () => {
  const cases: [string, string, string, ReturnType<typeof refusal>][] = [
    [
      'start yesterday (program-local)',
      '2021-03-10',
      '2021-03-20',
      { code: 'policy-violation', path: 'body.plannedStart' },
    ],
    ['start today (program-local, UTC is still the day before)', '2021-03-11', '2021-03-20', null],
    ['start tomorrow', '2021-03-12', '2021-03-20', null],
    [
      'end the day before the start',
      '2021-03-20',
      '2021-03-19',
      { code: 'validation-failed', path: 'body.plannedEnd' },
    ],
    ['end on the start', '2021-03-20', '2021-03-20', null],
    ['end the day after the start', '2021-03-20', '2021-03-21', null],
    ['end on the last day before expiry', '2021-03-20', '2021-09-06', null],
    ['end on the expiry day', '2021-03-20', '2021-09-07', { code: 'deadline-passed', path: 'body.plannedEnd' }],
  ];
  it.each(cases)('%s', (_, plannedStart, plannedEnd, expected) => {
    expect(refusal(() => assertPlannedDates({ plannedStart, plannedEnd }, { now, timeZone, expiresAt }))).toEqual(
      expected,
    );
  });
});

describe('delivery dates of a completion report (boundary table)', () => {
  const reservedAt = new Date('2021-03-01T23:30:00Z'); // reserved on 2021-03-02, Paris
  const cases: [string, string, string, Date, ReturnType<typeof refusal>][] = [
    [
      'from the day before the reservation',
      '2021-03-01',
      '2021-03-05',
      now,
      { code: 'validation-failed', path: 'body.deliveredFrom' },
    ],
    ['from the reservation day', '2021-03-02', '2021-03-05', now, null],
    ['from the day after the reservation', '2021-03-03', '2021-03-05', now, null],
    [
      'to the day before from',
      '2021-03-05',
      '2021-03-04',
      now,
      { code: 'validation-failed', path: 'body.deliveredTo' },
    ],
    ['to on from', '2021-03-05', '2021-03-05', now, null],
    ['to today (program-local)', '2021-03-05', '2021-03-11', now, null],
    ['to tomorrow', '2021-03-05', '2021-03-12', now, { code: 'validation-failed', path: 'body.deliveredTo' }],
    // A report dated later than the voucher's last day (only reachable with a clock past expiry).
    ['to the last day before expiry', '2021-09-01', '2021-09-06', new Date('2021-09-20T10:00:00Z'), null],
    [
      'to the expiry day',
      '2021-09-01',
      '2021-09-07',
      new Date('2021-09-20T10:00:00Z'),
      { code: 'validation-failed', path: 'body.deliveredTo' },
    ],
  ];
  it.each(cases)('%s', (_, deliveredFrom, deliveredTo, at, expected) => {
    expect(
      refusal(() => assertDeliveryDates({ deliveredFrom, deliveredTo }, { now: at, timeZone, reservedAt, expiresAt })),
    ).toEqual(expected);
  });
});
