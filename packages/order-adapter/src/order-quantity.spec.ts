import { Decimal } from 'decimal.js';
import fc from 'fast-check';
import { isPositiveDecimal, leavesQuantity } from './order-quantity';

/** Unsigned plain decimal text, up to 24 digits (many beyond a safe integer, forcing the decimal.js fallback). */
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

/** What replaceOrder computed before the integer path: the reference. */
function referenceLeaves(quantity: string, cumQty: string): string {
  const leaves = new Decimal(quantity).minus(cumQty);
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

  it('keeps decimal.js behaviour for a cumQty it cannot read itself', () => {
    expect(leavesQuantity('0.01', '1e-3')).toBe('0.009');
    expect(() => leavesQuantity('0.01', 'garbage')).toThrow(/DecimalError/);
  });
});
