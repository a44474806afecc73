import { ManualClock } from '@truex-mm/clock';
import { type FixMessage, Tag } from '@truex-mm/fix-codec';
import { ClOrdIdGenerator } from './cl-ord-id-generator';
import { OrderAdapter, type OrderAdapterOptions } from './order-adapter';
import { RecordingSender, businessReject, cancelReject, executionReport, inbound } from './order-entry.test-util';
import type { Fill, TrackedOrder } from './tracked-order';
import type { ExecutionAnomaly, StatusRequest } from './venue-truth';

const PARTY = '12345678901234567';

function setup(extra: Partial<OrderAdapterOptions> = {}) {
  const clock = new ManualClock(Date.UTC(2026, 0, 1));
  const sender = new RecordingSender();
  const adapter = new OrderAdapter({
    partyId: PARTY,
    clock,
    sender,
    clOrdIds: new ClOrdIdGenerator({ clock, prefix: 'T' }),
    ...extra,
  });
  const fills: Fill[] = [];
  const anomalies: ExecutionAnomaly[] = [];
  const halts: string[] = [];
  const statusRequests: StatusRequest[] = [];
  adapter.on('fill', (f) => fills.push(f));
  adapter.on('anomaly', (a) => anomalies.push(a));
  adapter.on('halt-request', (reason) => halts.push(reason));
  adapter.on('status-needed', (r) => statusRequests.push(r));
  return { adapter, sender, clock, fills, anomalies, halts, statusRequests };
}

const FRAMING_TAGS = new Set([8, 9, 35, 49, 56, 34, 52, 10]);

/** The report re-encoded with raw values the codec's types do not allow (what TrueX could send). */
function withRaw(msg: FixMessage, values: Record<number, string>): FixMessage {
  const body = msg
    .fields()
    .filter(([tag]) => !FRAMING_TAGS.has(tag))
    .map(([tag, value]) => [tag, values[tag] ?? value] as const);
  return inbound('8', body);
}

function placeAcked(adapter: OrderAdapter, orderId = '777'): TrackedOrder {
  const order = adapter.placeOrder({ key: 'buy-1-1', side: 'buy', price: '100000', quantity: '0.01' })!;
  adapter.onMessage(executionReport({ clOrdId: order.clOrdId, orderId, execType: '0', ordStatus: '0' }));
  return order;
}

function trade(clOrdId: string, execId: string, lastQty: string, cumQty: string, extra = {}) {
  return executionReport({
    clOrdId,
    orderId: '777',
    execId,
    execType: 'F',
    ordStatus: '1',
    lastQty,
    lastPx: '100000',
    cumQty,
    leavesQty: '0.005',
    ...extra,
  });
}

