import { ManualClock } from '@truex-mm/clock';
import { Tag } from '@truex-mm/fix-codec';
import { ClOrdIdGenerator } from './cl-ord-id-generator';
import { OrderAdapter } from './order-adapter';
import { RecordingSender, businessReject, cancelReject, executionReport, inbound } from './order-entry.test-util';
import type { OrderState } from './order-state';
import type { Fill, TrackedOrder } from './tracked-order';

const PARTY = '12345678901234567';

function setup(): {
  adapter: OrderAdapter;
  sender: RecordingSender;
  clock: ManualClock;
  fills: Fill[];
  states: Array<[string, OrderState]>;
  rejects: Array<[string, string]>;
} {
  const clock = new ManualClock(Date.UTC(2026, 0, 1));
  const sender = new RecordingSender();
  const adapter = new OrderAdapter({
    partyId: PARTY,
    clock,
    sender,
    ackTimeoutMs: 5000,
    clOrdIds: new ClOrdIdGenerator({ clock, prefix: 'T' }),
  });
  const fills: Fill[] = [];
  const states: Array<[string, OrderState]> = [];
  const rejects: Array<[string, string]> = [];
  adapter.on('fill', (f) => fills.push(f));
  adapter.on('order', (o) => states.push([o.clOrdId, o.state]));
  adapter.on('reject', (o, text) => rejects.push([o.clOrdId, text]));
  return { adapter, sender, clock, fills, states, rejects };
}

function placeAcked(adapter: OrderAdapter, orderId = '1922892243'): TrackedOrder {
  const order = adapter.placeOrder({ key: 'buy-1-1', side: 'buy', price: '100000', quantity: '0.01' })!;
  adapter.onMessage(
    executionReport({ clOrdId: order.clOrdId, orderId, execType: 'A', ordStatus: 'A', leavesQty: '0' }),
  );
  adapter.onMessage(executionReport({ clOrdId: order.clOrdId, orderId, execType: '0', ordStatus: '0' }));
  return order;
}

describe('OrderAdapter requests', () => {
  it('sends a post-only GTC limit NewOrderSingle with Parties and the symbol', () => {
    const { adapter, sender } = setup();
    const order = adapter.placeOrder({ key: 'sell-2-1', side: 'sell', price: '113406.5', quantity: '0.0012' })!;
    expect(order).toMatchObject({
      state: 'PendingNew',
      side: 'sell',
      key: 'sell-2-1',
      cumQty: '0',
      leavesQty: '0.0012',
    });
    const sent = sender.last();
    expect(sent.msgType).toBe('D');
    expect(sent.body).toEqual([
      [Tag.ClOrdID, order.clOrdId],
      [Tag.ExecInst, '6'],
      [Tag.Symbol, 'BTC-PYUSD'],
      [Tag.Side, '2'],
      [Tag.OrderQty, '0.0012'],
      [Tag.OrdType, '2'],
      [Tag.Price, '113406.5'],
      [Tag.TimeInForce, '1'],
      [Tag.NoPartyIDs, '1'],
      [Tag.PartyID, PARTY],
      [Tag.PartyRole, '3'],
    ]);
    expect(order.clOrdId.length).toBeLessThanOrEqual(18);
    expect(adapter.liveOrders().map((o) => o.clOrdId)).toEqual([order.clOrdId]);
    expect(adapter.liveOrderCount()).toBe(1);
  });

  it('does not create a live order when the session is down, and says why', () => {
    const { adapter, sender } = setup();
    const failures: string[] = [];
    adapter.on('request-failed', (reason) => failures.push(reason));
    sender.up = false;
    expect(adapter.placeOrder({ key: 'k', side: 'buy', price: '100000', quantity: '0.01' })).toBeUndefined();
    expect(adapter.liveOrders()).toEqual([]);
    expect(adapter.liveOrderCount()).toBe(0);
    expect(failures).toEqual(['SESSION_DOWN']);
    expect(adapter.placeOrder({ key: 'k', side: 'buy', price: '1e5', quantity: '0.01' })).toBeUndefined();
    expect(failures).toEqual(['SESSION_DOWN', 'INVALID_REQUEST']);
    expect(adapter.counters().requestFailures).toBe(2);
  });

  it('can send without post-only', () => {
    const clock = new ManualClock(0);
    const sender = new RecordingSender();
    const adapter = new OrderAdapter({ partyId: PARTY, clock, sender, postOnly: false, symbol: 'ETH-PYUSD' });
    adapter.placeOrder({ key: 'k', side: 'buy', price: '3000', quantity: '1' });
    expect(sender.field(Tag.ExecInst)).toBeUndefined();
    expect(sender.field(Tag.Symbol)).toBe('ETH-PYUSD');
  });
});

