import { Decimal } from 'decimal.js';
import { FixedPointError } from '@truex-mm/fixed-point';
import fc from 'fast-check';
import { isPositiveDecimal, leavesQuantity } from './order-quantity';

/** Unsigned plain decimal text, up to 24 digits (many beyond a safe integer, forcing the bigint path). */
const quantityText = fc
  .tuple(
    fc.bigInt({ min: 0n, max: 10n ** 24n - 1n }),
    fc.integer({ min: 0, max: 20 }),
    fc.nat({ max: 3 }),
    fc.nat({ max: 2 }),
  )
  .map(([units, scale, trailingZeros, leadingZeros]) => {
    const digits = units.toString().padStart(scale + 1, '0');
    const whole = '0'.repeat(leadingZeros) + digits.slice(0, digits.length - scale);
    const fraction = digits.slice(digits.length - scale) + (scale > 0 ? '0'.repeat(trailingZeros) : '');
    return whole + (fraction ? `.${fraction}` : '');
  });
const ladderQuantity = fc.integer({ min: 0, max: 100_000 }).map((n) => (n / 10_000).toFixed(4));

// The oracle, in decimal.js (a test-only dependency here). Changed with the move to @truex-mm/fixed-point: the old
// reference used decimal.js' default 20 significant digits, so for long figures it (and the fallback it mirrored)
// rounded: 985777 − 885776.378695551067311 gave 100000.62130444893269. The single exact path now gives
// 100000.621304448932689, so the oracle computes with enough digits never to round.
const Exact = Decimal.clone({ precision: 80, toExpNeg: -80, toExpPos: 80 });

function referenceLeaves(quantity: string, cumQty: string): string {
  const leaves = new Exact(quantity).minus(cumQty);
  return leaves.isNegative() ? '0' : leaves.toFixed();
}

describe('isPositiveDecimal', () => {
  it('accepts exactly what /^\\d+(\\.\\d+)?$/ and /[1-9]/ accept', () => {
    const text = fc.oneof(
      quantityText,
      fc.string({ unit: fc.constantFrom('0', '1', '.', '-', '+', 'e', ' ', 'x') }),
      fc.constantFrom('', '.', '.5', '5.', '0.000', '1.2.3', '-1', '1e3', ' 1'),
    );
    fc.assert(
      fc.property(text, (t) => {
        expect(isPositiveDecimal(t)).toBe(/^\d+(\.\d+)?$/.test(t) && /[1-9]/.test(t));
      }),
      { numRuns: 3000 },
    );
  });
});

describe('leavesQuantity', () => {
  it('gives the same text as decimal.js for any quantity and cumQty, including ones beyond a safe integer', () => {
    fc.assert(
      fc.property(
        fc.oneof(quantityText, ladderQuantity),
        fc.oneof(quantityText, ladderQuantity, fc.constant('0')),
        (q, cum) => {
          expect(leavesQuantity(q, cum)).toBe(referenceLeaves(q, cum));
        },
      ),
      { numRuns: 5000 },
    );
  });

  it('gives the same text on and around a fully filled quantity', () => {
    fc.assert(
      fc.property(ladderQuantity, fc.constantFrom(-1, 0, 1), (q, delta) => {
        const cum = new Decimal(q).plus(new Decimal(delta).times('0.0001')).abs().toFixed(4);
        expect(leavesQuantity(q, cum)).toBe(referenceLeaves(q, cum));
      }),
    );
    expect(leavesQuantity('0.0100', '0.004')).toBe('0.006');
    expect(leavesQuantity('0.01', '0.01')).toBe('0');
    expect(leavesQuantity('0.01', '0.02')).toBe('0');
  });

  // Rewritten with the move to @truex-mm/fixed-point: the decimal.js fallback that read exponent notation ("1e-3")
  // is gone. A cumQty here is always the adapter's own plain text (fromUnits), so strictness loses nothing, and
  // malformed text is a typed FixedPointError (a RangeError) instead of decimal.js' DecimalError.
  it('refuses a cumQty that is not a plain decimal with a typed error', () => {
    expect(() => leavesQuantity('0.01', '1e-3')).toThrow(FixedPointError);
    expect(() => leavesQuantity('0.01', 'garbage')).toThrow(RangeError);
    expect(() => leavesQuantity('0.01', '-0.001')).toThrow(FixedPointError);
  });
});
