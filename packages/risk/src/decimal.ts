import { Decimal } from 'decimal.js';

/**
 * The package's own Decimal constructor. 40 significant digits is far beyond any price × quantity we see, so the
 * only rounding that ever happens is in average-price division; half-even keeps that rounding unbiased.
 */
export const RiskDecimal = Decimal.clone({
  precision: 40,
  rounding: Decimal.ROUND_HALF_EVEN,
  toExpNeg: -40,
  toExpPos: 40,
});
export type RiskDecimal = Decimal;

/** Decimal places of the figures a {@link PositionLedger} snapshot reports (exact figures are usually far shorter). */
export const REPORTED_DECIMAL_PLACES = 12;

const DECIMAL_PATTERN = /^-?\d+(\.\d+)?$/;

/** Parses a plain decimal string ("113406.5", "-0.001"); undefined for anything else (exponents, NaN, blanks). */
export function parseDecimal(text: string): Decimal | undefined {
  if (!DECIMAL_PATTERN.test(text)) return undefined;
  return new RiskDecimal(text);
}

/** Fixed-point text without exponent, trailing zeros trimmed, rounded to {@link REPORTED_DECIMAL_PLACES}. */
export function formatDecimal(value: Decimal): string {
  const rounded = value.toDecimalPlaces(REPORTED_DECIMAL_PLACES, Decimal.ROUND_HALF_EVEN);
  return rounded.isZero() ? '0' : rounded.toFixed();
}