describe('OrderAdapter execution reports', () => {
  it('follows PendingNew → New → PartiallyFilled → Filled and emits reproducible fills with fees', () => {
    const { adapter, fills, states } = setup();
    const order = placeAcked(adapter);
    const id = order.clOrdId;
    adapter.onMessage(
      executionReport({
        clOrdId: id,
        execId: 'x1',
        execType: 'F',
        ordStatus: '1',
        lastQty: '0.004',
        lastPx: '99999.5',
        leavesQty: '0.006',
        cumQty: '0.004',
        lastLiquidityInd: '1',
        transactTime: '20260101-00:00:01.250000',
        fees: [
          { amount: '0.02', type: '4' },
          { amount: '0.005', type: '7' },
        ],
      }),
    );
    adapter.onMessage(
      executionReport({
        clOrdId: id,
        execId: 'x2',
        execType: 'F',
        ordStatus: '2',
        lastQty: '0.006',
        lastPx: '100000',
        leavesQty: '0',
        cumQty: '0.01',
      }),
    );
    expect(states.map(([, s]) => s)).toEqual(['PendingNew', 'PendingNew', 'New', 'PartiallyFilled', 'Filled']);
    expect(fills).toEqual([
      {
        execId: 'x1',
        clOrdId: id,
        orderId: '1922892243',
        side: 'buy',
        quantity: '0.004',
        price: '99999.5',
        fee: '0.025',
        // Added (issue 12): fees by currency and the fill's source; no 138 here, so both count as quote currency.
        fees: [
          { amount: '0.02', type: '4' },
          { amount: '0.005', type: '7' },
        ],
        source: 'fix',
        liquidity: '1',
        timeMs: Date.UTC(2026, 0, 1, 0, 0, 1, 250),
      },
      expect.objectContaining({ execId: 'x2', quantity: '0.006', price: '100000', fee: '0' }),
    ]);
    expect(adapter.order(id)).toMatchObject({ state: 'Filled', cumQty: '0.01', leavesQty: '0', orderId: '1922892243' });
    expect(adapter.liveOrders()).toEqual([]);
  });

  it('emits every report with its raw FIX for persistence, and ignores a duplicate ExecID', () => {
    const { adapter, fills } = setup();
    const raws: string[] = [];
    adapter.on('execution', (_er, raw) => raws.push(raw));
    const order = placeAcked(adapter);
    const trade = executionReport({
      clOrdId: order.clOrdId,
      execId: 'dup',
      execType: 'F',
      ordStatus: '1',
      lastQty: '0.001',
      lastPx: '100000',
      leavesQty: '0.009',
      cumQty: '0.001',
    });
    adapter.onMessage(trade);
    adapter.onMessage(trade);
    expect(fills).toHaveLength(1);
    expect(adapter.counters().duplicateExecIds).toBe(1);
    expect(raws).toHaveLength(3);
    expect(raws[2]).toContain('\x0135=8\x01');
    expect(raws[2]).toContain('\x0117=dup\x01');
  });

  it('rejects before acceptance (37=NONE) carry the venue text', () => {
    const { adapter, rejects } = setup();
    const order = adapter.placeOrder({ key: 'k', side: 'buy', price: '100000', quantity: '0.01' })!;
    adapter.onMessage(
      executionReport({
        clOrdId: order.clOrdId,
        orderId: 'NONE',
        execType: '8',
        ordStatus: '8',
        leavesQty: '0',
        text: 'Invalid client',
      }),
    );
    expect(adapter.order(order.clOrdId)).toMatchObject({ state: 'Rejected', rejectText: 'Invalid client' });
    expect(adapter.order(order.clOrdId)?.orderId).toBeUndefined();
    expect(rejects).toEqual([[order.clOrdId, 'Invalid client']]);
    expect(adapter.counters().rejects).toBe(1);
    expect(adapter.liveOrders()).toEqual([]);
  });

  it('logs and counts an illegal transition without applying it', () => {
    const { adapter } = setup();
    const order = placeAcked(adapter);
    adapter.onMessage(
      executionReport({
        clOrdId: order.clOrdId,
        execType: '4',
        ordStatus: '4',
        leavesQty: '0',
        text: 'Order parameter request',
      }),
    );
    adapter.onMessage(executionReport({ clOrdId: order.clOrdId, execType: '0', ordStatus: '0' }));
    expect(adapter.order(order.clOrdId)?.state).toBe('Canceled');
    expect(adapter.counters().illegalTransitions).toBe(1);
  });

  it('counts malformed and foreign messages without throwing', () => {
    const { adapter } = setup();
    // 35=8 without ExecID (17) and ExecType (150).
    adapter.onMessage(
      inbound('8', [
        [Tag.OrderID, '1'],
        [Tag.ClOrdID, 'X'],
      ]),
    );
    adapter.onMessage(executionReport({ clOrdId: 'NOT-OURS', execType: '0', ordStatus: '0' }));
    expect(adapter.counters()).toMatchObject({ malformedMessages: 1, unmatchedReports: 1 });
  });
});