describe('lossless execution reports', () => {
  it('books a fill whose optional and required enums are outside the dictionary, keeping the raw values', () => {
    const { adapter, fills } = setup();
    const order = placeAcked(adapter);
    const reports: string[] = [];
    adapter.on('execution', (er) => reports.push(String(er.ordStatus)));
    const report = executionReport({
      clOrdId: order.clOrdId,
      execId: 'odd',
      execType: 'F',
      ordStatus: '1',
      lastQty: '0.002',
      lastPx: '100000',
      cumQty: '0.002',
      leavesQty: '0.008',
    });
    adapter.onMessage(withRaw(report, { [Tag.TimeInForce]: '7', [Tag.OrdStatus]: 'Z', [Tag.Side]: '1' }));
    expect(fills).toEqual([expect.objectContaining({ execId: 'odd', quantity: '0.002', source: 'fix' })]);
    expect(reports).toEqual(['Z']);
    expect(adapter.counters()).toMatchObject({ unknownEnumValues: 1, malformedMessages: 0 });
    expect(adapter.order(order.clOrdId)).toMatchObject({ state: 'PartiallyFilled', cumQty: '0.002' });
  });

  it('books a fill even when a field the fill does not take from the report (Side) is unreadable', () => {
    const { adapter, fills } = setup();
    const order = placeAcked(adapter);
    const report = trade(order.clOrdId, 'side?', '0.001', '0.001');
    adapter.onMessage(withRaw(report, { [Tag.Side]: '9' }));
    expect(fills).toEqual([expect.objectContaining({ execId: 'side?', side: 'buy', quantity: '0.001' })]);
    expect(adapter.counters()).toMatchObject({ unknownEnumValues: 1, malformedMessages: 0 });
  });

  it('keeps fees by currency: Fill.fee is the quote currency only, Fill.fees lists all', () => {
    const { adapter, fills } = setup();
    const order = placeAcked(adapter);
    const frame = inbound('8', [
      [Tag.ClOrdID, order.clOrdId],
      [Tag.ExecID, 'fees'],
      [Tag.OrderID, '777'],
      [Tag.Side, '1'],
      [Tag.LastQty, '0.001'],
      [Tag.LastPx, '100000'],
      [Tag.LeavesQty, '0.009'],
      [Tag.CumQty, '0.001'],
      [Tag.Symbol, 'BTC-PYUSD'],
      [Tag.ExecType, 'F'],
      [Tag.OrdStatus, '1'],
      [Tag.NoMiscFees, '3'],
      [Tag.MiscFeeAmt, '0.05'],
      [138, 'PYUSD'],
      [Tag.MiscFeeType, '4'],
      [Tag.MiscFeeAmt, '0.00000001'],
      [138, 'BTC'],
      [Tag.MiscFeeAmt, '0.01'],
    ]);
    adapter.onMessage(frame);
    expect(fills).toHaveLength(1);
    expect(fills[0]).toMatchObject({
      fee: '0.06',
      fees: [
        { amount: '0.05', currency: 'PYUSD', type: '4' },
        { amount: '0.00000001', currency: 'BTC' },
        { amount: '0.01' },
      ],
    });
  });
});

describe('overfills and CumQty regressions', () => {
  it('CumQty above OrderQty: the fill is booked, an overfill anomaly and a halt request are emitted', () => {
    const { adapter, fills, anomalies, halts, statusRequests } = setup();
    const order = placeAcked(adapter);
    adapter.onMessage(trade(order.clOrdId, 'x1', '0.012', '0.012', { ordStatus: '2', leavesQty: '0' }));
    expect(fills.map((f) => f.quantity)).toEqual(['0.012']);
    expect(anomalies.map((a) => [a.kind, a.execId])).toEqual([['overfill', 'x1']]);
    expect(anomalies[0]?.er?.execId).toBe('x1');
    expect(halts).toHaveLength(1);
    expect(statusRequests).toEqual([{ clOrdId: order.clOrdId, orderId: '777', reason: 'anomaly' }]);
    expect(adapter.counters().overfills).toBe(1);
  });

  it('LastQty summing beyond CumQty: the overlapping fill is not booked, and it is reported', () => {
    const { adapter, fills, anomalies } = setup();
    const order = placeAcked(adapter);
    adapter.onMessage(trade(order.clOrdId, 'x1', '0.004', '0.004'));
    adapter.onMessage(trade(order.clOrdId, 'x2', '0.004', '0.004'));
    expect(fills.map((f) => f.execId)).toEqual(['x1']);
    expect(anomalies.map((a) => a.kind)).toEqual(['lastqty-exceeds-cumqty']);
  });

  it('CumQty going backwards: reported, and our CumQty does not decrease', () => {
    const { adapter, anomalies, halts } = setup();
    const order = placeAcked(adapter);
    adapter.onMessage(trade(order.clOrdId, 'x1', '0.004', '0.004'));
    adapter.onMessage(executionReport({ clOrdId: order.clOrdId, execType: '0', ordStatus: '0', cumQty: '0.001' }));
    expect(anomalies.map((a) => a.kind)).toEqual(['cumqty-regression']);
    expect(halts).toHaveLength(1);
    expect(adapter.order(order.clOrdId)?.cumQty).toBe('0.004');
  });

  it('a late (out-of-order) fill below the highest CumQty is booked, not reported as a regression', () => {
    const { adapter, fills, anomalies } = setup();
    const order = placeAcked(adapter);
    adapter.onMessage(trade(order.clOrdId, 'x2', '0.003', '0.005'));
    adapter.onMessage(trade(order.clOrdId, 'x1', '0.002', '0.002'));
    expect(fills.map((f) => f.quantity)).toEqual(['0.003', '0.002']);
    expect(anomalies).toEqual([]);
  });
});

