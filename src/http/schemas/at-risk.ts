import { z } from 'zod';
import { calendarDate, id } from './common.js';

export const atRisk = z
  .object({
    daysAtRisk: z.array(
      z.object({
        reason: z.enum(['removal', 'expiry']),
        days: z.number().int(),
        on: calendarDate.describe('the program-local date the days are lost'),
      }),
    ),
    vouchersAtRisk: z.array(
      z.object({
        voucherId: id,
        code: z.string(),
        status: z.string(),
        agreementId: id,
        days: z.number().int(),
        reason: z.enum(['expiry', 'payment_window']),
        lastDay: calendarDate.describe('the last program-local day to act (redeem, or request payment)'),
        on: calendarDate.describe('the program-local date it is lost'),
      }),
    ),
  })
  .meta({ id: 'AtRisk', description: 'What will be lost, and when, if nobody acts' });

export const atRiskQuery = z.strictObject({ programId: id });
