import fc from 'fast-check';

import {
  canonicalFastPrice,
  fastPriceKey,
  formatFastPriceKey,
  formatPriceKey,
  isDecimal,
  isZeroDecimal,
  priceKey,
  sizeKind,
  widenFastPriceKey,
} from './decimal-price';

/** Decimal-looking text: digit runs of any length (so some overflow the fast key), optional fraction, junk. */
const decimalText = fc.oneof(
  fc
    .tuple(fc.stringMatching(/^\d{1,20}$/), fc.option(fc.stringMatching(/^\d{1,14}$/), { nil: undefined }))
    .map(([int, frac]) => (frac === undefined ? int : `${int}.${frac}`)),
  fc.constantFrom('90071992.54740991', '90071992.54740992', '0.000000010000', '1.000000001', '00.50', '0.0'),
  fc.constantFrom('', '.5', '1.', '1e5', '-1', ' 1', '1.2.3', 'abc', '１'),
);

describe('fastPriceKey', () => {
  it('agrees with priceKey exactly whenever it gives a key, and declines only what priceKey rejects or cannot fit', () => {
    fc.assert(
      fc.property(decimalText, (text) => {
        const fast = fastPriceKey(text);
        let exact: bigint | undefined;
        try {
          exact = priceKey(text);
        } catch {
          exact = undefined;
        }
        if (fast >= 0) {
          expect(Number.isSafeInteger(fast)).toBe(true);
          expect(widenFastPriceKey(fast)).toBe(exact);
          expect(formatFastPriceKey(fast)).toBe(formatPriceKey(exact!));
          expect(canonicalFastPrice(fast, `x${text}y`, 1, text.length + 1)).toBe(formatPriceKey(exact!));
        } else if (exact !== undefined) {
          // Declined but valid: more than 8 significant decimals, or past 2^53 units of 1e-8.
          expect(exact % 10n ** 10n !== 0n || exact / 10n ** 10n > BigInt(Number.MAX_SAFE_INTEGER)).toBe(true);
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('takes the largest exactly representable price and declines the next one', () => {
    expect(fastPriceKey('90071992.54740991')).toBe(Number.MAX_SAFE_INTEGER);
    expect(fastPriceKey('90071992.54740992')).toBe(-1);
    expect(fastPriceKey('113406.50000000000')).toBe(11_340_650_000_000);
    expect(fastPriceKey('0.000000001')).toBe(-1);
  });
});

describe('sizeKind', () => {
  it('matches isZeroDecimal / isDecimal on any text', () => {
    fc.assert(
      fc.property(decimalText, (text) => {
        expect(sizeKind(text)).toBe(isZeroDecimal(text) ? 0 : isDecimal(text) ? 1 : -1);
      }),
      { numRuns: 2000 },
    );
  });
});
