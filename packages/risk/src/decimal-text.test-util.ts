import fc from 'fast-check';

/** Plain decimal text from integer digits and a scale; up to 25 digits, so many do not fit a safe integer. */
export const decimalText = (maxDigits = 25, maxScale = 12, signed = true): fc.Arbitrary<string> =>
  fc
    .tuple(
      fc.bigInt({ min: 0n, max: 10n ** BigInt(maxDigits) - 1n }),
      fc.integer({ min: 0, max: maxScale }),
      signed ? fc.boolean() : fc.constant(false),
      fc.nat({ max: 3 }),
    )
    .map(([units, scale, negative, trailingZeros]) => {
      const digits = units.toString().padStart(scale + 1, '0');
      const whole = digits.slice(0, digits.length - scale);
      const fraction = digits.slice(digits.length - scale) + (scale > 0 ? '0'.repeat(trailingZeros) : '');
      return (negative ? '-' : '') + whole + (fraction ? `.${fraction}` : '');
    });
