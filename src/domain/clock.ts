/**
 * Everything that reads time takes a Clock, so that every time rule can be tested at the
 * instant just before, at and just after its boundary.
 */
export interface Clock {
  now(): Date;
}

/** A clock that always answers the same instant (tests, dry runs such as `saps simulate`). */
export function fixedClock(at: Date | string): Clock {
  const instant = new Date(at);
  return { now: () => new Date(instant) };
}
