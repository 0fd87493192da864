import type { Clock } from '../domain/clock.js';

export const systemClock: Clock = { now: () => new Date() };

/**
 * The demo/test clock of `SAPS_SIMULATED_CLOCK`: it starts at a given instant and advances in
 * real time from the last value set (api.md, "Clock"). It lives in the process: a simulated
 * clock is for a single demo or test server, never for production (decision 004).
 */
export class SimulatedClock implements Clock {
  private base: number;
  private setAt: number;

  constructor(
    start: Date,
    private readonly realNow: () => number = Date.now,
  ) {
    this.base = start.getTime();
    this.setAt = realNow();
  }

  now(): Date {
    return new Date(this.base + (this.realNow() - this.setAt));
  }

  set(instant: Date): void {
    this.base = instant.getTime();
    this.setAt = this.realNow();
  }
}
