import { Decimal } from 'decimal.js';
import fc from 'fast-check';
import {
  FixedPointError,
  Rounding,
  ScaledDecimal,
  ParseStatus,
  type RoundingMode,
  addScaled,
  compareProduct,
  compareProducts,
  compareUnits,
  divRound,
  divUnits,
  formatNumber,
  formatUnits,
  formatUnitsBig,
  mulUnits,
  numberToPlainDecimal,
  parseDecimalInto,
  parseUnits,
  parseUnitsBig,
  rescaleUnits,
  roundToIncrement,
  tryParseUnits,
} from './index';

// decimal.js is the oracle here and only here (a devDependency): 60 digits, far beyond any case generated below.
const D = Decimal.clone({ precision: 60, toExpNeg: -60, toExpPos: 60 });
const Exact = Decimal.clone({ precision: 1200, toExpNeg: -1200, toExpPos: 1200 });
const SAFE = new D(Number.MAX_SAFE_INTEGER);
const PLAIN = /^-?\d+(\.\d+)?$/;

const ORACLE_MODE: Record<RoundingMode, Decimal.Rounding | undefined> = {
  [Rounding.DOWN]: Decimal.ROUND_DOWN,
  [Rounding.UP]: Decimal.ROUND_UP,
  [Rounding.FLOOR]: Decimal.ROUND_FLOOR,
  [Rounding.CEIL]: Decimal.ROUND_CEIL,
  [Rounding.HALF_UP]: Decimal.ROUND_HALF_UP,
  [Rounding.HALF_EVEN]: Decimal.ROUND_HALF_EVEN,
  [Rounding.HALF_DOWN]: Decimal.ROUND_HALF_DOWN,
  [Rounding.EXACT]: undefined,
};
const mode = fc.constantFrom<RoundingMode>(
  Rounding.DOWN,
  Rounding.UP,
  Rounding.FLOOR,
  Rounding.CEIL,
  Rounding.HALF_UP,
  Rounding.HALF_EVEN,
  Rounding.HALF_DOWN,
  Rounding.EXACT,
);

/** The oracle's answer for "x rounded to an integer by mode": a number, or the error code it must throw. */
function oracleRound(x: Decimal, m: RoundingMode): number | string {
  let rounded: Decimal;
  if (m === Rounding.EXACT) {
    if (!x.isInteger()) return 'INEXACT';
    rounded = x;
  } else {
    rounded = x.toDecimalPlaces(0, ORACLE_MODE[m]!);
  }
  return rounded.abs().gt(SAFE) ? 'OVERFLOW' : rounded.toNumber() + 0;
}

function attempt(fn: () => number): number | string {
  try {
    return fn() + 0; // +0 folds −0, which the oracle never produces
  } catch (error) {
    if (error instanceof FixedPointError) return error.code;
    throw error;
  }
}

/** Plain decimal text of up to `digits` digits (many beyond 2^53) and `maxScale` fraction digits, some zero-padded. */
const decimalText = (digits: number, maxScale: number): fc.Arbitrary<string> =>
  fc
    .tuple(
      fc.bigInt({ min: 0n, max: 10n ** BigInt(digits) - 1n }),
      fc.integer({ min: 0, max: maxScale }),
      fc.boolean(),
      fc.nat({ max: 3 }),
    )
    .map(([units, scale, negative, zeros]) => {
      const text = units.toString().padStart(scale + 1, '0');
      const whole = text.slice(0, text.length - scale);
      const fraction = scale > 0 ? text.slice(text.length - scale) + '0'.repeat(zeros) : '';
      return (negative ? '-' : '') + whole + (fraction ? `.${fraction}` : '');
    });
const anyText = fc.oneof(
  { weight: 6, arbitrary: decimalText(20, 12) },
  { weight: 1, arbitrary: fc.string({ maxLength: 8 }) },
  { weight: 1, arbitrary: fc.constantFrom('1e5', '+1', '.5', '5.', '-', '', '0x1', ' 1', '1.2.3', '-0') },
);
const safeInt = fc.oneof(
  fc.integer({ min: -1_000_000, max: 1_000_000 }),
  fc.integer({ min: -Number.MAX_SAFE_INTEGER, max: Number.MAX_SAFE_INTEGER }),
);
const scale = fc.integer({ min: 0, max: 12 });
const at = (units: number, s: number): Decimal => new D(units).div(new D(10).pow(s));

const RUNS = { numRuns: 400 };