describe('replace acknowledged with either ClOrdID', () => {
  it.each([
    ['11 = original', (orig: string) => ({ clOrdId: orig })],
    ['41 = original, 11 = new', (orig: string, repl: string) => ({ clOrdId: repl, origClOrdId: orig })],
  ])('%s: the replacement is New, the original Replaced, nothing is cancelled at the timeout', (_name, ids) => {
    const { adapter, sender, clock, fills } = setup();
    const original = placeAcked(adapter);
    const replacement = adapter.replaceOrder(original.clOrdId, { price: '100000.5', quantity: '0.02' })!;
    adapter.onMessage(
      executionReport({
        ...ids(original.clOrdId, replacement.clOrdId),
        execType: '5',
        ordStatus: '0',
        leavesQty: '0.02',
      }),
    );
    expect(adapter.order(replacement.clOrdId)?.state).toBe('New');
    expect(adapter.order(original.clOrdId)?.state).toBe('Replaced');
    clock.advance(10_000);
    adapter.checkTimeouts();
    expect(sender.sent.filter((m) => m.msgType === 'F')).toEqual([]);
    expect(adapter.liveOrders().map((o) => [o.clOrdId, o.state])).toEqual([[replacement.clOrdId, 'New']]);
    // Fills reported under the original ClOrdID afterwards belong to the replacement.
    adapter.onMessage(trade(original.clOrdId, 'x1', '0.001', '0.001'));
    expect(fills[0]?.clOrdId).toBe(replacement.clOrdId);
    expect(adapter.order(replacement.clOrdId)?.state).toBe('PartiallyFilled');
  });
});

describe('defined states', () => {
  it('New → Rejected ends the order (no ghost live order)', () => {
    const { adapter } = setup();
    const order = placeAcked(adapter);
    adapter.onMessage(
      executionReport({
        clOrdId: order.clOrdId,
        execType: '8',
        ordStatus: '8',
        text: 'Order outside book price bands',
      }),
    );
    expect(adapter.order(order.clOrdId)?.state).toBe('Rejected');
    expect(adapter.liveOrders()).toEqual([]);
  });

  it('an illegal transition from a finished state asks for the venue status instead of inventing one', () => {
    const { adapter, statusRequests } = setup();
    const order = placeAcked(adapter);
    adapter.onMessage(executionReport({ clOrdId: order.clOrdId, execType: '4', ordStatus: '4', leavesQty: '0' }));
    adapter.onMessage(executionReport({ clOrdId: order.clOrdId, execType: '0', ordStatus: '0' }));
    expect(adapter.order(order.clOrdId)?.state).toBe('Canceled');
    expect(statusRequests).toEqual([expect.objectContaining({ clOrdId: order.clOrdId, reason: 'illegal-transition' })]);
  });

  it('an unknown ExecType changes no state and asks for the status', () => {
    const { adapter, statusRequests } = setup();
    const order = placeAcked(adapter);
    adapter.onMessage(
      withRaw(executionReport({ clOrdId: order.clOrdId, execType: '4', ordStatus: '4' }), { [Tag.ExecType]: 'D' }),
    );
    expect(adapter.order(order.clOrdId)?.state).toBe('New');
    expect(statusRequests.map((r) => r.reason)).toEqual(['unknown-exec-type']);
  });
});

