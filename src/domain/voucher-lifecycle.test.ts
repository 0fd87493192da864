import { describe, expect, it } from 'vitest';
import { DomainError } from './errors.js';
import {
  assertTransition,
  availableEvents,
  canTransition,
  liveVoucherStatuses,
  voucherStatuses,
  type VoucherEvent,
  type VoucherStatus,
} from './voucher-lifecycle.js';

// The transition table of domain.md, "Voucher lifecycle", written out by hand (never derived
// from `voucherTransitions`): for each event, the status it leads to from each allowed status.
// `changeProjectManager` changes data only, so the status stays.
const expected: Record<VoucherEvent, Partial<Record<VoucherStatus, VoucherStatus>>> = {
  reserve: { assigned: 'reserved' },
  release: { reserved: 'assigned' },
  complete: { reserved: 'completed' },
  redeem: { completed: 'redeemed' },
  cancel: { assigned: 'cancelled' },
  expire: { assigned: 'expired', reserved: 'expired', completed: 'expired' },
  changeProjectManager: { assigned: 'assigned' },
};

const events = Object.keys(expected) as VoucherEvent[];
const pairs = events.flatMap((event) => voucherStatuses.map((status) => [event, status] as const));

function thrown(run: () => unknown): DomainError {
  try {
    run();
  } catch (error) {
    if (error instanceof DomainError) {
      return error;
    }
    throw error;
  }
  throw new Error('expected a DomainError');
}

describe('the voucher transition table', () => {
  it('knows exactly the six statuses of domain.md', () => {
    expect([...voucherStatuses].sort()).toEqual([
      'assigned',
      'cancelled',
      'completed',
      'expired',
      'redeemed',
      'reserved',
    ]);
  });

  it.each(pairs)('%s from %s: allowed exactly as domain.md draws it', (event, status) => {
    const to = expected[event][status];
    expect(canTransition(event, status)).toBe(to !== undefined);
    if (to !== undefined) {
      expect(assertTransition(event, status)).toBe(to);
      return;
    }
    const error = thrown(() => assertTransition(event, status));
    expect(error.code).toBe('invalid-transition');
    // The refusal names the current status and the statuses that would allow the event.
    expect(error.detail).toContain(`a voucher that is ${status}`);
    for (const from of Object.keys(expected[event])) {
      expect(error.detail).toContain(from);
    }
  });

  it('refuses to redeem a voucher twice with invalid-transition', () => {
    expect(thrown(() => assertTransition('redeem', 'redeemed')).detail).toBe(
      'cannot redeem a voucher that is redeemed; it must be completed',
    );
  });

  it('refuses to cancel a reserved voucher (our decision: cancel only while assigned)', () => {
    expect(thrown(() => assertTransition('cancel', 'reserved')).detail).toBe(
      'cannot cancel a voucher that is reserved; it must be assigned',
    );
  });

  it('treats redeemed, cancelled and expired as final: no event leaves them', () => {
    for (const status of ['redeemed', 'cancelled', 'expired'] as const) {
      expect(events.filter((event) => canTransition(event, status))).toEqual([]);
    }
  });

  it('lets the sweep expire only vouchers that still hold their days (assigned, reserved, completed)', () => {
    expect([...liveVoucherStatuses].sort()).toEqual(['assigned', 'completed', 'reserved']);
  });
});

describe('availableEvents (the actions a client may offer)', () => {
  const cases: [VoucherStatus, VoucherEvent[]][] = [
    ['assigned', ['reserve', 'cancel', 'changeProjectManager']],
    ['reserved', ['release', 'complete']],
    ['completed', ['redeem']],
    ['redeemed', []],
    ['cancelled', []],
    ['expired', []],
  ];
  it.each(cases)('offers for %s exactly %j (never expire: only the sweep does that)', (status, wanted) => {
    expect([...availableEvents(status)].sort()).toEqual([...wanted].sort());
  });
});
