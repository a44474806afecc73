import { ManualClock } from '@truex-mm/clock';
import fc from 'fast-check';
import { Decimal } from 'decimal.js';
import { decimalText } from './decimal-text.test-util';
import type { DenyReason } from './deny-reason';
import { PositionLedger } from './position-ledger';
import { type OrderIntent, type RiskContext, RiskGate } from './risk-gate';
import { type RiskLimits, defaultRiskLimits } from './risk-limits';
import type { TradingState } from './trading-state';

const PATTERN = /^-?\d+(\.\d+)?$/;

// The oracle's numbers: decimal.js (a test-only dependency of this package) with digits to spare.
const RiskDecimal = Decimal.clone({ precision: 80, rounding: Decimal.ROUND_HALF_EVEN, toExpNeg: -80, toExpPos: 80 });
type RiskDecimal = Decimal;
const SAFE = new RiskDecimal(Number.MAX_SAFE_INTEGER);

/** Whether a decimal fits the gate's one integer path: at most 22 decimals and 2^53 − 1 units at its own scale. */
function fits(value: RiskDecimal): boolean {
  const scale = value.decimalPlaces();
  return scale <= 22 && value.abs().times(new RiskDecimal(10).pow(scale)).lte(SAFE);
}

/** value × 10^scale is a safe integer (the gate's sums at one common scale). */
function safeAt(value: RiskDecimal, scale: number): boolean {
  return value.abs().times(new RiskDecimal(10).pow(scale)).lte(SAFE);
}

/**
 * The gate's decision rules written directly in decimal.js: the oracle for the gate's one integer path. Rewritten
 * for issue 14 (this test used to keep the integer fast path in step with the decimal.js fallback the gate had): the
 * rules are the same, plus the one the single path adds, that a figure beyond its exact range is refused
 * (INVALID_ORDER for the order and the position figures, STALE_REFERENCE for the fair value) instead of handed to
 * arbitrary-precision arithmetic.
 */
function referenceDecision(
  limits: RiskLimits,
  state: TradingState,
  ledgerBase: string,
  order: OrderIntent,
  ctx: RiskContext,
): DenyReason | 'ALLOWED' {
  const parse = (text: string): RiskDecimal | undefined => (PATTERN.test(text) ? new RiskDecimal(text) : undefined);
  const price = parse(order.price);
  const quantity = parse(order.quantity);
  if (!price || !quantity || !price.gt(0) || !quantity.gt(0) || !fits(price) || !fits(quantity)) {
    return 'INVALID_ORDER';
  }
  if (state === 'HALTED') return 'HALTED';
  const fairValue = ctx.fairValue === undefined ? undefined : parse(ctx.fairValue);
  if (!fairValue || !fairValue.gt(0) || !fits(fairValue)) return 'STALE_REFERENCE';
  if (quantity.gt(limits.maxOrderSize)) return 'MAX_ORDER_SIZE';
  if (price.times(quantity).gt(limits.maxOrderNotional)) return 'MAX_ORDER_NOTIONAL';
  if (price.minus(fairValue).abs().times(100).gt(new RiskDecimal(limits.priceBandPct).times(fairValue))) {
    return 'PRICE_BAND';
  }
  if (order.kind === 'new' && ctx.openOrders >= limits.maxOpenOrders) return 'MAX_OPEN_ORDERS';
  const position = parse(ctx.position ?? ledgerBase);
  const working = parse(order.side === 'buy' ? ctx.workingBuyQty : ctx.workingSellQty);
  if (!position || !working || !fits(position) || !fits(working)) return 'INVALID_ORDER';
  const worstCase =
    order.side === 'buy' ? position.plus(working).plus(quantity) : position.minus(working).minus(quantity);
  const scale = Math.max(position.decimalPlaces(), working.decimalPlaces(), quantity.decimalPlaces());
  const each = [position, working, quantity, working.plus(quantity), worstCase];
  if (!each.every((v) => safeAt(v, scale))) return 'INVALID_ORDER';
  if (state === 'REDUCING') {
    const reduces = order.side === 'buy' ? position.isNeg() && !worstCase.gt(0) : position.gt(0) && !worstCase.isNeg();
    if (!reduces) return 'REDUCING_ONLY';
  }
  if (order.side === 'buy' && worstCase.gt(limits.maxLongPosition)) return 'MAX_LONG_POSITION';
  if (order.side === 'sell' && worstCase.lt(new RiskDecimal(limits.maxShortPosition).negated())) {
    return 'MAX_SHORT_POSITION';
  }
  if (worstCase.abs().times(fairValue).gt(limits.maxNotionalExposure)) return 'MAX_NOTIONAL_EXPOSURE';
  return 'ALLOWED';
}

