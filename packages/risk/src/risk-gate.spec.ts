import { ManualClock } from '@truex-mm/clock';
import type { DenyReason } from './deny-reason';
import { PositionLedger } from './position-ledger';
import { type OrderIntent, type RiskContext, RiskGate } from './risk-gate';
import { RiskInputError } from './risk-error';
import { type RiskLimits, defaultRiskLimits, resolveRiskLimits } from './risk-limits';

const limits: RiskLimits = resolveRiskLimits({
  maxOrderSize: '0.1',
  maxOrderNotional: '8000',
  priceBandPct: '2.5',
  maxOpenOrders: 50,
  maxLongPosition: '0.5',
  maxShortPosition: '0.4',
  maxNotionalExposure: '45000',
  messagesPerSecond: 15,
  maxReferenceAgeMs: 3000,
  maxLoss: '100',
  rejectStorm: { count: 3, windowMs: 1000 },
});

const ctx: RiskContext = {
  fairValue: '100000',
  referenceAgeMs: 50,
  referenceCrossed: false,
  openOrders: 0,
  workingBuyQty: '0',
  workingSellQty: '0',
};

const buy = (price: string, quantity: string, kind: OrderIntent['kind'] = 'new'): OrderIntent => ({
  side: 'buy',
  price,
  quantity,
  kind,
});
const sell = (price: string, quantity: string, kind: OrderIntent['kind'] = 'new'): OrderIntent => ({
  side: 'sell',
  price,
  quantity,
  kind,
});

function setup(overrides: Partial<RiskLimits> = {}): { gate: RiskGate; clock: ManualClock; halts: string[] } {
  const clock = new ManualClock(0);
  const gate = new RiskGate({ ...limits, ...overrides }, { clock });
  const halts: string[] = [];
  gate.on('halt', (reason) => halts.push(reason));
  return { gate, clock, halts };
}

function reasonOf(gate: RiskGate, order: OrderIntent, context: RiskContext = ctx): DenyReason | 'ALLOWED' {
  const decision = gate.check(order, context);
  return decision.allowed ? 'ALLOWED' : decision.reason;
}

describe('RiskGate pre-trade checks', () => {
  it('allows an order inside every limit', () => {
    const { gate } = setup();
    expect(gate.check(buy('99500', '0.05'), ctx)).toEqual({ allowed: true });
    expect(gate.counters().allowed).toBe(1);
  });

  it.each<[string, OrderIntent, Partial<RiskContext>, DenyReason]>([
    ['size above maxOrderSize', buy('99500', '0.1001'), {}, 'MAX_ORDER_SIZE'],
    ['notional above maxOrderNotional', buy('99500', '0.09'), {}, 'MAX_ORDER_NOTIONAL'], // 8955 > 8000
    ['buy more than 2.5 % below fair value', buy('97499.5', '0.01'), {}, 'PRICE_BAND'],
    ['sell more than 2.5 % above fair value', sell('102500.5', '0.01'), {}, 'PRICE_BAND'],
    ['open orders at the limit', buy('99500', '0.01'), { openOrders: 50 }, 'MAX_OPEN_ORDERS'],
    ['working buys push past max long', buy('99500', '0.02'), { workingBuyQty: '0.49' }, 'MAX_LONG_POSITION'],
    ['working sells push past max short', sell('100500', '0.02'), { workingSellQty: '0.39' }, 'MAX_SHORT_POSITION'],
    ['no fair value', buy('99500', '0.01'), { fairValue: undefined }, 'STALE_REFERENCE'],
    ['reference too old', buy('99500', '0.01'), { referenceAgeMs: 3001 }, 'STALE_REFERENCE'],
    ['reference age unknown', buy('99500', '0.01'), { referenceAgeMs: undefined }, 'STALE_REFERENCE'],
    ['crossed reference', buy('99500', '0.01'), { referenceCrossed: true }, 'CROSSED_REFERENCE'],
    ['malformed price', buy('9e4', '0.01'), {}, 'INVALID_ORDER'],
    ['zero quantity', buy('99500', '0'), {}, 'INVALID_ORDER'],
  ])('denies %s', (_name, order, context, reason) => {
    const { gate } = setup();
    const decision = gate.check(order, { ...ctx, ...context });
    expect(decision).toMatchObject({ allowed: false, reason });
    expect(decision.allowed === false && decision.detail.length > 0).toBe(true);
    expect(gate.counters().denied[reason]).toBe(1);
  });

  it('puts the price band edge exactly at ±2.5 %', () => {
    const { gate } = setup();
    expect(reasonOf(gate, buy('97500', '0.01'))).toBe('ALLOWED');
    expect(reasonOf(gate, sell('102500', '0.01'))).toBe('ALLOWED');
    expect(reasonOf(gate, sell('102500.01', '0.01'))).toBe('PRICE_BAND');
  });

  it('counts the current position, from its ledger, towards the position limits', () => {
    const clock = new ManualClock(0);
    const ledger = new PositionLedger();
    const gate = new RiskGate({ ...limits, maxNotionalExposure: '100000' }, { clock, ledger });
    ledger.applyFill({ execId: 'f1', side: 'buy', quantity: '0.45', price: '100000' });
    expect(reasonOf(gate, buy('99500', '0.05'))).toBe('ALLOWED');
    expect(reasonOf(gate, buy('99500', '0.06'))).toBe('MAX_LONG_POSITION');
    // An explicit position in the context wins over the ledger.
    expect(reasonOf(gate, buy('99500', '0.06'), { ...ctx, position: '0' })).toBe('ALLOWED');
  });

  it('denies worst-case notional exposure above the limit', () => {
    const { gate } = setup({ maxLongPosition: '1' });
    // (0.4 + 0.06) × 100000 = 46000 > 45000
    expect(reasonOf(gate, buy('99500', '0.06'), { ...ctx, position: '0.4' })).toBe('MAX_NOTIONAL_EXPOSURE');
    expect(reasonOf(gate, buy('99500', '0.05'), { ...ctx, position: '0.4' })).toBe('ALLOWED');
  });

  it('does not count a replace against the open-order limit', () => {
    const { gate } = setup();
    expect(reasonOf(gate, buy('99500', '0.01', 'replace'), { ...ctx, openOrders: 50 })).toBe('ALLOWED');
  });
});