describe('OrderAdapter cancel', () => {
  it('sends 35=F with a fresh ClOrdID, 41 and Parties; the ack that carries 41 maps back to the order', () => {
    const { adapter, sender, states } = setup();
    const order = placeAcked(adapter);
    expect(adapter.cancelOrder(order.clOrdId)).toBe(true);
    const cancel = sender.last();
    expect(cancel.msgType).toBe('F');
    const cancelId = sender.field(Tag.ClOrdID)!;
    expect(cancelId).not.toBe(order.clOrdId);
    expect(cancel.body).toEqual([
      [Tag.ClOrdID, cancelId],
      [Tag.OrigClOrdID, order.clOrdId],
      [Tag.NoPartyIDs, '1'],
      [Tag.PartyID, PARTY],
      [Tag.PartyRole, '3'],
    ]);
    expect(adapter.order(order.clOrdId)?.state).toBe('PendingCancel');
    expect(adapter.liveOrders()).toHaveLength(1);
    adapter.onMessage(
      executionReport({ clOrdId: cancelId, origClOrdId: order.clOrdId, execType: '4', ordStatus: '4', leavesQty: '0' }),
    );
    expect(adapter.order(order.clOrdId)?.state).toBe('Canceled');
    expect(states.at(-1)).toEqual([order.clOrdId, 'Canceled']);
    expect(adapter.liveOrders()).toEqual([]);
    expect(adapter.cancelOrder(order.clOrdId)).toBe(false);
  });

  it('35=9 restores the prior state, including a fill that arrived while the cancel was pending', () => {
    const { adapter, sender, fills } = setup();
    const order = placeAcked(adapter);
    adapter.cancelOrder(order.clOrdId);
    const cancelId = sender.field(Tag.ClOrdID)!;
    adapter.onMessage(
      executionReport({
        clOrdId: order.clOrdId,
        execType: 'F',
        ordStatus: '1',
        lastQty: '0.003',
        lastPx: '100000',
        leavesQty: '0.007',
        cumQty: '0.003',
      }),
    );
    expect(adapter.order(order.clOrdId)).toMatchObject({ state: 'PendingCancel', cumQty: '0.003' });
    expect(fills).toHaveLength(1);
    const cancelRejects: string[] = [];
    adapter.on('cancel-reject', (_o, text) => cancelRejects.push(text));
    adapter.onMessage(
      cancelReject({
        orderId: '1922892243',
        clOrdId: cancelId,
        origClOrdId: order.clOrdId,
        cxlRejResponseTo: '1',
        cxlRejReason: '0',
        text: 'Too late to cancel',
      }),
    );
    expect(adapter.order(order.clOrdId)?.state).toBe('PartiallyFilled');
    expect(adapter.liveOrders().map((o) => o.clOrdId)).toEqual([order.clOrdId]);
    expect(cancelRejects).toEqual(['Too late to cancel']);
  });

  // Changed (issue 11): 102=1 no longer books the order Canceled: it may have filled before it went, so it becomes
  // Unknown, stays on the books and asks for the venue's status. It used to end Canceled and leave the live list.
  it('35=9 with 102=1 (unknown order) makes the order Unknown and asks for its status', () => {
    const { adapter, sender } = setup();
    const requests: string[] = [];
    adapter.on('status-needed', (r) => requests.push(`${r.clOrdId}:${r.reason}`));
    const order = placeAcked(adapter);
    adapter.cancelOrder(order.clOrdId);
    adapter.onMessage(
      cancelReject({
        orderId: 'NONE',
        clOrdId: sender.field(Tag.ClOrdID)!,
        origClOrdId: order.clOrdId,
        cxlRejResponseTo: '1',
        cxlRejReason: '1',
      }),
    );
    expect(adapter.order(order.clOrdId)).toMatchObject({ state: 'Unknown', statusNeeded: 'unknown-order' });
    expect(adapter.order(order.clOrdId)?.rejectText).toMatch(/unknown order/);
    expect(adapter.liveOrders().map((o) => o.clOrdId)).toEqual([order.clOrdId]);
    expect(requests).toEqual([`${order.clOrdId}:unknown-order`]);
  });

  it('treats an unsolicited venue cancel (11 = 41 = the order) as Canceled', () => {
    const { adapter } = setup();
    const order = placeAcked(adapter);
    adapter.onMessage(
      executionReport({
        clOrdId: order.clOrdId,
        origClOrdId: order.clOrdId,
        execType: '4',
        ordStatus: '4',
        leavesQty: '0',
        text: 'Order parameter request',
      }),
    );
    expect(adapter.order(order.clOrdId)?.state).toBe('Canceled');
  });
});

