import { describe, expect, it } from 'vitest';
import {
  addDays,
  endOfLastDay,
  hasDateArrived,
  isCalendarDate,
  isOnOrBeforeLastDay,
  isValidTimeZone,
  localDate,
  startOfLocalDay,
} from './calendar-dates.js';

// Every expected instant below is written out by hand (offsets: Auckland NZDT +13 / NZST +12,
// changing 2021-04-04 03:00 → 02:00 and 2020-09-27 02:00 → 03:00; Los Angeles PST −8 / PDT −7,
// changing 2021-03-14 and 2021-11-07), never computed with the functions under test.

const ms = (iso: string, delta = 0): Date => new Date(new Date(iso).getTime() + delta);

describe('localDate', () => {
  const cases: [instant: string, zone: string, expected: string][] = [
    ['2021-06-30T23:59:59.999Z', 'UTC', '2021-06-30'],
    ['2021-07-01T00:00:00.000Z', 'UTC', '2021-07-01'],
    ['2020-02-29T12:00:00.000Z', 'UTC', '2020-02-29'],
    // Auckland in winter (NZST, +12): the local day starts at 12:00 UTC the day before.
    ['2021-06-30T11:59:59.999Z', 'Pacific/Auckland', '2021-06-30'],
    ['2021-06-30T12:00:00.000Z', 'Pacific/Auckland', '2021-07-01'],
    // Auckland in summer (NZDT, +13).
    ['2021-12-31T10:59:59.999Z', 'Pacific/Auckland', '2021-12-31'],
    ['2021-12-31T11:00:00.000Z', 'Pacific/Auckland', '2022-01-01'],
    // Auckland DST end day 2021-04-04: 03:00 NZDT becomes 02:00 NZST, the day lasts 25 hours.
    ['2021-04-03T10:59:59.999Z', 'Pacific/Auckland', '2021-04-03'],
    ['2021-04-03T11:00:00.000Z', 'Pacific/Auckland', '2021-04-04'],
    ['2021-04-04T11:59:59.999Z', 'Pacific/Auckland', '2021-04-04'],
    ['2021-04-04T12:00:00.000Z', 'Pacific/Auckland', '2021-04-05'],
    // Los Angeles (PDT, −7; PST, −8).
    ['2021-07-01T06:59:59.999Z', 'America/Los_Angeles', '2021-06-30'],
    ['2021-07-01T07:00:00.000Z', 'America/Los_Angeles', '2021-07-01'],
    ['2022-01-02T07:59:59.999Z', 'America/Los_Angeles', '2022-01-01'],
    ['2022-01-02T08:00:00.000Z', 'America/Los_Angeles', '2022-01-02'],
  ];
  it.each(cases)('%s in %s is the local date %s', (instant, zone, expected) => {
    expect(localDate(new Date(instant), zone)).toBe(expected);
  });
});

describe('startOfLocalDay', () => {
  const cases: [date: string, zone: string, expected: string][] = [
    ['2021-07-01', 'UTC', '2021-07-01T00:00:00.000Z'],
    ['2020-02-29', 'UTC', '2020-02-29T00:00:00.000Z'],
    ['2021-07-01', 'Pacific/Auckland', '2021-06-30T12:00:00.000Z'],
    ['2022-01-02', 'Pacific/Auckland', '2022-01-01T11:00:00.000Z'],
    // The DST end day starts in NZDT (+13), the next day in NZST (+12).
    ['2021-04-04', 'Pacific/Auckland', '2021-04-03T11:00:00.000Z'],
    ['2021-04-05', 'Pacific/Auckland', '2021-04-04T12:00:00.000Z'],
    // The DST start day (2020-09-27) starts in NZST, the next day in NZDT: 23 hours.
    ['2020-09-27', 'Pacific/Auckland', '2020-09-26T12:00:00.000Z'],
    ['2020-09-28', 'Pacific/Auckland', '2020-09-27T11:00:00.000Z'],
    ['2021-03-14', 'America/Los_Angeles', '2021-03-14T08:00:00.000Z'],
    ['2021-03-15', 'America/Los_Angeles', '2021-03-15T07:00:00.000Z'],
    ['2021-11-07', 'America/Los_Angeles', '2021-11-07T07:00:00.000Z'],
    ['2021-11-08', 'America/Los_Angeles', '2021-11-08T08:00:00.000Z'],
    // Santiago springs forward at midnight: 00:00 does not exist, the day starts at 01:00 (−3).
    ['2022-09-11', 'America/Santiago', '2022-09-11T04:00:00.000Z'],
  ];
  it.each(cases)('%s in %s starts at %s', (date, zone, expected) => {
    expect(startOfLocalDay(date, zone).toISOString()).toBe(expected);
  });

  it('refuses a string that is not a calendar date with a RangeError', () => {
    expect(() => startOfLocalDay('2021-7-1', 'UTC')).toThrow(RangeError);
  });
});