describe('RiskGate message budget', () => {
  it('denies new orders once the bucket is empty and allows them again as it refills', () => {
    const { gate, clock } = setup({ messagesPerSecond: 5 });
    const results = Array.from({ length: 6 }, () => reasonOf(gate, buy('99500', '0.01')));
    expect(results).toEqual(['ALLOWED', 'ALLOWED', 'ALLOWED', 'ALLOWED', 'ALLOWED', 'MESSAGE_BUDGET']);
    clock.advance(200);
    expect(reasonOf(gate, buy('99500', '0.01'))).toBe('ALLOWED');
  });

  it('spends no token on an order another check denies', () => {
    const { gate } = setup({ messagesPerSecond: 1 });
    expect(reasonOf(gate, buy('50000', '0.01'))).toBe('PRICE_BAND');
    expect(reasonOf(gate, buy('99500', '0.01'))).toBe('ALLOWED');
  });

  it('always allows cancels, borrowing against the budget when it is empty', () => {
    const { gate, clock } = setup({ messagesPerSecond: 2 });
    expect(reasonOf(gate, buy('99500', '0.01'))).toBe('ALLOWED');
    expect(reasonOf(gate, buy('99500', '0.01'))).toBe('ALLOWED');
    for (let i = 0; i < 4; i++) expect(reasonOf(gate, buy('0', '0', 'cancel'))).toBe('ALLOWED');
    expect(gate.messageBudget().available).toBe(-4);
    expect(gate.counters()).toMatchObject({ cancels: 4, cancelsOnDebt: 4 });
    // The debt is repaid before new orders go out again: 5 tokens needed at 2/s.
    clock.advance(2400);
    expect(reasonOf(gate, buy('99500', '0.01'))).toBe('MESSAGE_BUDGET');
    clock.advance(100);
    expect(reasonOf(gate, buy('99500', '0.01'))).toBe('ALLOWED');
  });

  it('shrinks on a venue throttle reject and exposes the current rate', () => {
    const { gate, clock } = setup({ messagesPerSecond: 15 });
    expect(gate.messageBudget()).toMatchObject({ ratePerSec: 15, maxRatePerSec: 15 });
    gate.onThrottleReject();
    expect(gate.messageBudget().ratePerSec).toBe(7.5);
    clock.advance(2000);
    gate.onThrottleReject();
    expect(gate.messageBudget().ratePerSec).toBe(3.75);
    clock.advance(10_000);
    expect(gate.messageBudget().ratePerSec).toBe(4.75);
    expect(gate.counters().throttleRejects).toBe(2);
  });

  it("messageBudgetInto and availableMessages report what messageBudget reports, into the caller's object", () => {
    const { gate, clock } = setup({ messagesPerSecond: 15 });
    const figures = { ratePerSec: 0, available: 0, maxRatePerSec: 0 };
    const spend = (n: number): void => {
      for (let i = 0; i < n; i++) gate.check(buy('99500', '0.01'), ctx);
    };
    for (const step of [() => spend(4), () => gate.onThrottleReject(), () => clock.advance(12_000), () => spend(40)]) {
      step();
      expect(gate.messageBudgetInto(figures)).toBe(figures);
      expect(figures).toEqual(gate.messageBudget());
      expect(gate.availableMessages()).toBe(gate.messageBudget().available);
    }
    expect(figures.maxRatePerSec).toBe(13.5); // the learned ceiling: 90 % of the rate that drew the throttle
  });
});

