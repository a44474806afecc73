import { ManualClock } from '@truex-mm/clock';
import {
  type ExecutionReport,
  type FixBody,
  type FixMessage,
  Tag,
  buildExecutionReport,
  buildOrderCancelReject,
  decodeFix,
  encodeFix,
} from '@truex-mm/fix-codec';
import { type Fill, ORDER_STATES, OrderAdapter, isTerminal } from '@truex-mm/order-adapter';
import fc from 'fast-check';
import { PositionLedger } from './position-ledger';

/**
 * Random execution-report sequences through the order adapter and the position ledger, as the market maker wires
 * them (adapter 'fill' → ledger.applyFill). Two properties:
 *  - an honest venue (fills delivered out of order, duplicated, with unknown enum values, REST statuses at random
 *    moments) ends with the position equal to the venue's executed quantity, and no anomaly is reported;
 *  - a venue that also lies (overfills, LastQty beyond CumQty, CumQty regressions, unknown ExecTypes, 102=1, rejects
 *    after acceptance, replaces acknowledged with either ClOrdID) never makes the adapter throw, and the books stay
 *    consistent: CumQty never decreases, position = Σ booked fills, each ExecID booked once, a ClOrdID live once.
 * The seed is fixed (PROPERTY_SEED overrides it) and printed by fast-check with any counterexample.
 */
const SEED = Number(process.env.PROPERTY_SEED ?? 20261205);
const LOT = 10n ** 14n; // 0.0001 in 10^-18 units
const PARTY = '12345678901234567';
const PRICES = ['100000', '100000.5', '99999.5', '100001'];

let inboundSeq = 1;
function inbound(msgType: string, body: FixBody): FixMessage {
  const header = {
    senderCompId: 'TRUEX_UAT_OE',
    targetCompId: 'MM',
    msgSeqNum: inboundSeq++,
    sendingTime: '20260101-00:00:00.000',
  };
  return decodeFix(encodeFix(msgType, header, body));
}

function lots(n: bigint): string {
  const text = (n * LOT).toString().padStart(19, '0');
  const whole = text.slice(0, -18).replace(/^0+(?=\d)/, '');
  const fraction = text.slice(-18).replace(/0+$/, '');
  return fraction ? `${whole}.${fraction}` : whole;
}

interface VenueOrder {
  clOrdId: string;
  orderId: string;
  side: '1' | '2';
  qtyLots: bigint;
  cumLots: bigint;
  /** Σ lots × price, in half-ticks (price × 2) to stay integral. */
  notionalHalfTicks: bigint;
}

/** One world: the adapter, the ledger fed from its fills, a sender, and observations for the invariants. */
function world() {
  const clock = new ManualClock(Date.UTC(2026, 0, 1));
  let seq = 1;
  const sent: Array<{ msgType: string; body: FixBody }> = [];
  const adapter = new OrderAdapter({
    partyId: PARTY,
    clock,
    sender: {
      send(msgType: string, body: FixBody) {
        sent.push({ msgType, body });
        return seq++;
      },
    },
  });
  const ledger = new PositionLedger();
  const fills: Fill[] = [];
  const execIds = new Set<string>();
  const duplicateFillIds: string[] = [];
  const anomalies: string[] = [];
  const cumSeen = new Map<string, bigint>();
  const cumDecreases: string[] = [];
  adapter.on('fill', (fill) => {
    if (execIds.has(fill.execId)) duplicateFillIds.push(fill.execId);
    execIds.add(fill.execId);
    fills.push(fill);
    ledger.applyFill({
      execId: fill.execId,
      side: fill.side,
      quantity: fill.quantity,
      price: fill.price,
      fees: fill.fees,
    });
  });
  adapter.on('anomaly', (a) => anomalies.push(a.kind));
  adapter.on('order', (o) => {
    const units = toLotsExact(o.cumQty);
    const before = cumSeen.get(o.clOrdId) ?? 0n;
    if (units < before) cumDecreases.push(`${o.clOrdId} ${lots(before)} → ${o.cumQty}`);
    cumSeen.set(o.clOrdId, units > before ? units : before);
  });
  return { clock, adapter, ledger, fills, sent, duplicateFillIds, anomalies, cumDecreases };
}

