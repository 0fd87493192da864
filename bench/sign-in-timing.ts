import { benchAccountTiming } from './account-timing.js';

/**
 * Does a refused sign-in reveal whether the e-mail has an account, now that a wrong password for
 * an existing account writes `user.sign-in-failed` (decision 015, amendment)? Pairs of
 * wrong-password `POST /auth/login` for an existing account and an unknown e-mail
 * (benchAccountTiming says how they are sent and judged).
 *
 *   node --import tsx bench/sign-in-timing.ts [pairs]        (PGlite in memory)
 *   BENCH_ENGINE=postgres node --import tsx bench/sign-in-timing.ts [pairs]
 */
export async function benchSignInTiming(pairs = Number(process.argv[2] ?? 200)): Promise<void> {
  await benchAccountTiming(
    {
      label: 'refused sign-in',
      url: '/api/v1/auth/login',
      payload: (email) => ({ email, password: 'not-the-password' }),
      status: 401,
      clockStepMs: 20 * 60 * 1000,
      warmUps: 20,
    },
    pairs,
  );
}

if (import.meta.url === `file://${process.argv[1]}`) {
  await benchSignInTiming();
}
