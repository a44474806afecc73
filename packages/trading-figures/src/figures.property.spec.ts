import { Decimal } from 'decimal.js';
import fc from 'fast-check';
import {
  FigureInputError,
  decimalsOf,
  fillRate,
  formatFigure,
  formatPercent,
  ladderLevels,
  netPnl,
  ratioOf,
  spreadCapture,
  type CaptureFill,
  type LevelOrder,
} from './index';

// decimal.js is the oracle here and only here (a devDependency). `Legacy` is the figures' former arithmetic exactly
// (40 significant digits, ties to even): on every realistic figure the new exact code must give the same text.
// `Exact` has digits to spare, for figures at the limits (22 decimals, 18 integer digits), where 40 digits round.
const Legacy = Decimal.clone({ precision: 40, rounding: Decimal.ROUND_HALF_EVEN });
const Exact = Decimal.clone({ precision: 200, rounding: Decimal.ROUND_HALF_EVEN, toExpNeg: -200, toExpPos: 200 });
type AnyDecimal = InstanceType<typeof Legacy>;

const RUNS = { numRuns: 300 };

/** Plain decimal text: up to `intDigits` integer digits, up to `decimals` fraction digits (trailing zeros kept). */
function decimalText(intDigits: number, decimals: number, signed = true): fc.Arbitrary<string> {
  return fc
    .tuple(
      signed ? fc.boolean() : fc.constant(false),
      fc.stringMatching(new RegExp(`^[0-9]{1,${intDigits}}$`)),
      fc.stringMatching(new RegExp(`^[0-9]{0,${decimals}}$`)),
    )
    .map(([negative, int, fraction]) => `${negative ? '-' : ''}${int}${fraction === '' ? '' : `.${fraction}`}`);
}

const price = decimalText(6, 8, false);
const quantity = decimalText(3, 8, false);
const money = decimalText(7, 12);

const captureFill: fc.Arbitrary<CaptureFill> = fc.record({
  side: fc.constantFrom('buy' as const, 'sell' as const),
  quantity,
  price,
  fairValueAtFill: price,
  quotedPrice: price,
  fairValueAtQuote: price,
});

/** Spread capture as the figures computed it with decimal.js. */
function legacySpreadCapture(fills: readonly CaptureFill[], D: typeof Legacy) {
  const edge = (side: string, px: string, fv: string) => (side === 'buy' ? new D(fv).minus(px) : new D(px).minus(fv));
  let captured: AnyDecimal = new D(0);
  let quoted: AnyDecimal = new D(0);
  for (const f of fills) {
    captured = captured.plus(edge(f.side, f.price, f.fairValueAtFill).times(f.quantity));
    quoted = quoted.plus(edge(f.side, f.quotedPrice, f.fairValueAtQuote).times(f.quantity));
  }
  return {
    fillsPriced: fills.length,
    capturedEdge: captured.toFixed(),
    quotedEdge: quoted.toFixed(),
    ratio:
      fills.length === 0 || !quoted.greaterThan(0)
        ? null
        : captured.dividedBy(quoted).toFixed(4, Decimal.ROUND_HALF_EVEN),
  };
}

function legacyFormat(value: string | number, decimals: number): string {
  const text = new Legacy(typeof value === 'number' ? String(value) : value).toFixed(decimals, Decimal.ROUND_HALF_EVEN);
  return /^-0(\.0+)?$/.test(text) ? text.slice(1) : text;
}