/** Decimal text → 10^-18 units (the figures here have at most 18 places). */
function toLotsExact(text: string): bigint {
  const [whole, fraction = ''] = text.split('.');
  return BigInt(whole as string) * 10n ** 18n + BigInt(fraction.padEnd(18, '0') || '0');
}

type World = ReturnType<typeof world>;

function report(
  o: VenueOrder,
  fields: Partial<ExecutionReport> & Pick<ExecutionReport, 'execId' | 'execType' | 'ordStatus'>,
) {
  const er: ExecutionReport = {
    orderId: o.orderId,
    clOrdId: o.clOrdId,
    symbol: 'BTC-PYUSD',
    side: o.side,
    ordType: '2',
    orderQty: lots(o.qtyLots),
    price: '100000',
    timeInForce: '1',
    leavesQty: lots(o.qtyLots - o.cumLots),
    cumQty: lots(o.cumLots),
    fees: [],
    partyIds: [PARTY],
    ...fields,
  };
  return buildExecutionReport(er);
}

/** Replaces the value of `tag` in a body (to put values fix-codec does not know on the wire). */
function withRaw(body: FixBody, tag: number, value: string): FixBody {
  return body.map(([t, v]) => (t === tag ? ([t, value] as const) : ([t, v] as const)));
}

/** Places and acknowledges `count` orders; the venue side of each. */
function openOrders(w: World, count: number): VenueOrder[] {
  const venue: VenueOrder[] = [];
  for (let i = 0; i < count; i++) {
    const side = i % 2 === 0 ? 'buy' : 'sell';
    const order = w.adapter.placeOrder({ key: `k${i}`, side, price: '100000', quantity: lots(10n) });
    if (!order) throw new Error('not placed');
    const v: VenueOrder = {
      clOrdId: order.clOrdId,
      orderId: String(9000 + i),
      side: side === 'buy' ? '1' : '2',
      qtyLots: 10n,
      cumLots: 0n,
      notionalHalfTicks: 0n,
    };
    w.adapter.onMessage(inbound('8', report(v, { execId: `a${i}`, execType: 'A', ordStatus: 'A', leavesQty: '0' })));
    w.adapter.onMessage(inbound('8', report(v, { execId: `n${i}`, execType: '0', ordStatus: '0' })));
    venue.push(v);
  }
  return venue;
}

/** The venue's truth as a REST status, AvgPx rounded to 2 places as a venue would print it. */
function restStatus(v: VenueOrder) {
  const avg = v.cumLots === 0n ? undefined : (Number(v.notionalHalfTicks) / 2 / Number(v.cumLots)).toFixed(2);
  return {
    clOrdId: v.clOrdId,
    orderId: v.orderId,
    state:
      v.cumLots === v.qtyLots ? ('Filled' as const) : v.cumLots > 0n ? ('PartiallyFilled' as const) : ('New' as const),
    cumQty: lots(v.cumLots),
    leavesQty: lots(v.qtyLots - v.cumLots),
    ...(avg !== undefined ? { avgPx: avg } : {}),
  };
}

