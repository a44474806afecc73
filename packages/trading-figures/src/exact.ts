import { Rounding, divRoundBig, formatUnitsBig, pow10Big, widenBig } from '@truex-mm/fixed-point';
import { FigureAmount } from './figure-amount';

// Exact arithmetic on figure amounts: bigint units, scales aligned by widening (never by rounding). Rounding happens
// once, where a figure is given to a number of decimals (a ratio, a display), ties to even.

function at(a: FigureAmount, scale: number): bigint {
  return a.scale === scale ? a.units : widenBig(a.units, a.scale, scale);
}

export function addAmounts(a: FigureAmount, b: FigureAmount): FigureAmount {
  const scale = Math.max(a.scale, b.scale);
  return new FigureAmount(at(a, scale) + at(b, scale), scale);
}

export function subAmounts(a: FigureAmount, b: FigureAmount): FigureAmount {
  const scale = Math.max(a.scale, b.scale);
  return new FigureAmount(at(a, scale) - at(b, scale), scale);
}

/** The exact product (its scale is the sum of the scales: up to 44). */
export function mulAmounts(a: FigureAmount, b: FigureAmount): FigureAmount {
  return new FigureAmount(a.units * b.units, a.scale + b.scale);
}

/** The sign of a − b (−1, 0, 1). */
export function compareAmounts(a: FigureAmount, b: FigureAmount): number {
  const scale = Math.max(a.scale, b.scale);
  const d = at(a, scale) - at(b, scale);
  return d < 0n ? -1 : d > 0n ? 1 : 0;
}

/** `a` rounded to `decimals` places, ties to even, as units at that scale. */
function roundUnits(a: FigureAmount, decimals: number): bigint {
  return decimals >= a.scale
    ? widenBig(a.units, a.scale, decimals)
    : divRoundBig(a.units, pow10Big(a.scale - decimals), Rounding.HALF_EVEN);
}

/**
 * `a` with exactly `decimals` places, ties to even. A negative value that rounds to zero keeps its sign ("-0.00"),
 * as decimal.js's `toFixed` did: callers that show it drop it.
 */
export function toFixedPlaces(a: FigureAmount, decimals: number): string {
  const text = formatUnitsBig(roundUnits(a, decimals), decimals, decimals);
  return a.units < 0n && text.charCodeAt(0) !== 45 ? `-${text}` : text;
}

/** n / d (d ≠ 0) as units of 10^−decimals, ties to even, exactly. */
function quotientUnits(n: FigureAmount, d: FigureAmount, decimals: number): bigint {
  // n/d = (nu·10^−ns) / (du·10^−ds); × 10^decimals → nu·10^(ds + decimals) / (du·10^ns).
  const shift = d.scale + decimals;
  return divRoundBig(n.units * pow10Big(shift), d.units * pow10Big(n.scale), Rounding.HALF_EVEN);
}

/** n / d (d ≠ 0) with exactly `decimals` places, ties to even; a negative quotient that rounds to 0 reads "-0.0000". */
export function quotientFixed(n: FigureAmount, d: FigureAmount, decimals: number): string {
  const text = formatUnitsBig(quotientUnits(n, d, decimals), decimals, decimals);
  const negative = n.units < 0n !== d.units < 0n && n.units !== 0n;
  return negative && text.charCodeAt(0) !== 45 ? `-${text}` : text;
}

const SIGNIFICANT = 40;

/**
 * n / d (d ≠ 0) as the nearest double, for display only (a meter): the exact quotient to 40 significant digits, ties
 * to even, then read as a number. Below 1 that is the correctly rounded double (no 40-digit decimal there is a tie
 * between two doubles), and it is what decimal.js at 40 digits gave.
 */
export function quotientToNumber(n: FigureAmount, d: FigureAmount): number {
  if (n.units === 0n) return 0;
  const negative = n.units < 0n !== d.units < 0n;
  const num = (n.units < 0n ? -n.units : n.units) * pow10Big(d.scale);
  const den = (d.units < 0n ? -d.units : d.units) * pow10Big(n.scale);
  // With shift = SIGNIFICANT − (digits(num) − digits(den)), num·10^shift / den is in [10^39, 10^41): 40 or 41
  // digits. 41 (other than a round-up to exactly 10^40) means one digit too many: shift one less and divide again.
  let shift = SIGNIFICANT - (num.toString().length - den.toString().length);
  let q = scaledQuotient(num, den, shift);
  const digits = q.toString().length;
  if (digits !== SIGNIFICANT && !(digits === SIGNIFICANT + 1 && q === pow10Big(SIGNIFICANT))) {
    shift += SIGNIFICANT - digits;
    q = scaledQuotient(num, den, shift);
  }
  const x = Number(`${q}e${-shift}`);
  return negative ? -x : x;
}

function scaledQuotient(num: bigint, den: bigint, shift: number): bigint {
  return shift >= 0
    ? divRoundBig(num * pow10Big(shift), den, Rounding.HALF_EVEN)
    : divRoundBig(num, den * pow10Big(-shift), Rounding.HALF_EVEN);
}