describe('figures against the decimal.js oracle', () => {
  it('spread capture: the same sums and ratio as decimal.js, fill by fill', () => {
    fc.assert(
      fc.property(fc.array(captureFill, { maxLength: 12 }), (fills) => {
        expect(spreadCapture(fills)).toEqual(legacySpreadCapture(fills, Legacy));
      }),
      RUNS,
    );
  });

  it('spread capture: ratios near a tie and negative ratios that round to zero', () => {
    // Quoted edge 1 × 0.0002; captured ±0.00005 × 0.0002 ... : ratio ±0.00005, a tie at 4 decimals.
    const fills = (captured: string): CaptureFill[] => [
      {
        side: 'buy',
        quantity: '0.0002',
        price: '100',
        fairValueAtFill: captured,
        quotedPrice: '99',
        fairValueAtQuote: '100',
      },
    ];
    for (const fv of ['100.00005', '99.99995', '100.00015', '99.99999', '100.000049']) {
      expect(spreadCapture(fills(fv))).toEqual(legacySpreadCapture(fills(fv), Legacy));
    }
    expect(spreadCapture(fills('99.99999')).ratio).toBe('-0.0000'); // decimal.js's toFixed kept the sign
  });

  it('fill rate: the same 4-decimal ratio', () => {
    fc.assert(
      fc.property(fc.nat(1_000_000), fc.nat(1_000_000), (a, b) => {
        const [filled, acked] = a <= b ? [a, b] : [b, a];
        const expected = acked === 0 ? null : new Legacy(filled).dividedBy(acked).toFixed(4, Decimal.ROUND_HALF_EVEN);
        expect(fillRate(filled, acked)).toBe(expected);
      }),
      RUNS,
    );
  });

  it('net PnL: realized + unrealized − fees, the same text', () => {
    fc.assert(
      fc.property(money, money, money, (r, u, f) => {
        expect(netPnl(r, u, f)).toBe(new Legacy(r).plus(u).minus(f).toFixed());
      }),
      RUNS,
    );
  });

  it('display rounding: the same text for strings, numbers and percentages, never -0', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          decimalText(9, 12),
          // At least 1e-6: a double's shortest form (17 digits at most) then has at most 22 decimals.
          fc.double({ min: -1e9, max: 1e9, noNaN: true }).filter((x) => Math.abs(x) >= 1e-6 || x === 0),
        ),
        fc.integer({ min: 0, max: 10 }),
        (value, decimals) => {
          expect(formatFigure(value, decimals)).toBe(legacyFormat(value, decimals));
          const percent = new Legacy(typeof value === 'number' ? String(value) : value).times(100).toFixed();
          expect(formatPercent(value, decimals)).toBe(`${legacyFormat(percent, decimals)}%`);
          expect(formatFigure(value, decimals)).not.toMatch(/^-0(\.0+)?$/);
        },
      ),
      RUNS,
    );
  });

  it('display rounding: ties to even, exponents, the forms decimal.js read', () => {
    const cases: Array<[string | number, number]> = [
      ['0.125', 2],
      ['0.135', 2],
      ['-0.125', 2],
      ['2.5', 0],
      ['3.5', 0],
      ['-0.005', 2],
      ['1e-7', 8],
      ['1.5E3', 1],
      ['+5', 2],
      ['.5', 1],
      ['5.', 1],
      [1e-7, 8],
      [0.1 + 0.2, 17],
      [-0, 2],
      ['-0', 2],
      ['123456789012345678.5', 0],
    ];
    for (const [value, decimals] of cases) expect(formatFigure(value, decimals)).toBe(legacyFormat(value, decimals));
    for (const step of ['0.5', '0.0001', '1', '10', '1e-5', '0.50', '2.5e1']) {
      expect(decimalsOf(step)).toBe(Math.max(0, new Legacy(step).decimalPlaces()));
    }
  });

  it('ladder levels: grouped by exact price, summed exactly, highest first', () => {
    const order: fc.Arbitrary<LevelOrder> = fc.record({
      side: fc.constantFrom('buy' as const, 'sell' as const),
      // Few distinct prices, written with or without trailing zeros, so that levels group.
      price: fc
        .tuple(fc.constantFrom('97000', '97000.5', '96999.25', '0.00000001'), fc.constantFrom('', '0', '000'))
        .map(([p, zeros]) => (zeros === '' ? p : p.includes('.') ? p + zeros : `${p}.${zeros}`)),
      quantity,
    });
    fc.assert(
      fc.property(fc.array(order, { maxLength: 20 }), (orders) => {
        // The dashboard's former decimal.js aggregation.
        const levels = new Map<string, { price: AnyDecimal; buy: AnyDecimal[]; sell: AnyDecimal[] }>();
        for (const o of orders) {
          const p = new Legacy(o.price);
          const level = levels.get(p.toFixed()) ?? { price: p, buy: [], sell: [] };
          level[o.side].push(new Legacy(o.quantity));
          levels.set(p.toFixed(), level);
        }
        const side = (qs: AnyDecimal[]) =>
          qs.length === 0 ? null : { quantity: qs.reduce((a, b) => a.plus(b)).toFixed(), orders: qs.length };
        const expected = [...levels.values()]
          .sort((a, b) => b.price.comparedTo(a.price))
          .map((l) => ({ price: l.price.toFixed(), buy: side(l.buy), sell: side(l.sell) }));
        expect(ladderLevels(orders)).toEqual(expected);
      }),
      RUNS,
    );
  });

  it('ratioOf: |used| / limit as the same double, 0 for a zero limit', () => {
    fc.assert(
      fc.property(money, decimalText(7, 8, false), (used, limit) => {
        const l = new Legacy(limit);
        const expected = l.isZero() ? 0 : new Legacy(used).abs().dividedBy(l).toNumber();
        expect(ratioOf(used, limit)).toBe(expected);
      }),
      RUNS,
    );
    expect(ratioOf('0.215567793667', '2000')).toBe(0.0001077838968335);
    expect(ratioOf('-1', '3')).toBe(1 / 3);
  });
});

