/**
 * Formats an estimator output as a plain decimal string (never exponent notation) with at most `maxDecimals`
 * fraction digits and no trailing zeros, for crossing package boundaries (e.g. fair value into the ladder).
 * Throws RangeError for non-finite input.
 */
export function toDecimalString(value: number, maxDecimals = 8): string {
  // toFixed switches to exponent notation at 1e21; no price gets there, but never emit one silently.
  if (!Number.isFinite(value) || Math.abs(value) >= 1e21)
    throw new RangeError(`cannot format ${value} as a decimal string`);
  const fixed = value.toFixed(maxDecimals);
  const trimmed = fixed.includes('.') ? fixed.replace(/\.?0+$/, '') : fixed;
  return trimmed === '-0' ? '0' : trimmed;
}