describe('fixed-point against a decimal.js oracle', () => {
  it('parseUnits accepts exactly the plain decimals that fit, with the exact value', () => {
    fc.assert(
      fc.property(anyText, scale, fc.boolean(), (text, s, signed) => {
        const got = attempt(() => parseUnits(text, s, signed));
        let expected: number | string;
        if (!PLAIN.test(text)) expected = 'INVALID_DECIMAL';
        else if (text.startsWith('-') && !signed) expected = 'NEGATIVE';
        else {
          const units = new D(text).times(new D(10).pow(s));
          expected = !units.isInteger()
            ? 'TOO_MANY_DECIMALS'
            : units.abs().gt(SAFE)
              ? 'OVERFLOW'
              : units.toNumber() + 0;
        }
        expect(got).toBe(expected);
        const quiet = tryParseUnits(text, s, signed);
        expect(typeof expected === 'number' ? quiet : Number.isNaN(quiet)).toBe(
          typeof expected === 'number' ? expected : true,
        );
        if (typeof expected === 'number' || expected === 'OVERFLOW') {
          expect(formatUnitsBig(parseUnitsBig(text, s, signed), s)).toBe(new D(text).toFixed());
        }
      }),
      RUNS,
    );
  });

  it('parseDecimalInto and formatUnits round-trip every representable decimal', () => {
    const slot = new ScaledDecimal();
    fc.assert(
      fc.property(decimalText(16, 12), (text) => {
        const status = parseDecimalInto(text, slot, true);
        const value = new D(text);
        const digits = value.toFixed().replace(/^-/, '').replace('.', '').replace(/^0+/, '');
        if (digits.length > 15 && status === ParseStatus.OVERFLOW) return; // beyond 2^53 units at its scale
        expect(status).toBe(ParseStatus.OK);
        expect(slot.scale).toBe(value.decimalPlaces());
        expect(formatUnits(slot.units, slot.scale)).toBe(value.isZero() ? '0' : value.toFixed());
      }),
      RUNS,
    );
  });

  it('divRound rounds like decimal.js in every mode', () => {
    fc.assert(
      fc.property(safeInt, safeInt, mode, (n, d, m) => {
        fc.pre(d !== 0);
        expect(attempt(() => divRound(n, d, m))).toBe(oracleRound(new D(n).div(d), m));
      }),
      { numRuns: 1000 },
    );
  });

  it('rescaleUnits, mulUnits, divUnits and addScaled are exact, then rounded once', () => {
    fc.assert(
      fc.property(safeInt, scale, safeInt, scale, scale, mode, (a, as, b, bs, s, m) => {
        const x = at(a, as);
        const y = at(b, bs);
        const unit = new D(10).pow(s);
        expect(attempt(() => rescaleUnits(a, as, s, m))).toBe(oracleRound(x.times(unit), m));
        expect(attempt(() => mulUnits(a, as, b, bs, s, m))).toBe(oracleRound(x.times(y).times(unit), m));
        expect(attempt(() => addScaled(a, as, b, bs, s, m))).toBe(oracleRound(x.plus(y).times(unit), m));
        if (b !== 0) expect(attempt(() => divUnits(a, as, b, bs, s, m))).toBe(oracleRound(x.div(y).times(unit), m));
      }),
      RUNS,
    );
  });

  it('compareUnits and compareProduct are exact at any magnitude', () => {
    fc.assert(
      fc.property(safeInt, scale, safeInt, scale, safeInt, scale, (a, as, b, bs, c, cs) => {
        expect(compareUnits(a, as, b, bs)).toBe(at(a, as).cmp(at(b, bs)));
        expect(compareProduct(a, as, b, bs, c, cs)).toBe(at(a, as).times(at(b, bs)).cmp(at(c, cs)));
        expect(compareProducts(a, as, b, bs, c, cs, b, as)).toBe(
          at(a, as)
            .times(at(b, bs))
            .cmp(at(c, cs).times(at(b, as))),
        );
      }),
      RUNS,
    );
  });

  it('roundToIncrement lands on the grid by the mode asked for', () => {
    fc.assert(
      fc.property(safeInt, fc.integer({ min: 1, max: 1_000_000 }), mode, (units, increment, m) => {
        const count = oracleRound(new D(units).div(increment), m);
        const expected =
          typeof count === 'string'
            ? count
            : new D(count).times(increment).abs().gt(SAFE)
              ? 'OVERFLOW'
              : count * increment + 0;
        expect(attempt(() => roundToIncrement(units, increment, m))).toBe(expected);
      }),
      RUNS,
    );
  });

  it('numberToPlainDecimal writes the value decimal.js reads from a number, without exponent', () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), (x) => {
        const text = numberToPlainDecimal(x);
        expect(PLAIN.test(text)).toBe(true);
        expect(new Exact(text).eq(new Exact(x))).toBe(true);
      }),
      RUNS,
    );
  });

  it('formatNumber writes the double rounded to the asked decimals', () => {
    fc.assert(
      fc.property(fc.double({ min: -1e15, max: 1e15, noNaN: true }), fc.integer({ min: 0, max: 12 }), (x, places) => {
        // The double's exact binary value (m / 2^e), which toFixed rounds half away from zero.
        let m = x;
        let e = 0;
        while (!Number.isInteger(m)) {
          m *= 2;
          e++;
        }
        const exact = new Exact(m).div(new Exact(2).pow(e));
        const expected = exact.toDecimalPlaces(places, Decimal.ROUND_HALF_UP);
        expect(formatNumber(x, places)).toBe(expected.isZero() ? '0' : expected.toFixed());
      }),
      RUNS,
    );
  });
});
