import { FixedPointError, formatUnitsBig, parseUnitsBig } from '@truex-mm/fixed-point';

/**
 * Quantities as integer units of 10^-18 in a bigint (`@truex-mm/fixed-point`): exact for any lot TrueX could define,
 * and cheap enough for the per-report bookkeeping of executed quantity (see executed-quantity.ts). Decimal strings
 * at the edges only.
 */
export const QUANTITY_SCALE = 18;

/** A non-negative plain decimal with at most 18 fractional digits as units; undefined for anything else. */
export function toUnits(text: string | undefined): bigint | undefined {
  if (text === undefined) return undefined;
  try {
    return parseUnitsBig(text, QUANTITY_SCALE);
  } catch (error) {
    if (error instanceof FixedPointError) return undefined;
    throw error;
  }
}

/** Units back to the shortest plain decimal text ("0.0012", "3", "0"). */
export function fromUnits(units: bigint): string {
  return formatUnitsBig(units, QUANTITY_SCALE);
}

export function maxUnits(a: bigint, b: bigint): bigint {
  return a > b ? a : b;
}