// Each limit is often generous, so an order reaches the later checks and an early check's edge decides it.
// Figures near a BTC-PYUSD ladder (so limits are hit and missed), plus arbitrary ones: long digit strings force the
// decimal.js fallback, negative and malformed ones the INVALID_ORDER paths.
// Prices on, just inside and just outside the 0.5 %, 2.5 % and 10 % bands around a fair value of 100000.
const BAND_EDGES = ['99500', '100500', '99499.99', '100500.01', '97500', '102500', '97499.99', '102500.01'].concat([
  '90000',
  '110000',
  '89999.99',
  '110000.01',
  '100000.000',
]);
const price = fc.oneof(
  { weight: 4, arbitrary: fc.integer({ min: 95_000_0, max: 105_000_0 }).map((n) => (n / 10).toFixed(1)) },
  { weight: 3, arbitrary: fc.constantFrom(...BAND_EDGES) },
  { weight: 2, arbitrary: decimalText(25, 14) },
  { weight: 1, arbitrary: fc.constantFrom('0', '-0', '1e5', '', 'abc') },
);
const quantity = fc.oneof(
  { weight: 4, arbitrary: fc.integer({ min: 1, max: 2000 }).map((n) => (n / 10_000).toFixed(4)) },
  { weight: 1, arbitrary: fc.constantFrom('0.05', '0.1', '0.1000', '0.0500000000000000000001') },
  { weight: 2, arbitrary: decimalText(22, 20) },
);
const working = fc.oneof(
  { weight: 4, arbitrary: fc.integer({ min: 0, max: 600 }).map((n) => (n / 1000).toFixed(3)) },
  { weight: 1, arbitrary: decimalText(22, 20) },
  { weight: 1, arbitrary: fc.constantFrom('0', '-0', '-0.1', '-0.0001', 'x') },
);
const position = fc.option(
  fc.oneof(
    fc.integer({ min: -600, max: 600 }).map((n) => (n / 1000).toFixed(3)),
    decimalText(22, 20),
  ),
  { nil: undefined },
);
// Limits must fit the gate's exact range (validateRiskLimits refuses others): at most 15 digits always do.
const limitFigure = (common: string[]): fc.Arbitrary<string> =>
  fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...common) }, { weight: 1, arbitrary: decimalText(15, 18, false) });
const limits = fc.record({
  maxOrderSize: limitFigure(['0.05', '0.1', '1', '1000']),
  maxOrderNotional: limitFigure(['5000', '10000', '8955', '1000000000']),
  priceBandPct: limitFigure(['2.5', '0.5', '10']),
  maxOpenOrders: fc.integer({ min: 0, max: 60 }),
  maxLongPosition: limitFigure(['0.5', '0.25', '0', '1000']),
  maxShortPosition: limitFigure(['0.5', '0.4', '0', '1000']),
  maxNotionalExposure: limitFigure(['45000', '100000', '1000000', '1000000000']),
});

