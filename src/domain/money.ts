/** Money is integer minor units with an ISO currency; never floats (architecture.md, "Data"). */
export interface Money {
  amountMinor: number;
  currency: string;
}

/** total = Σ days × the delivery country's daily rate (domain.md, "Payments"). */
export function paymentTotal(days: readonly number[], dailyRate: Money): Money {
  const totalDays = days.reduce((sum, d) => sum + d, 0);
  const amountMinor = totalDays * dailyRate.amountMinor;
  if (!Number.isSafeInteger(amountMinor) || amountMinor > 2_147_483_647) {
    throw new RangeError('payment total out of range');
  }
  return { amountMinor, currency: dailyRate.currency };
}