describe('figures at the limits: exact, and refused beyond them', () => {
  const extreme = decimalText(18, 22);

  it('is exact with 22 decimals and 18 integer digits, where 40 significant digits would round', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            side: fc.constantFrom('buy' as const, 'sell' as const),
            quantity: decimalText(18, 22, false),
            price: decimalText(18, 22, false),
            fairValueAtFill: decimalText(18, 22, false),
            quotedPrice: decimalText(18, 22, false),
            fairValueAtQuote: decimalText(18, 22, false),
          }),
          { maxLength: 5 },
        ),
        (fills) => {
          const exact = legacySpreadCapture(fills, Exact);
          const result = spreadCapture(fills);
          expect(result.capturedEdge).toBe(exact.capturedEdge);
          expect(result.quotedEdge).toBe(exact.quotedEdge);
          expect(result.ratio).toBe(exact.ratio);
        },
      ),
      { numRuns: 100 },
    );
    fc.assert(
      fc.property(extreme, extreme, extreme, (r, u, f) => {
        expect(netPnl(r, u, f)).toBe(new Exact(r).plus(u).minus(f).toFixed());
      }),
      { numRuns: 100 },
    );
  });

  it('refuses more than 22 decimals or 18 integer digits: FigureInputError for figures, "-" for display', () => {
    const tooPrecise = `0.${'0'.repeat(22)}1`;
    const tooLarge = '1'.repeat(19);
    for (const bad of [tooPrecise, tooLarge, '1e18', '1e-23', '1e999999999999']) {
      expect(() => netPnl(bad, '0', '0')).toThrow(FigureInputError);
      expect(() =>
        spreadCapture([
          { side: 'buy', quantity: bad, price: '1', fairValueAtFill: '1', quotedPrice: '1', fairValueAtQuote: '1' },
        ]),
      ).toThrow(/quantity/);
      expect(formatFigure(bad, 2)).toBe('-');
      expect(formatPercent(bad)).toBe('-');
      expect(() => ratioOf(bad, '1')).toThrow(FigureInputError);
      expect(() => ladderLevels([{ side: 'buy', price: bad, quantity: '1' }])).toThrow(/price/);
    }
    // The largest figures still accepted.
    expect(netPnl(`0.${'0'.repeat(21)}1`, '9'.repeat(18), '0')).toBe(`${'9'.repeat(18)}.${'0'.repeat(21)}1`);
    expect(formatFigure('1e17', 0)).toBe('100000000000000000');
    expect(formatFigure(Number.NaN, 2)).toBe('-');
    expect(formatFigure('Infinity', 2)).toBe('-');
    expect(formatFigure('0x10', 2)).toBe('-');
    // A number is read at its shortest form: 1.5e-22 has 23 decimals, beyond what a figure holds.
    expect(formatFigure(1.5e-22, 2)).toBe('-');
    expect(formatFigure(1.5e-21, 2)).toBe('0.00');
  });
});