describe('RiskGate trading states and kill switch', () => {
  it('HALTED denies new and replace orders but allows cancels; kill emits halt with the reason', () => {
    const { gate, halts } = setup();
    const states: string[] = [];
    gate.on('state', (state, previous, why) => states.push(`${previous}->${state}:${why}`));
    gate.kill('operator');
    expect(gate.state).toBe('HALTED');
    expect(halts).toEqual(['operator']);
    expect(states).toEqual(['ACTIVE->HALTED:operator']);
    expect(reasonOf(gate, buy('99500', '0.01'))).toBe('HALTED');
    expect(reasonOf(gate, sell('100500', '0.01', 'replace'))).toBe('HALTED');
    expect(reasonOf(gate, sell('0', '0', 'cancel'))).toBe('ALLOWED');
    gate.kill('again');
    expect(halts).toEqual(['operator', 'again']);
    gate.setState('ACTIVE', 'operator resume');
    expect(reasonOf(gate, buy('99500', '0.01'))).toBe('ALLOWED');
  });

  it('REDUCING allows only orders that bring the position toward zero without crossing it', () => {
    const { gate } = setup();
    gate.setState('REDUCING', 'inventory too large');
    const long = { ...ctx, position: '0.3' };
    expect(reasonOf(gate, buy('99500', '0.01'), long)).toBe('REDUCING_ONLY');
    expect(reasonOf(gate, sell('100500', '0.07'), long)).toBe('ALLOWED');
    // Working sells count: 0.25 already working, 0.07 more would take it to −0.02.
    expect(reasonOf(gate, sell('100500', '0.07'), { ...long, workingSellQty: '0.25' })).toBe('REDUCING_ONLY');
    const short = { ...ctx, position: '-0.2' };
    expect(reasonOf(gate, sell('100500', '0.01'), short)).toBe('REDUCING_ONLY');
    expect(reasonOf(gate, buy('99500', '0.07'), short)).toBe('ALLOWED');
    expect(reasonOf(gate, buy('99500', '0.01'), { ...ctx, position: '0' })).toBe('REDUCING_ONLY');
  });

  it('halts on a reject storm (count within the window), not on the same count spread out', () => {
    const { gate, clock, halts } = setup(); // 3 within 1000 ms
    gate.onReject('Insufficient balance');
    clock.advance(600);
    gate.onReject('Insufficient balance');
    clock.advance(600); // the first reject has left the window
    gate.onReject('Insufficient balance');
    expect(gate.state).toBe('ACTIVE');
    clock.advance(100);
    // Changed (issue 12): this used 'Open order limit exceeded', which now teaches a venue limit instead of counting
    // towards a storm (see the learned-limits tests); any order error still counts.
    gate.onReject('Order outside book price bands');
    expect(gate.state).toBe('HALTED');
    expect(halts).toHaveLength(1);
    expect(halts[0]).toMatch(/reject storm: 3 rejects within 1000 ms .*Order outside book price bands/);
  });

  it('halts when a fill takes net PnL to the loss limit', () => {
    const { gate, halts } = setup(); // maxLoss 100
    gate.applyFill({ execId: 'b', side: 'buy', quantity: '0.1', price: '100000', fee: '1' });
    gate.applyFill({ execId: 's1', side: 'sell', quantity: '0.05', price: '99000' }); // realized −50, fees 1
    expect(gate.state).toBe('ACTIVE');
    gate.applyFill({ execId: 's2', side: 'sell', quantity: '0.05', price: '99020' }); // realized −99, net −100
    expect(gate.state).toBe('HALTED');
    expect(halts[0]).toBe('loss limit: net PnL -100 <= -100');
  });

  it('halts when marking the open position to fair value shows the loss limit reached', () => {
    const { gate, halts } = setup();
    gate.applyFill({ execId: 'b', side: 'buy', quantity: '0.1', price: '100000' });
    gate.markToMarket('99001'); // −99.9
    expect(gate.state).toBe('ACTIVE');
    gate.markToMarket('99000'); // −100
    expect(gate.state).toBe('HALTED');
    expect(halts).toEqual(['loss limit: net PnL -100 <= -100']);
    expect(gate.applyFill({ execId: 'b', side: 'buy', quantity: '0.1', price: '100000' })).toBe(false);
  });
});

