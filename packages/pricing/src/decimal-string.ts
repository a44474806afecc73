import { formatNumber } from '@truex-mm/fixed-point';

/**
 * Formats an estimator output as a plain decimal string (never exponent notation) with at most `maxDecimals`
 * fraction digits and no trailing zeros, for crossing package boundaries (e.g. fair value into the ladder).
 * Throws RangeError (a FixedPointError) for non-finite input or one ≥ 1e21. See `formatNumber` in
 * `@truex-mm/fixed-point`.
 */
export function toDecimalString(value: number, maxDecimals = 8): string {
  return formatNumber(value, maxDecimals);
}
