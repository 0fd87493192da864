import type { Clock } from '../../src/domain/clock.js';

/** A clock tests move by hand, to stand just before, at and just after each boundary. */
export class TestClock implements Clock {
  private at: Date;

  constructor(start: Date | string) {
    this.at = new Date(start);
  }

  now(): Date {
    return new Date(this.at);
  }

  set(instant: Date | string): void {
    this.at = new Date(instant);
  }

  advance(ms: number): void {
    this.at = new Date(this.at.getTime() + ms);
  }
}
