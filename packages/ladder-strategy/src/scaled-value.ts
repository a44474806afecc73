import * as fixedPoint from '@truex-mm/fixed-point';

// Bound once at load so V8 can inline these calls (see the README of @truex-mm/fixed-point).
const {
  MAX_SCALE,
  ParseStatus,
  ScaledDecimal,
  Rounding,
  divRoundBig,
  formatUnits,
  formatUnitsBig,
  mulChecked,
  numberToPlainDecimal,
  parseDecimalInto,
  pow10,
  tryParseUnits,
} = fixedPoint;
type ScaledDecimal = fixedPoint.ScaledDecimal;

/**
 * A decimal as `units × 10^−places` in plain numbers (`@truex-mm/fixed-point`): increments, sizes and prices of the
 * per-tick path. `places` is the number of fraction digits the text was written with (so an increment of "0.50"
 * formats prices with two decimals, as it always did).
 */
export interface ScaledValue {
  readonly units: number;
  readonly places: number;
}

/**
 * A signed plain decimal (`-?\d+(\.\d+)?`) as exact units at its written scale; undefined when it is not one, or
 * when it does not fit (more than 22 decimals, or beyond 2^53 units): the callers refuse those with a typed error.
 */
export function parseScaledValue(text: string): ScaledValue | undefined {
  if (typeof text !== 'string') return undefined;
  const dot = text.indexOf('.');
  const places = dot < 0 ? 0 : text.length - dot - 1;
  if (places > MAX_SCALE) return undefined;
  const units = tryParseUnits(text, places, true);
  return units === units ? { units, places } : undefined;
}

/** count × increment as a decimal string with the increment's number of fraction digits; OVERFLOW beyond 2^53. */
export function formatCount(count: number, increment: ScaledValue): string {
  return formatUnits(mulChecked(count, increment.units), increment.places, increment.places);
}

/** 10^k, or NaN when k is beyond the exact powers of ten (so the product that uses it fails its safety check). */
export function pow10OrNaN(k: number): number {
  return k <= MAX_SCALE ? pow10(k) : NaN;
}

/**
 * A number setting (a bps distance) as the decimal decimal.js reads from it (its shortest text, exponent notation
 * written out), held in plain numbers when it fits; `text` keeps the exact value for the bigint path when it does not
 * (e.g. 3 × 1.7 = 5.1000000000000005 has 17 digits).
 */
export interface NumberSetting {
  readonly text: string;
  /** NaN when beyond 2^53 units at its own scale. */
  readonly units: number;
  readonly places: number;
}

const settingSlot = new ScaledDecimal();

export function numberSetting(x: number): NumberSetting {
  const text = numberToPlainDecimal(x);
  if (parseDecimalInto(text, settingSlot, true) === ParseStatus.OK) {
    return { text, units: settingSlot.units, places: settingSlot.scale };
  }
  return { text, units: NaN, places: 0 };
}

const QUOTIENT_DIGITS = 40;
const QUOTIENT_SCALE = 10n ** BigInt(QUOTIENT_DIGITS);

/**
 * n / d (d > 0) as the double nearest to its value rounded (half-even) to 40 decimals, for a float model input such
 * as lots before jitter when the exact fraction does not fit plain numbers. Allocates: not for the common path.
 */
export function quotientToNumber(n: bigint, d: bigint): number {
  return Number(formatUnitsBig(divRoundBig(n * QUOTIENT_SCALE, d, Rounding.HALF_EVEN), QUOTIENT_DIGITS));
}