describe('RiskGate (one integer path) against the decimal.js oracle', () => {
  it('decides every order as the decimal.js reference does', () => {
    fc.assert(
      fc.property(
        limits,
        fc.constantFrom<TradingState>('ACTIVE', 'ACTIVE', 'REDUCING', 'HALTED'),
        fc.record({
          side: fc.constantFrom<'buy' | 'sell'>('buy', 'sell'),
          price,
          quantity,
          kind: fc.constantFrom<'new' | 'replace'>('new', 'replace'),
        }),
        fc.record({
          fairValue: fc.option(fc.oneof(price, fc.constant('100000'), fc.constant('100000')), { nil: undefined }),
          openOrders: fc.integer({ min: 0, max: 60 }),
          workingBuyQty: working,
          workingSellQty: working,
          position,
        }),
        fc.constantFrom('0', '0.25', '-0.3', '0.123456789012345678901'),
        (overrides, state, order, context, ledgerBase) => {
          const riskLimits: RiskLimits = { ...defaultRiskLimits, ...overrides, messagesPerSecond: 1e9 };
          const ledger = new PositionLedger({ base: ledgerBase, averageEntryPrice: '100000' });
          const gate = new RiskGate(riskLimits, { clock: new ManualClock(0), ledger });
          gate.setState(state, 'property test');
          const ctx: RiskContext = { ...context, referenceAgeMs: 10, referenceCrossed: false };
          if (context.position === undefined) delete ctx.position;
          const expected = referenceDecision(riskLimits, state, ledger.basePosition(), order, ctx);
          // Twice: the second check runs on the gate's cached parses of the same texts.
          for (let round = 0; round < 2; round++) {
            const decision = gate.check(order, ctx);
            expect(decision.allowed ? 'ALLOWED' : decision.reason).toBe(expected);
          }
        },
      ),
      { numRuns: 5000 },
    );
  });

  it("agrees with the reference when a limit sits exactly on, just under or just over the order's figure", () => {
    const GENEROUS = { maxOrderSize: '1000', maxOrderNotional: '1000000000', priceBandPct: '100' };
    const steps = fc.constantFrom('-0.00000001', '0', '0.00000001', '-1', '1');
    fc.assert(
      fc.property(
        fc.constantFrom<'buy' | 'sell'>('buy', 'sell'),
        fc.integer({ min: 950_000, max: 1_050_000 }).map((n) => (n / 10).toFixed(1)),
        fc.integer({ min: 1, max: 5000 }).map((n) => (n / 10_000).toFixed(4)),
        fc.oneof(
          fc.integer({ min: -500, max: 500 }).map((n) => (n / 1000).toFixed(3)),
          fc.constant('0'),
        ),
        fc.integer({ min: -100, max: 500 }).map((n) => (n / 1000).toFixed(3)),
        fc.constantFrom('size', 'notional', 'band', 'long', 'short', 'exposure'),
        steps,
        fc.constantFrom<TradingState>('ACTIVE', 'REDUCING'),
        (side, orderPrice, orderQuantity, pos, work, which, step, state) => {
          const fv = new RiskDecimal('100000');
          const p = new RiskDecimal(orderPrice);
          const q = new RiskDecimal(orderQuantity);
          const worst =
            side === 'buy' ? new RiskDecimal(pos).plus(work).plus(q) : new RiskDecimal(pos).minus(work).minus(q);
          const edge: Record<string, RiskDecimal> = {
            size: q,
            notional: p.times(q),
            band: p.minus(fv).abs().dividedBy(1000), // |p − fv| × 100 / fv, exact for fv = 100000
            long: worst,
            short: worst.negated(),
            exposure: worst.abs().times(fv),
          };
          const limit = (edge[which] as RiskDecimal).plus(step);
          if (limit.isNegative()) return;
          const riskLimits: RiskLimits = {
            ...defaultRiskLimits,
            ...GENEROUS,
            maxLongPosition: '1000',
            maxShortPosition: '1000',
            maxNotionalExposure: '1000000000',
            messagesPerSecond: 1e9,
          };
          const key = {
            size: 'maxOrderSize',
            notional: 'maxOrderNotional',
            band: 'priceBandPct',
            long: 'maxLongPosition',
            short: 'maxShortPosition',
            exposure: 'maxNotionalExposure',
          }[which] as keyof RiskLimits;
          const limitsHere = { ...riskLimits, [key]: limit.toFixed() } as RiskLimits;
          const gate = new RiskGate(limitsHere, { clock: new ManualClock(0) });
          gate.setState(state, 'property test');
          const order: OrderIntent = { side, price: orderPrice, quantity: orderQuantity, kind: 'replace' };
          const ctx: RiskContext = {
            fairValue: '100000',
            referenceAgeMs: 1,
            openOrders: 0,
            workingBuyQty: work,
            workingSellQty: work,
            position: pos,
          };
          const decision = gate.check(order, ctx);
          const expected = referenceDecision(limitsHere, state, '0', order, ctx);
          expect(decision.allowed ? 'ALLOWED' : decision.reason).toBe(expected);
        },
      ),
      { numRuns: 3000 },
    );
  });

  it('keeps decisions right when consecutive checks change only some of the texts', () => {
    const clock = new ManualClock(0);
    const ledger = new PositionLedger();
    const riskLimits: RiskLimits = { ...defaultRiskLimits, maxNotionalExposure: '45000', messagesPerSecond: 1e9 };
    const gate = new RiskGate(riskLimits, { clock, ledger });
    let fills = 0;
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            side: fc.constantFrom<'buy' | 'sell'>('buy', 'sell'),
            price: fc.constantFrom('99000', '100000.5', '103000'),
            quantity: fc.constantFrom('0.01', '0.05', '0.06'),
            workingBuyQty: fc.constantFrom('0', '0.4', '0.45'),
            workingSellQty: fc.constantFrom('0', '0.4', '0.45'),
            fill: fc.option(fc.constantFrom('0.01', '0.2'), { nil: undefined }),
          }),
          { minLength: 1, maxLength: 30 },
        ),
        (steps) => {
          for (const step of steps) {
            if (step.fill) {
              ledger.applyFill({ execId: `f${fills++}`, side: step.side, quantity: step.fill, price: '100000' });
            }
            const order: OrderIntent = { side: step.side, price: step.price, quantity: step.quantity, kind: 'new' };
            const ctx: RiskContext = {
              fairValue: '100000',
              referenceAgeMs: 1,
              openOrders: 0,
              workingBuyQty: step.workingBuyQty,
              workingSellQty: step.workingSellQty,
            };
            const decision = gate.check(order, ctx);
            const expected = referenceDecision(riskLimits, 'ACTIVE', ledger.basePosition(), order, ctx);
            expect(decision.allowed ? 'ALLOWED' : decision.reason).toBe(expected);
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  // Rewritten for issue 14: this test checked that ordinary orders never reached the decimal.js fallback and that long
  // figures did. With one integer path there is no fallback: a 22-digit quantity is refused with a typed denial, and
  // denials keep their detail texts.
  it('decides ordinary orders exactly, refuses figures beyond the exact range, and explains denials as before', () => {
    const gate = new RiskGate({ ...defaultRiskLimits, messagesPerSecond: 1e9 }, { clock: new ManualClock(0) });
    const ctx: RiskContext = {
      fairValue: '100000',
      referenceAgeMs: 1,
      openOrders: 0,
      workingBuyQty: '0.1',
      workingSellQty: '0',
    };
    expect(gate.check({ side: 'buy', price: '99950.5', quantity: '0.0012', kind: 'new' }, ctx)).toEqual({
      allowed: true,
    });
    // 22 significant digits: beyond 2^53 units at its scale.
    const long = { side: 'buy', price: '99950.5', quantity: '0.0012000000000000000001', kind: 'new' } as const;
    expect(gate.check(long, ctx)).toMatchObject({ allowed: false, reason: 'INVALID_ORDER' });
    expect(gate.check({ side: 'buy', price: '99950.5', quantity: '0.06', kind: 'new' }, ctx)).toEqual({
      allowed: false,
      reason: 'MAX_ORDER_SIZE',
      detail: 'quantity 0.06 > 0.05',
    });
    expect(
      gate.check({ side: 'buy', price: '99950.5', quantity: '0.05', kind: 'new' }, { ...ctx, workingBuyQty: '0.46' }),
    ).toEqual({
      allowed: false,
      reason: 'MAX_LONG_POSITION',
      detail: 'worst-case position 0.51 > 0.5',
    });
    expect(
      gate.check({ side: 'buy', price: '99950.5', quantity: '0.05', kind: 'new' }, { ...ctx, fairValue: '90000' }),
    ).toEqual({
      allowed: false,
      reason: 'PRICE_BAND',
      detail: 'price 99950.5 is more than 2.5% from fair value 90000',
    });
  });
});