describe('applyVenueStatus (REST)', () => {
  it('synthesizes exactly one fill for CumQty we had not booked, priced from AvgPx; a later FIX report books nothing', () => {
    const { adapter, fills } = setup();
    const order = placeAcked(adapter);
    adapter.onMessage(trade(order.clOrdId, 'x1', '0.002', '0.002')); // 0.002 @ 100000
    const status = {
      clOrdId: order.clOrdId,
      orderId: '777',
      state: 'PartiallyFilled' as const,
      cumQty: '0.005',
      leavesQty: '0.005',
      avgPx: '100003',
    };
    const result = adapter.applyVenueStatus(status, 'rest');
    // (100003 × 0.005 − 100000 × 0.002) / 0.003 = 100005
    expect(result?.fill).toMatchObject({
      execId: 'rest:777:0.005',
      quantity: '0.003',
      price: '100005',
      source: 'rest',
      side: 'buy',
    });
    expect(adapter.applyVenueStatus(status, 'rest')?.fill).toBeUndefined();
    adapter.onMessage(trade(order.clOrdId, 'x2', '0.003', '0.005', { lastPx: '100005' }));
    expect(fills.map((f) => f.execId)).toEqual(['x1', 'rest:777:0.005']);
    expect(adapter.counters()).toMatchObject({ fillsAlreadyBooked: 1, synthesizedFills: 1 });
    expect(adapter.order(order.clOrdId)).toMatchObject({ state: 'PartiallyFilled', cumQty: '0.005' });
  });

  it('resolves an Unknown order (102=1) to the venue’s state and clears the status request', () => {
    const { adapter, sender } = setup();
    const order = placeAcked(adapter);
    adapter.cancelOrder(order.clOrdId);
    adapter.onMessage(
      cancelReject({
        orderId: '777',
        clOrdId: sender.field(Tag.ClOrdID)!,
        origClOrdId: order.clOrdId,
        cxlRejResponseTo: '1',
        cxlRejReason: '1',
      }),
    );
    expect(adapter.liveOrderCount()).toBe(1);
    expect(adapter.ordersNeedingStatus()).toHaveLength(1);
    adapter.applyVenueStatus(
      { orderId: '777', state: 'Filled', cumQty: '0.01', leavesQty: '0', lastPx: '100000' },
      'rest',
    );
    expect(adapter.order(order.clOrdId)).toMatchObject({ state: 'Filled', cumQty: '0.01' });
    expect(adapter.order(order.clOrdId)?.statusNeeded).toBeUndefined();
    expect(adapter.liveOrders()).toEqual([]);
    expect(adapter.ordersNeedingStatus()).toEqual([]);
  });
});

describe('throttled cancels', () => {
  it('a cancel throttled by 35=j stays PendingCancel and is retried with backoff within the budget', () => {
    let tokens = 0;
    const charged: string[] = [];
    const { adapter, sender, clock } = setup({
      cancelBudget: { chargeCancel: () => charged.push('cancel'), tryTakeMessage: () => tokens-- > 0 },
    });
    const order = placeAcked(adapter);
    expect(adapter.cancelOrder(order.clOrdId)).toBe(true);
    adapter.onMessage(
      businessReject({ refSeqNum: sender.last().seq, refMsgType: 'F', businessRejectReason: 8, text: 'Throttle' }),
    );
    expect(adapter.order(order.clOrdId)?.state).toBe('PendingCancel');
    expect(adapter.cancelOrder(order.clOrdId)).toBe(false); // the app's loop cannot re-send it every 25 ms
    expect(adapter.pendingCancelRetries()).toEqual([
      { clOrdId: order.clOrdId, attempts: 1, nextAttemptAtMs: clock.now() + 250 },
    ]);
    const cancels = () => sender.sent.filter((m) => m.msgType === 'F').length;
    clock.advance(249);
    adapter.checkTimeouts();
    expect(cancels()).toBe(1);
    clock.advance(1);
    adapter.checkTimeouts(); // due, but no token
    expect(cancels()).toBe(1);
    tokens = 1;
    adapter.checkTimeouts();
    expect(cancels()).toBe(2);
    expect(adapter.pendingCancelRetries()).toEqual([]);
    // Throttled again: the backoff doubles.
    adapter.onMessage(businessReject({ refSeqNum: sender.last().seq, refMsgType: 'F', businessRejectReason: 8 }));
    expect(adapter.pendingCancelRetries()[0]?.nextAttemptAtMs).toBe(clock.now() + 500);
    expect(charged).toEqual([]); // retries take a token instead of borrowing
  });

  it('a 35=9 with a throttle text is retried too, and signals throttle', () => {
    const { adapter, sender } = setup();
    const throttles: string[] = [];
    adapter.on('throttle', (r) => throttles.push(`${r.refMsgType}:${r.businessRejectReason}`));
    const order = placeAcked(adapter);
    adapter.cancelOrder(order.clOrdId);
    adapter.onMessage(
      cancelReject({
        orderId: '777',
        clOrdId: sender.field(Tag.ClOrdID)!,
        origClOrdId: order.clOrdId,
        cxlRejResponseTo: '1',
        cxlRejReason: '99',
        text: 'Rate limit exceeded',
      }),
    );
    expect(adapter.order(order.clOrdId)?.state).toBe('PendingCancel');
    expect(adapter.pendingCancelRetries()).toHaveLength(1);
    expect(throttles).toEqual(['F:8']);
  });
});

