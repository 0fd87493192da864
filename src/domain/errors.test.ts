import { describe, expect, it } from 'vitest';
import { passes, refusal, withoutStackTraces } from './errors.js';

describe('dry runs of checks (availableActions)', () => {
  const refuse = () => {
    throw refusal('deadline-passed', 'voucher.paymentDue', { code: 'PS-AAAA-BBBB', paymentDueBy: '2021-05-01' });
  };

  it('a check that returns passes; one that refuses does not', () => {
    expect(passes(() => undefined)).toBe(true);
    expect(passes(refuse)).toBe(false);
  });

  it('makes the refusals without a stack, and restores the limit after, on a refusal too', () => {
    const limit = Error.stackTraceLimit;
    const made = withoutStackTraces(() =>
      refusal('deadline-passed', 'voucher.paymentDue', { code: 'X', paymentDueBy: '2021-05-01' }),
    );
    expect(made.stack?.split('\n').filter((line) => line.trim().startsWith('at '))).toEqual([]);
    expect(made.detail).toContain('2021-05-01');
    passes(refuse);
    expect(() => withoutStackTraces(refuse)).toThrow();
    expect(Error.stackTraceLimit).toBe(limit);
    expect(new Error('after').stack).toMatch(/\n\s+at /);
  });

  it('a bug in a check is thrown with its stack, not taken for a refusal', () => {
    const buggy = () => {
      throw new TypeError('undefined is not a function');
    };
    let thrown: unknown;
    try {
      passes(buggy);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(TypeError);
    expect((thrown as Error).stack).toMatch(/\n\s+at /);
  });
});