describe('OrderAdapter replace', () => {
  it('makes the new ClOrdID the live order and ends the old one Replaced', () => {
    const { adapter, sender, fills } = setup();
    const original = placeAcked(adapter);
    const replacement = adapter.replaceOrder(original.clOrdId, { price: '100000.5', quantity: '0.02' })!;
    expect(sender.last().msgType).toBe('G');
    expect(sender.last().body).toEqual([
      [Tag.ClOrdID, replacement.clOrdId],
      [Tag.OrigClOrdID, original.clOrdId],
      [Tag.OrderQty, '0.02'],
      [Tag.OrdType, '2'],
      [Tag.Price, '100000.5'],
      [Tag.NoPartyIDs, '1'],
      [Tag.PartyID, PARTY],
      [Tag.PartyRole, '3'],
    ]);
    expect(replacement).toMatchObject({ state: 'PendingReplace', origClOrdId: original.clOrdId, key: 'buy-1-1' });
    expect(adapter.order(original.clOrdId)?.state).toBe('PendingReplace');
    expect(adapter.liveOrders().map((o) => o.clOrdId)).toEqual([replacement.clOrdId]);

    const ids = { clOrdId: replacement.clOrdId, origClOrdId: original.clOrdId, price: '100000.5', orderQty: '0.02' };
    adapter.onMessage(executionReport({ ...ids, execType: 'E', ordStatus: 'E' }));
    expect(adapter.order(replacement.clOrdId)?.ackedAtMs).toBeUndefined();
    adapter.onMessage(executionReport({ ...ids, execType: '5', ordStatus: '0', leavesQty: '0.02' }));
    expect(adapter.order(replacement.clOrdId)?.state).toBe('New');
    expect(adapter.order(replacement.clOrdId)?.ackedAtMs).toBeDefined();
    expect(adapter.order(original.clOrdId)?.state).toBe('Replaced');
    adapter.onMessage(
      executionReport({
        clOrdId: replacement.clOrdId,
        execType: 'F',
        ordStatus: '1',
        lastQty: '0.005',
        lastPx: '100000.5',
        leavesQty: '0.015',
        cumQty: '0.005',
      }),
    );
    expect(fills).toEqual([expect.objectContaining({ clOrdId: replacement.clOrdId, quantity: '0.005' })]);
    expect(adapter.liveOrders().map((o) => [o.clOrdId, o.state])).toEqual([[replacement.clOrdId, 'PartiallyFilled']]);
    expect(adapter.counters().illegalTransitions).toBe(0);
  });

  it('a rejected replace (35=9, 434=2) leaves the original live as it was', () => {
    const { adapter } = setup();
    const original = placeAcked(adapter);
    const replacement = adapter.replaceOrder(original.clOrdId, { price: '100001', quantity: '0.01' })!;
    adapter.onMessage(
      cancelReject({
        orderId: '1922892243',
        clOrdId: replacement.clOrdId,
        origClOrdId: original.clOrdId,
        cxlRejResponseTo: '2',
        cxlRejReason: '8',
        text: 'Order outside book price bands',
      }),
    );
    expect(adapter.order(replacement.clOrdId)).toMatchObject({
      state: 'Rejected',
      rejectText: 'Order outside book price bands',
    });
    expect(adapter.order(original.clOrdId)?.state).toBe('New');
    expect(adapter.liveOrders().map((o) => o.clOrdId)).toEqual([original.clOrdId]);
  });

  it('refuses to replace an order that is not yet acknowledged', () => {
    const { adapter } = setup();
    const order = adapter.placeOrder({ key: 'k', side: 'buy', price: '100000', quantity: '0.01' })!;
    expect(adapter.replaceOrder(order.clOrdId, { price: '100001', quantity: '0.01' })).toBeUndefined();
  });
});

