import {
  ParseStatus,
  Rounding,
  ScaledDecimal,
  formatUnits,
  lastParseStatus,
  parseDecimalInto,
  parseUnits,
  requireParsed,
  rescaleUnits,
  tryParseUnits,
} from '@truex-mm/fixed-point';

/**
 * Sums of order quantities for the risk context, exact: quantities are decimal strings with at most 8 decimals
 * (TrueX lots are 0.0001 or coarser), so they are kept as integer counts of 1e-8 (`@truex-mm/fixed-point`) and
 * formatted back only when asked.
 */
const SCALE = 8;
const finer = new ScaledDecimal();

/**
 * A quantity as a count of 1e-8, read exactly from its text. A quantity finer than 1e-8 (no TrueX lot is) is rounded
 * half-even to 1e-8; anything that is not a non-negative plain decimal throws a FixedPointError.
 */
export function quantityUnits(quantity: string): number {
  const units = tryParseUnits(quantity, SCALE);
  if (units === units) return units;
  if (lastParseStatus() !== ParseStatus.TOO_MANY_DECIMALS) return parseUnits(quantity, SCALE); // throws the reason
  parseDecimalInto(quantity, finer);
  requireParsed(finer);
  return rescaleUnits(finer.units, finer.scale, SCALE, Rounding.HALF_EVEN);
}

export function formatQuantityUnits(units: number): string {
  return formatUnits(units, SCALE);
}
