import { benchAccountTiming } from './account-timing.js';

/**
 * Does a password reset answer reveal whether the e-mail has an account (issue 9, finding 11)?
 * Pairs of `POST /auth/password-reset` for an existing account and an unknown e-mail
 * (benchAccountTiming says how they are sent and judged).
 *
 *   node --import tsx bench/password-reset-timing.ts [pairs]        (PGlite in memory)
 *   BENCH_ENGINE=postgres node --import tsx bench/password-reset-timing.ts [pairs]
 */
export async function benchPasswordResetTiming(pairs = Number(process.argv[2] ?? 400)): Promise<void> {
  await benchAccountTiming(
    {
      label: 'password reset',
      url: '/api/v1/auth/password-reset',
      payload: (email) => ({ email }),
      status: 202,
      clockStepMs: 2 * 60 * 60 * 1000,
      warmUps: 30,
    },
    pairs,
  );
}

if (import.meta.url === `file://${process.argv[1]}`) {
  await benchPasswordResetTiming();
}
