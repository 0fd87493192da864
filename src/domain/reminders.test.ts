import { describe, expect, it } from 'vitest';
import { dueOffset, reminderOffsets } from './reminders.js';

const lastDay = { countFrom: '2021-08-28', lastRelevantDay: '2021-08-28' };

describe('dueOffset', () => {
  it.each([
    ['2021-07-28', null], // 31 days before: nothing yet
    ['2021-07-29', 30], // 30 days before: the 30-day reminder
    ['2021-07-30', 30],
    ['2021-08-20', 30], // 8 days before
    ['2021-08-21', 7], // 7 days before: the 7-day reminder
    ['2021-08-28', 7], // the last day itself
    ['2021-08-29', null], // after the deadline: no reminder
  ])('on %s for offsets 30 and 7 gives %s', (today, expected) => {
    expect(dueOffset(reminderOffsets.voucher_expiry, lastDay, today)).toBe(expected);
  });

  it('gives only the latest offset after a jump over several', () => {
    expect(dueOffset([30, 14, 7, 3], lastDay, '2021-08-26')).toBe(3);
  });

  it('stops the day before an "on D" deadline', () => {
    const removal = { countFrom: '2021-07-01', lastRelevantDay: '2021-06-30' };
    expect(dueOffset([7], removal, '2021-06-23')).toBeNull();
    expect(dueOffset([7], removal, '2021-06-24')).toBe(7);
    expect(dueOffset([7], removal, '2021-06-30')).toBe(7);
    expect(dueOffset([7], removal, '2021-07-01')).toBeNull();
  });
});