describe('addDays', () => {
  const cases: [date: string, days: number, expected: string][] = [
    ['2021-06-30', 1, '2021-07-01'],
    ['2021-12-31', 1, '2022-01-01'],
    ['2020-02-28', 1, '2020-02-29'],
    ['2021-02-28', 1, '2021-03-01'],
    ['2022-01-01', 60, '2022-03-02'],
    ['2021-12-31', 60, '2022-03-01'],
    ['2021-07-01', -1, '2021-06-30'],
    ['2021-03-01', 0, '2021-03-01'],
    // Calendar days, whatever DST does in any zone on those dates.
    ['2021-04-03', 1, '2021-04-04'],
    ['2021-04-04', 1, '2021-04-05'],
    ['2021-03-13', 2, '2021-03-15'],
    ['2021-11-06', 2, '2021-11-08'],
  ];
  it.each(cases)('%s + %i days is %s', (date, days, expected) => {
    expect(addDays(date, days)).toBe(expected);
  });
});

interface BoundaryCase {
  zone: string;
  day: string;
  /** The first instant of the day after `day` ("last day" ends), written by hand. */
  end: string;
  /** The first instant of `day` ("from D on" begins), written by hand. */
  start: string;
}

const boundaries: BoundaryCase[] = [
  { zone: 'UTC', day: '2021-06-30', start: '2021-06-30T00:00:00.000Z', end: '2021-07-01T00:00:00.000Z' },
  { zone: 'UTC', day: '2022-01-01', start: '2022-01-01T00:00:00.000Z', end: '2022-01-02T00:00:00.000Z' },
  {
    zone: 'Pacific/Auckland',
    day: '2021-06-30',
    start: '2021-06-29T12:00:00.000Z',
    end: '2021-06-30T12:00:00.000Z',
  },
  {
    zone: 'Pacific/Auckland',
    day: '2022-01-01',
    start: '2021-12-31T11:00:00.000Z',
    end: '2022-01-01T11:00:00.000Z',
  },
  // The DST change day: begins at +13, ends at +12.
  {
    zone: 'Pacific/Auckland',
    day: '2021-04-04',
    start: '2021-04-03T11:00:00.000Z',
    end: '2021-04-04T12:00:00.000Z',
  },
  {
    zone: 'America/Los_Angeles',
    day: '2021-06-30',
    start: '2021-06-30T07:00:00.000Z',
    end: '2021-07-01T07:00:00.000Z',
  },
  {
    zone: 'America/Los_Angeles',
    day: '2021-03-14',
    start: '2021-03-14T08:00:00.000Z',
    end: '2021-03-15T07:00:00.000Z',
  },
];

describe.each(boundaries)('boundaries of $day in $zone', ({ zone, day, start, end }) => {
  it('endOfLastDay is 00:00 of the next local day', () => {
    expect(endOfLastDay(day, zone).toISOString()).toBe(end);
  });

  it('isOnOrBeforeLastDay allows 1 ms before the end, refuses at and 1 ms after it', () => {
    expect(isOnOrBeforeLastDay(ms(end, -1), day, zone)).toBe(true);
    expect(isOnOrBeforeLastDay(ms(end), day, zone)).toBe(false);
    expect(isOnOrBeforeLastDay(ms(end, 1), day, zone)).toBe(false);
  });

  it('isOnOrBeforeLastDay allows the first instant of the day itself and the day before', () => {
    expect(isOnOrBeforeLastDay(ms(start), day, zone)).toBe(true);
    expect(isOnOrBeforeLastDay(ms(start, -1), day, zone)).toBe(true);
  });

  it('hasDateArrived is false 1 ms before 00:00 local, true at and 1 ms after', () => {
    expect(hasDateArrived(ms(start, -1), day, zone)).toBe(false);
    expect(hasDateArrived(ms(start), day, zone)).toBe(true);
    expect(hasDateArrived(ms(start, 1), day, zone)).toBe(true);
  });
});

describe('isCalendarDate and isValidTimeZone', () => {
  it.each([
    ['2021-06-30', true],
    ['2020-02-29', true],
    ['2021-02-29', false],
    ['2021-13-01', false],
    ['2021-6-30', false],
    ['2021-06-30T00:00:00Z', false],
  ])('isCalendarDate(%s) is %s', (value, expected) => {
    expect(isCalendarDate(value)).toBe(expected);
  });

  it.each([
    ['UTC', true],
    ['Pacific/Auckland', true],
    ['America/Los_Angeles', true],
    ['Mars/Olympus_Mons', false],
  ])('isValidTimeZone(%s) is %s', (zone, expected) => {
    expect(isValidTimeZone(zone)).toBe(expected);
  });
});
