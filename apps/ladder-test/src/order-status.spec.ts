import type { TrackedOrder } from '@truex-mm/order-adapter';
import { filledQuantity, finalOutcome } from './order-status';

function order(fields: Partial<TrackedOrder>): TrackedOrder {
  return {
    clOrdId: 'c1',
    key: 'buy-1-1',
    side: 'buy',
    price: '96995',
    quantity: '0.0010',
    cumQty: '0',
    leavesQty: '0.0010',
    state: 'New',
    createdAtMs: 1000,
    ackedAtMs: 1002,
    updatedAtMs: 1002,
    ...fields,
  };
}

describe('finalOutcome: how an order of the ladder ended', () => {
  it('an order that filled during monitoring reads filled, not acknowledged', () => {
    expect(finalOutcome(order({ state: 'Filled', cumQty: '0.001', leavesQty: '0' }), '0.001', false, 5000)).toBe(
      'filled',
    );
  });

  it('an order that filled in part and was cancelled reads partially-filled, with the filled quantity', () => {
    const o = order({ state: 'Canceled', cumQty: '0.0004', leavesQty: '0' });
    expect(filledQuantity(o, '0.0004')).toBe('0.0004');
    expect(finalOutcome(o, '0.0004', true, 5000)).toBe('partially-filled');
  });

  it('the venue’s CumQty counts even when a fill report was missed', () => {
    expect(filledQuantity(order({ cumQty: '0.0006' }), '0.0002')).toBe('0.0006');
  });

  it('orders that may still rest at the venue say so', () => {
    expect(finalOutcome(order({ state: 'PendingCancel' }), '0', true, 5000)).toBe('cancel-timeout');
    expect(finalOutcome(order({ state: 'New' }), '0', false, 5000)).toBe('left-open');
    expect(finalOutcome(order({ state: 'PartiallyFilled', cumQty: '0.0001' }), '0.0001', false, 5000)).toBe(
      'left-open',
    );
  });

  it('cancelled, rejected, expired, and acknowledged too late', () => {
    expect(finalOutcome(order({ state: 'Canceled' }), '0', true, 5000)).toBe('canceled');
    expect(finalOutcome(order({ state: 'Rejected', ackedAtMs: undefined }), '0', false, 5000)).toBe('rejected');
    expect(finalOutcome(order({ state: 'Expired' }), '0', false, 5000)).toBe('expired');
    expect(finalOutcome(order({ state: 'Canceled', ackedAtMs: 7000 }), '0', true, 5000)).toBe('timeout');
    expect(finalOutcome(undefined, '0', false, 5000)).toBe('timeout');
  });
});