function checkInvariants(w: World): void {
  expect(w.duplicateFillIds).toEqual([]);
  expect(w.cumDecreases).toEqual([]);
  // Position = Σ booked fills (signed), exactly.
  let position = 0n;
  for (const f of w.fills) position += (f.side === 'buy' ? 1n : -1n) * toLotsExact(f.quantity);
  expect(toLotsExact(w.ledger.snapshot().base.replace('-', ''))).toBe(position < 0n ? -position : position);
  expect(w.ledger.snapshot().base.startsWith('-')).toBe(position < 0n);
  // A ClOrdID is live at most once, live orders are not terminal, and the live view is the order's one view.
  const live = w.adapter.liveOrders();
  expect(new Set(live.map((o) => o.clOrdId)).size).toBe(live.length);
  expect(w.adapter.liveOrderCount()).toBe(live.length);
  for (const o of live) {
    expect(isTerminal(o.state)).toBe(false);
    expect(ORDER_STATES).toContain(o.state);
    expect(w.adapter.order(o.clOrdId)?.state).toBe(o.state);
  }
}

type HonestStep =
  | { kind: 'fill'; order: number; lots: number; price: number; oddEnum: 0 | 1 | 2 }
  | { kind: 'deliver'; pick: number; keepCopy: boolean }
  | { kind: 'duplicate'; pick: number }
  | { kind: 'rest'; order: number };

const honestStep: fc.Arbitrary<HonestStep> = fc.oneof(
  fc.record({
    kind: fc.constant('fill' as const),
    order: fc.nat(3),
    lots: fc.integer({ min: 1, max: 4 }),
    price: fc.nat(PRICES.length - 1),
    oddEnum: fc.constantFrom(0 as const, 1 as const, 2 as const),
  }),
  fc.record({ kind: fc.constant('deliver' as const), pick: fc.nat(), keepCopy: fc.boolean() }),
  fc.record({ kind: fc.constant('duplicate' as const), pick: fc.nat() }),
  fc.record({ kind: fc.constant('rest' as const), order: fc.nat(3) }),
);