describe('cancelAll, adoptOrder, forgetOrder', () => {
  it('cancels acked orders now, pending ones on their ack, and re-sends an unanswered cancel a bounded number of times', () => {
    const charged: number[] = [];
    const { adapter, sender, clock } = setup({
      cancelResends: 1,
      cancelBudget: { chargeCancel: () => charged.push(1), tryTakeMessage: () => true },
    });
    const acked = placeAcked(adapter);
    const pending = adapter.placeOrder({ key: 'sell-1-1', side: 'sell', price: '100010', quantity: '0.01' })!;
    expect(adapter.cancelAll('shutdown')).toEqual({ sent: 1, deferred: 1, inFlight: 0, retrying: 0 });
    expect(adapter.cancelAll('shutdown again')).toEqual({ sent: 0, deferred: 1, inFlight: 1, retrying: 0 });
    adapter.onMessage(executionReport({ clOrdId: pending.clOrdId, orderId: '778', execType: '0', ordStatus: '0' }));
    expect(adapter.order(pending.clOrdId)?.state).toBe('PendingCancel');
    const cancelsFor = (id: string) =>
      sender.sent.filter((m) => m.msgType === 'F' && sender.field(Tag.OrigClOrdID, m) === id).length;
    expect(cancelsFor(pending.clOrdId)).toBe(1);
    clock.advance(5000);
    adapter.checkTimeouts(); // unanswered: re-sent once
    expect(cancelsFor(acked.clOrdId)).toBe(2);
    clock.advance(5000);
    adapter.checkTimeouts(); // still unanswered: Unknown, status requested
    expect(adapter.order(acked.clOrdId)?.state).toBe('Unknown');
    expect(adapter.liveOrders().map((o) => o.state)).toEqual(['Unknown', 'Unknown']);
    expect(charged.length).toBe(sender.sent.filter((m) => m.msgType === 'F').length);
  });

  it('adopts a venue order: earlier fills are history, later ones are booked above its CumQty; forgetOrder closes it', () => {
    const { adapter, fills } = setup();
    const adopted = adapter.adoptOrder({
      clOrdId: 'OLD1',
      orderId: '555',
      side: 'sell',
      price: '100100',
      quantity: '0.01',
      cumQty: '0.004',
      leavesQty: '0.006',
    })!;
    expect(adopted).toMatchObject({ state: 'PartiallyFilled', key: 'adopted:OLD1', cumQty: '0.004' });
    expect(adapter.liveOrderCount()).toBe(1);
    adapter.onMessage(
      executionReport({
        clOrdId: 'OLD1',
        orderId: '555',
        execId: 'z1',
        side: '2',
        execType: 'F',
        ordStatus: '1',
        lastQty: '0.001',
        lastPx: '100100',
        cumQty: '0.005',
        leavesQty: '0.005',
      }),
    );
    expect(fills.map((f) => [f.quantity, f.side])).toEqual([['0.001', 'sell']]);
    expect(adapter.forgetOrder('OLD1', 'not at the venue')).toBe(true);
    expect(adapter.order('OLD1')).toMatchObject({ state: 'Canceled', rejectText: 'not at the venue' });
    expect(adapter.liveOrders()).toEqual([]);
  });
});
