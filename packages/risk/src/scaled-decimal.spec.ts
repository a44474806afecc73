import fc from 'fast-check';
import { RiskDecimal } from './decimal';
import { decimalText } from './decimal-text.test-util';
import {
  SCALED_INEXACT,
  SCALED_INVALID,
  SCALED_OK,
  ScaledDecimal,
  addExact,
  compareScaled,
  multiplyExact,
  parseScaledDecimal,
  rescale,
} from './scaled-decimal';

const DECIMAL_PATTERN = /^-?\d+(\.\d+)?$/;

const valueOf = (slot: ScaledDecimal): RiskDecimal => new RiskDecimal(`${slot.units}e-${slot.scale}`);

describe('parseScaledDecimal', () => {
  it('accepts exactly the plain decimals parseDecimal accepts, and holds their exact value', () => {
    const text = fc.oneof(
      decimalText(),
      fc.string({ unit: fc.constantFrom('0', '1', '9', '.', '-', '+', 'e', ' ') }),
      fc.constantFrom('', '-', '.5', '5.', '1.2.3', '1e5', '-0', '-0.000', '007.50', '9007199254740993'),
    );
    fc.assert(
      fc.property(text, (t) => {
        const slot = new ScaledDecimal();
        parseScaledDecimal(t, slot);
        expect(slot.status === SCALED_INVALID).toBe(!DECIMAL_PATTERN.test(t));
        if (slot.status === SCALED_OK) {
          expect(Number.isSafeInteger(slot.units)).toBe(true);
          expect(valueOf(slot).equals(new RiskDecimal(t))).toBe(true);
          // Trailing zeros are dropped: the scale is minimal.
          expect(slot.scale === 0 || slot.units % 10 !== 0).toBe(true);
        }
        if (slot.status === SCALED_INEXACT) {
          // Either a negative zero or more digits than a safe integer holds.
          const digits = BigInt(t.replace('-', '').replace('.', ''));
          expect(digits === 0n ? t.startsWith('-') : digits > BigInt(Number.MAX_SAFE_INTEGER)).toBe(true);
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('re-parses a slot only when the text changes', () => {
    const slot = new ScaledDecimal();
    expect(slot.parse('0.0120')).toBe(SCALED_OK);
    expect([slot.units, slot.scale]).toEqual([12, 3]);
    slot.units = 99; // a stale slot would keep this
    expect(slot.parse('0.0120')).toBe(SCALED_OK);
    expect(slot.units).toBe(99);
    expect(slot.parse('0.5')).toBe(SCALED_OK);
    expect([slot.units, slot.scale]).toEqual([5, 1]);
  });
});

describe('scaled arithmetic', () => {
  const scaled = fc.tuple(
    fc.oneof(
      fc.integer({ min: -1e6, max: 1e6 }),
      fc.maxSafeInteger(),
      fc.maxSafeInteger().map((n) => -n),
    ),
    fc.integer({ min: 0, max: 25 }),
  );
  const exact = ([units, scale]: [number, number]): RiskDecimal => new RiskDecimal(`${units}e-${scale}`);

  it('compareScaled agrees with decimal.js or answers NaN', () => {
    fc.assert(
      fc.property(scaled, scaled, (a, b) => {
        const c = compareScaled(a[0], a[1], b[0], b[1]);
        if (Number.isNaN(c)) return;
        expect(c).toBe(exact(a).comparedTo(exact(b)));
      }),
      { numRuns: 2000 },
    );
  });

  it('multiplyExact, addExact and rescale are exact or NaN, never a rounded number', () => {
    fc.assert(
      fc.property(scaled, scaled, (a, b) => {
        const product = multiplyExact(a[0], b[0]);
        const trueProduct = BigInt(a[0]) * BigInt(b[0]);
        if (Number.isNaN(product))
          expect(trueProduct > BigInt(Number.MAX_SAFE_INTEGER) || -trueProduct > BigInt(Number.MAX_SAFE_INTEGER)).toBe(
            true,
          );
        else expect(BigInt(product)).toBe(trueProduct);
        const sum = addExact(a[0], b[0]);
        if (!Number.isNaN(sum)) expect(BigInt(sum)).toBe(BigInt(a[0]) + BigInt(b[0]));
        const to = a[1] + (b[1] % 8);
        const moved = rescale(a[0], a[1], to);
        if (!Number.isNaN(moved)) expect(BigInt(moved)).toBe(BigInt(a[0]) * 10n ** BigInt(to - a[1]));
      }),
      { numRuns: 2000 },
    );
  });
});
