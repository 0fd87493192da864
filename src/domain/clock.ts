/**
 * Everything that reads time takes a Clock, so that every time rule can be tested at the
 * instant just before, at and just after its boundary.
 */
export interface Clock {
  now(): Date;
}