describe('risk limits', () => {
  it('fills defaults and names the bad field', () => {
    expect(resolveRiskLimits({})).toEqual(defaultRiskLimits);
    expect(defaultRiskLimits).toMatchObject({ priceBandPct: '2.5', maxOpenOrders: 50, messagesPerSecond: 15 });
    expect(() => resolveRiskLimits({ maxOrderSize: 'lots' })).toThrow(RiskInputError);
    expect(() => resolveRiskLimits({ maxOrderSize: '-1' })).toThrow(/maxOrderSize/);
    expect(() => resolveRiskLimits({ messagesPerSecond: 0 })).toThrow(/messagesPerSecond/);
    expect(
      () => new RiskGate({ ...limits, rejectStorm: { count: 0, windowMs: 1 } }, { clock: new ManualClock() }),
    ).toThrow(/rejectStorm/);
  });
});

describe('RiskGate venue limits learned from rejects', () => {
  it('"Open order limit exceeded" lowers maxOpenOrders to our open orders, is reported, and never halts', () => {
    const { gate, halts } = setup(); // reject storm: 3 within 1000 ms
    const learned: Array<[string, number]> = [];
    gate.on('limit-learned', (limit, value) => learned.push([limit, value]));
    expect(reasonOf(gate, buy('99500', '0.01'), { ...ctx, openOrders: 30 })).toBe('ALLOWED');
    for (let i = 0; i < 5; i++) gate.onReject('Open order limit exceeded', { openOrders: 30 });
    expect(gate.state).toBe('ACTIVE');
    expect(halts).toEqual([]);
    expect(learned).toEqual([['maxOpenOrders', 30]]);
    expect(gate.learnedLimits().maxOpenOrders).toMatchObject({ value: 30, evidence: 'Open order limit exceeded' });
    expect(reasonOf(gate, buy('99500', '0.01'), { ...ctx, openOrders: 30 })).toBe('MAX_OPEN_ORDERS');
    expect(reasonOf(gate, buy('99500', '0.01'), { ...ctx, openOrders: 29 })).toBe('ALLOWED');
    expect(gate.counters()).toMatchObject({ venueLimitRejects: 5 });
  });

  it('without a count, learns from the open orders of the last new order checked', () => {
    const { gate } = setup();
    gate.check(buy('99500', '0.01'), { ...ctx, openOrders: 12 });
    gate.onReject('open orders limit reached');
    expect(gate.learnedLimits().maxOpenOrders?.value).toBe(12);
  });

  it('a throttle reject lowers the message-rate ceiling and reports it', () => {
    const { gate } = setup();
    const before = gate.messageBudget().maxRatePerSec;
    gate.onThrottleReject();
    const learned = gate.learnedLimits().messagesPerSecond;
    expect(learned).toMatchObject({ value: before * 0.9, throttledAtRatePerSec: before });
    expect(gate.messageBudget().maxRatePerSec).toBe(before * 0.9);
    expect(gate.state).toBe('ACTIVE');
  });

  it('cancels keep priority: reserved tokens are not spent on new orders; retries take a token only if there is one', () => {
    const { gate } = setup();
    const burst = Math.floor(gate.messageBudget().available);
    gate.reserveForCancels(burst);
    expect(reasonOf(gate, buy('99500', '0.01'))).toBe('MESSAGE_BUDGET');
    for (let i = 0; i < burst; i++) expect(gate.tryTakeMessage()).toBe(true);
    expect(gate.tryTakeMessage()).toBe(false);
    gate.chargeCancel(); // always allowed: borrows
    expect(gate.messageBudget().available).toBeLessThan(0);
    expect(gate.counters()).toMatchObject({ cancels: burst + 1, cancelsOnDebt: 1 });
  });
});