describe('OrderAdapter timeouts and business rejects', () => {
  it('flags an unanswered order, cancels it, then gives it up as Unknown; a late report still resolves it', () => {
    const { adapter, sender, clock } = setup();
    const order = adapter.placeOrder({ key: 'k', side: 'buy', price: '100000', quantity: '0.01' })!;
    clock.advance(4999);
    adapter.checkTimeouts();
    expect(sender.sent).toHaveLength(1);
    clock.advance(1);
    adapter.checkTimeouts();
    expect(sender.last().msgType).toBe('F');
    expect(sender.field(Tag.OrigClOrdID)).toBe(order.clOrdId);
    expect(adapter.order(order.clOrdId)).toMatchObject({ state: 'PendingCancel', timedOut: true });
    clock.advance(5000);
    adapter.checkTimeouts();
    expect(adapter.order(order.clOrdId)?.state).toBe('Unknown');
    // Changed (issue 11): an Unknown order stays on the books (live list, open-order count) until resolved; it used
    // to leave the live list.
    expect(adapter.liveOrders().map((o) => o.state)).toEqual(['Unknown']);
    expect(adapter.ordersNeedingStatus()).toEqual([{ clOrdId: order.clOrdId, reason: 'no-answer' }]);
    expect(adapter.counters()).toMatchObject({ timeouts: 2, unknownOrders: 1 });
    adapter.onMessage(executionReport({ clOrdId: order.clOrdId, execType: '0', ordStatus: '0' }));
    expect(adapter.order(order.clOrdId)?.state).toBe('New');
    expect(adapter.liveOrders()).toHaveLength(1);
  });

  it('cancels both ClOrdIDs of an unanswered replace', () => {
    const { adapter, sender, clock } = setup();
    const original = placeAcked(adapter);
    const replacement = adapter.replaceOrder(original.clOrdId, { price: '100001', quantity: '0.01' })!;
    clock.advance(5000);
    adapter.checkTimeouts();
    const cancels = sender.sent.filter((m) => m.msgType === 'F').map((m) => sender.field(Tag.OrigClOrdID, m));
    expect(cancels).toEqual([replacement.clOrdId, original.clOrdId]);
    expect(adapter.liveOrders().map((o) => o.state)).toEqual(['PendingCancel', 'PendingCancel']);
  });

  it('a throttle reject (35=j 380=8) on a new order rejects it and signals throttle, not a reject', () => {
    const { adapter, sender, rejects } = setup();
    const throttles: number[] = [];
    adapter.on('throttle', (r) => throttles.push(r.businessRejectReason));
    const order = adapter.placeOrder({ key: 'k', side: 'buy', price: '100000', quantity: '0.01' })!;
    adapter.onMessage(
      businessReject({ refSeqNum: sender.last().seq, refMsgType: 'D', businessRejectReason: 8, text: 'Throttle' }),
    );
    expect(adapter.order(order.clOrdId)).toMatchObject({ state: 'Rejected', rejectText: 'Throttle' });
    expect(throttles).toEqual([8]);
    expect(rejects).toEqual([]);
    expect(adapter.counters()).toMatchObject({ throttleRejects: 1, rejects: 0 });
  });

  it('a business reject naming the ClOrdID (379) rejects that order with its text', () => {
    const { adapter, rejects } = setup();
    const order = adapter.placeOrder({ key: 'k', side: 'sell', price: '100000', quantity: '0.01' })!;
    adapter.onMessage(
      businessReject({
        refMsgType: 'D',
        businessRejectRefId: order.clOrdId,
        businessRejectReason: 5,
        text: 'Missing tag',
      }),
    );
    expect(rejects).toEqual([[order.clOrdId, 'Missing tag']]);
  });

  it('forgets terminal orders after the retention time', () => {
    const { adapter, clock } = setup();
    const order = placeAcked(adapter);
    adapter.onMessage(executionReport({ clOrdId: order.clOrdId, execType: '4', ordStatus: '4', leavesQty: '0' }));
    clock.advance(59_999);
    adapter.checkTimeouts();
    expect(adapter.order(order.clOrdId)).toBeDefined();
    clock.advance(1);
    adapter.checkTimeouts();
    expect(adapter.order(order.clOrdId)).toBeUndefined();
  });
});