describe('execution reports through the adapter and the ledger (property)', () => {
  it('an honest venue: out of order, duplicated, unknown enums, REST at any time → position equals the venue’s', () => {
    fc.assert(
      fc.property(fc.array(honestStep, { maxLength: 60 }), (steps) => {
        const w = world();
        const venue = openOrders(w, 4);
        const outbox: FixMessage[] = [];
        const delivered: FixMessage[] = [];
        let execSeq = 0;
        for (const step of steps) {
          if (step.kind === 'fill') {
            const v = venue[step.order] as VenueOrder;
            const q = BigInt(step.lots) > v.qtyLots - v.cumLots ? v.qtyLots - v.cumLots : BigInt(step.lots);
            if (q === 0n) continue;
            const price = PRICES[step.price] as string;
            v.cumLots += q;
            v.notionalHalfTicks += q * BigInt(Number(price) * 2);
            let body = report(v, {
              execId: `f${execSeq++}`,
              execType: 'F',
              ordStatus: v.cumLots === v.qtyLots ? '2' : '1',
              lastQty: lots(q),
              lastPx: price,
              lastLiquidityInd: '1',
            });
            // Values outside TrueX's dictionary: the fill must still be booked.
            if (step.oddEnum === 1) body = withRaw(body, Tag.TimeInForce, '7');
            if (step.oddEnum === 2) body = withRaw(body, Tag.LastLiquidityInd, '3');
            outbox.push(inbound('8', body));
          } else if (step.kind === 'deliver' && outbox.length > 0) {
            const [msg] = outbox.splice(step.pick % outbox.length, 1) as [FixMessage];
            w.adapter.onMessage(msg);
            delivered.push(msg);
            if (step.keepCopy) outbox.push(msg);
          } else if (step.kind === 'duplicate' && delivered.length > 0) {
            w.adapter.onMessage(delivered[step.pick % delivered.length] as FixMessage);
          } else if (step.kind === 'rest') {
            w.adapter.applyVenueStatus(restStatus(venue[step.order] as VenueOrder), 'rest');
          }
          checkInvariants(w);
        }
        for (const msg of outbox) w.adapter.onMessage(msg);
        for (const v of venue) w.adapter.applyVenueStatus(restStatus(v), 'rest');
        checkInvariants(w);
        let truth = 0n;
        for (const v of venue) truth += (v.side === '1' ? 1n : -1n) * v.cumLots * LOT;
        let position = 0n;
        for (const f of w.fills) position += (f.side === 'buy' ? 1n : -1n) * toLotsExact(f.quantity);
        expect(position).toBe(truth);
        expect(w.anomalies).toEqual([]);
        for (const v of venue) expect(w.adapter.order(v.clOrdId)?.cumQty).toBe(lots(v.cumLots));
      }),
      { seed: SEED, numRuns: 120 },
    );
  });

  type ChaosStep =
    | { kind: 'fill'; order: number; lots: number; lie: 'none' | 'overfill' | 'lastqty' | 'stale-cum' }
    | { kind: 'regress'; order: number }
    | { kind: 'unknown-exec-type'; order: number }
    | { kind: 'reject'; order: number }
    | { kind: 'cancel'; order: number; answer: 'canceled' | 'unknown-order' | 'too-late' | 'none' }
    | { kind: 'replace'; order: number; ackWith: 'new' | 'orig' | 'reject' | 'none' }
    | { kind: 'duplicate'; pick: number }
    | { kind: 'rest'; order: number }
    | { kind: 'tick' };

  const chaosStep: fc.Arbitrary<ChaosStep> = fc.oneof(
    {
      arbitrary: fc.record({
        kind: fc.constant('fill' as const),
        order: fc.nat(2),
        lots: fc.integer({ min: 1, max: 6 }),
        lie: fc.constantFrom(
          'none' as const,
          'none' as const,
          'overfill' as const,
          'lastqty' as const,
          'stale-cum' as const,
        ),
      }),
      weight: 4,
    },
    { arbitrary: fc.record({ kind: fc.constant('regress' as const), order: fc.nat(2) }), weight: 1 },
    { arbitrary: fc.record({ kind: fc.constant('unknown-exec-type' as const), order: fc.nat(2) }), weight: 1 },
    { arbitrary: fc.record({ kind: fc.constant('reject' as const), order: fc.nat(2) }), weight: 1 },
    {
      arbitrary: fc.record({
        kind: fc.constant('cancel' as const),
        order: fc.nat(2),
        answer: fc.constantFrom('canceled' as const, 'unknown-order' as const, 'too-late' as const, 'none' as const),
      }),
      weight: 2,
    },
    {
      arbitrary: fc.record({
        kind: fc.constant('replace' as const),
        order: fc.nat(2),
        ackWith: fc.constantFrom('new' as const, 'orig' as const, 'reject' as const, 'none' as const),
      }),
      weight: 2,
    },
    { arbitrary: fc.record({ kind: fc.constant('duplicate' as const), pick: fc.nat() }), weight: 2 },
    { arbitrary: fc.record({ kind: fc.constant('rest' as const), order: fc.nat(2) }), weight: 1 },
    { arbitrary: fc.constant({ kind: 'tick' as const }), weight: 1 },
  );

  it('a venue that also lies: nothing throws and the books stay consistent', () => {
    fc.assert(
      fc.property(fc.array(chaosStep, { maxLength: 50 }), (steps) => {
        const w = world();
        const venue = openOrders(w, 3);
        const delivered: FixMessage[] = [];
        let execSeq = 0;
        const deliver = (msg: FixMessage): void => {
          w.adapter.onMessage(msg);
          delivered.push(msg);
        };
        for (const step of steps) {
          const v = 'order' in step ? (venue[step.order] as VenueOrder) : undefined;
          if (step.kind === 'fill' && v) {
            const q = BigInt(step.lots);
            v.cumLots += q;
            v.notionalHalfTicks += q * 200000n;
            const cum = step.lie === 'lastqty' ? q - 1n : step.lie === 'stale-cum' ? v.cumLots - q : v.cumLots;
            const body = report(v, {
              execId: `f${execSeq++}`,
              execType: 'F',
              ordStatus: v.cumLots >= v.qtyLots ? '2' : '1',
              lastQty: lots(q),
              lastPx: '100000',
              cumQty: lots(cum < 0n ? 0n : cum),
              leavesQty: lots(v.qtyLots > v.cumLots ? v.qtyLots - v.cumLots : 0n),
              orderQty: step.lie === 'overfill' ? lots(1n) : lots(v.qtyLots),
            });
            deliver(inbound('8', body));
          } else if (step.kind === 'regress' && v) {
            deliver(inbound('8', report(v, { execId: `g${execSeq++}`, execType: '0', ordStatus: '0', cumQty: '0' })));
          } else if (step.kind === 'unknown-exec-type' && v) {
            deliver(
              inbound(
                '8',
                withRaw(report(v, { execId: `u${execSeq++}`, execType: '0', ordStatus: '0' }), Tag.ExecType, 'D'),
              ),
            );
          } else if (step.kind === 'reject' && v) {
            deliver(
              inbound(
                '8',
                report(v, {
                  execId: `r${execSeq++}`,
                  execType: '8',
                  ordStatus: '8',
                  text: 'Order outside book price bands',
                }),
              ),
            );
          } else if (step.kind === 'cancel' && v) {
            if (!w.adapter.cancelOrder(v.clOrdId)) continue;
            const cancelId = w.sent.at(-1)?.body.find(([t]) => t === Tag.ClOrdID)?.[1] as string;
            if (step.answer === 'canceled') {
              deliver(
                inbound(
                  '8',
                  report(
                    { ...v, clOrdId: cancelId },
                    { execId: `c${execSeq++}`, execType: '4', ordStatus: '4', origClOrdId: v.clOrdId, leavesQty: '0' },
                  ),
                ),
              );
            } else if (step.answer !== 'none') {
              deliver(
                inbound(
                  '9',
                  buildOrderCancelReject({
                    orderId: v.orderId,
                    clOrdId: cancelId,
                    origClOrdId: v.clOrdId,
                    cxlRejResponseTo: '1',
                    cxlRejReason: step.answer === 'unknown-order' ? '1' : '0',
                  }),
                ),
              );
            }
          } else if (step.kind === 'replace' && v) {
            const replacement = w.adapter.replaceOrder(v.clOrdId, { price: '100000.5', quantity: lots(v.qtyLots) });
            if (!replacement) continue;
            if (step.ackWith === 'reject') {
              deliver(
                inbound(
                  '9',
                  buildOrderCancelReject({
                    orderId: v.orderId,
                    clOrdId: replacement.clOrdId,
                    origClOrdId: v.clOrdId,
                    cxlRejResponseTo: '2',
                    cxlRejReason: '0',
                  }),
                ),
              );
            } else if (step.ackWith !== 'none') {
              const ids =
                step.ackWith === 'new'
                  ? { clOrdId: replacement.clOrdId, origClOrdId: v.clOrdId }
                  : { clOrdId: v.clOrdId };
              deliver(
                inbound(
                  '8',
                  report({ ...v, ...ids }, { execId: `p${execSeq++}`, execType: '5', ordStatus: '0', ...ids }),
                ),
              );
              v.clOrdId = replacement.clOrdId;
            }
          } else if (step.kind === 'duplicate' && delivered.length > 0) {
            w.adapter.onMessage(delivered[step.pick % delivered.length] as FixMessage);
          } else if (step.kind === 'rest' && v) {
            w.adapter.applyVenueStatus(
              restStatus({ ...v, cumLots: v.cumLots > v.qtyLots ? v.qtyLots : v.cumLots }),
              'rest',
            );
          } else if (step.kind === 'tick') {
            w.clock.advance(3000);
            w.adapter.checkTimeouts();
          }
          checkInvariants(w);
        }
      }),
      { seed: SEED, numRuns: 150 },
    );
  });
});
