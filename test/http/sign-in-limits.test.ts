import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../support/app.js';
import { engine } from '../support/database.js';

/** Decision 015: sign-in limits counted before argon2, and designed against lock-outs. */
let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp();
});
afterAll(async () => {
  await t.close();
});

const signIn = (email: string, password: string, remoteAddress: string) =>
  t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email, password }, remoteAddress });

function tally(statuses: number[]): Record<number, number> {
  const counts: Record<number, number> = {};
  for (const status of statuses) {
    counts[status] = (counts[status] ?? 0) + 1;
  }
  return counts;
}

describe(`sign-in limits counted before the password is checked (${engine})`, () => {
  it('a concurrent burst of 40 wrong passwords gets exactly 5 evaluated, the rest 429', async () => {
    const burst = await Promise.all(
      Array.from({ length: 40 }, () => signIn('finance@saps.example', 'wrong-password', '10.20.0.1')),
    );
    expect(tally(burst.map((r) => r.statusCode))).toEqual({ 401: 5, 429: 35 });
  });

  it('the right password inside a concurrent burst of 25 is not accepted once the limit is reached', async () => {
    const email = 'benefits@northwind.example';
    const guesses = Array.from({ length: 25 }, (_, i) => (i === 15 ? 'demo-password' : `wrong-${i}`));
    // A fresh window: at most 5 guesses of the burst are evaluated, whatever order they arrive in.
    const first = await Promise.all(guesses.map((password) => signIn(email, password, '10.20.0.2')));
    const evaluated = first.filter((r) => r.statusCode !== 429);
    expect(evaluated.length).toBeLessThanOrEqual(5);
    expect(first.filter((r) => r.statusCode === 401).length).toBeLessThanOrEqual(5);
    // The limit reached: a second burst with the right password in it gets nothing evaluated.
    const second = await Promise.all(guesses.map((password) => signIn(email, password, '10.20.0.2')));
    expect(tally(second.map((r) => r.statusCode))).toEqual({ 429: 25 });
  });
});

describe(`lock-outs as denial of service (decision 015, ${engine})`, () => {
  it("five wrong passwords from an attacker's address do not lock the user out of their own client", async () => {
    const email = 'pm@northwind.example';
    for (let i = 0; i < 5; i += 1) {
      expect((await signIn(email, 'wrong-password', '10.30.0.66')).statusCode).toBe(401);
    }
    expect((await signIn(email, 'demo-password', '10.30.0.66')).statusCode).toBe(429);
    expect((await signIn(email, 'demo-password', '10.30.0.1')).statusCode).toBe(200);
  });

  it('an attacker rotating addresses hits the account cap of 30, which spares the addresses the user signed in from', async () => {
    const email = 'consultant@fabrikam.example';
    expect((await signIn(email, 'demo-password', '10.31.0.1')).statusCode).toBe(200);
    const statuses: number[] = [];
    for (let i = 0; i < 31; i += 1) {
      statuses.push((await signIn(email, 'wrong-password', `10.31.1.${i + 1}`)).statusCode);
    }
    // Failures 1–30 are evaluated, the 31st is refused before its password is checked.
    expect(tally(statuses)).toEqual({ 401: 30, 429: 1 });
    expect((await signIn(email, 'demo-password', '10.31.2.1')).statusCode).toBe(429);
    expect((await signIn(email, 'demo-password', '10.31.0.1')).statusCode).toBe(200);
  });

  it('fifty failures from an office address block new accounts there, not the people who signed in from it before', async () => {
    const office = '10.32.0.1';
    expect((await signIn('admin@tailspin.example', 'demo-password', office)).statusCode).toBe(200);
    const statuses: number[] = [];
    for (let i = 0; i < 51; i += 1) {
      statuses.push((await signIn(`nobody${i}@example.com`, 'wrong-password', office)).statusCode);
    }
    expect(tally(statuses)).toEqual({ 401: 50, 429: 1 });
    expect((await signIn('operator@saps.example', 'demo-password', office)).statusCode).toBe(429);
    expect((await signIn('admin@tailspin.example', 'demo-password', office)).statusCode).toBe(200);
    expect((await signIn('operator@saps.example', 'demo-password', '10.32.0.2')).statusCode).toBe(200);
  });

  it('addresses of one IPv6 /64 count as one client', async () => {
    const email = 'admin@fabrikam.example';
    for (let i = 1; i <= 5; i += 1) {
      expect((await signIn(email, 'wrong-password', `2001:db8:1:2::${i}`)).statusCode).toBe(401);
    }
    expect((await signIn(email, 'wrong-password', '2001:db8:1:2:ffff::9')).statusCode).toBe(429);
    expect((await signIn(email, 'demo-password', '2001:db8:1:3::1')).statusCode).toBe(200);
  });

  it('a successful sign-in gives its place back: only failures use up the limit', async () => {
    const email = 'operator@saps.example';
    for (let i = 0; i < 4; i += 1) {
      expect((await signIn(email, 'wrong-password', '10.33.0.1')).statusCode).toBe(401);
    }
    for (let i = 0; i < 3; i += 1) {
      expect((await signIn(email, 'demo-password', '10.33.0.1')).statusCode).toBe(200);
    }
    expect((await signIn(email, 'wrong-password', '10.33.0.1')).statusCode).toBe(401);
    expect((await signIn(email, 'wrong-password', '10.33.0.1')).statusCode).toBe(429);
  });
});
