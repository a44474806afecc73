import { formatUnits } from './grid';

/**
 * Fixed-point decimals as plain numbers for the per-tick path: `units × 10^−places` where `units` is an integer
 * small enough that every operation on it is exact in a double. Callers check {@link isSafe} on every product
 * they form and fall back to the bigint/decimal.js path when a value leaves that range, so money never goes
 * through inexact float arithmetic.
 */
export interface FastDecimal {
  readonly units: number;
  readonly places: number;
}

/**
 * Largest magnitude for which a quotient and its remainder check (`n − q·d`, with q possibly one too high) stay
 * exact: half of Number.MAX_SAFE_INTEGER.
 */
export const FAST_LIMIT = 2 ** 52;

/** 15 digits are always below 10^15 < 2^52. */
const MAX_FAST_DIGITS = 15;

/** Powers of ten that are exact doubles; beyond 10^22 a power is not representable, so it reads as Infinity. */
const POW10: readonly number[] = Array.from({ length: 23 }, (_, k) => 10 ** k);

export function pow10(k: number): number {
  return k < POW10.length ? POW10[k] : Number.POSITIVE_INFINITY;
}

/** True when |x| is an integer-exact magnitude for {@link floorDiv} (false for NaN and Infinity). */
export function isSafe(x: number): boolean {
  return Math.abs(x) <= FAST_LIMIT;
}

/**
 * Parses what parseDecimal accepts (`-?\d+(\.\d+)?`) into exact integer units, or undefined when the text is
 * malformed or has more than 15 digits (then the caller takes the bigint/decimal.js path, which also reports
 * malformed input).
 */
export function parseFastDecimal(text: string): FastDecimal | undefined {
  if (typeof text !== 'string') return undefined;
  const n = text.length;
  let i = 0;
  let negative = false;
  if (n > 0 && text.charCodeAt(0) === 45 /* - */) {
    negative = true;
    i = 1;
  }
  let units = 0;
  let digits = 0;
  let places = -1; // −1: no decimal point seen yet
  for (; i < n; i++) {
    const ch = text.charCodeAt(i);
    if (ch >= 48 && ch <= 57) {
      units = units * 10 + (ch - 48);
      digits++;
      if (places >= 0) places++;
    } else if (ch === 46 /* . */ && places < 0 && digits > 0) {
      places = 0;
    } else {
      return undefined;
    }
  }
  if (digits === 0 || places === 0 || digits > MAX_FAST_DIGITS) return undefined;
  return { units: negative && units !== 0 ? -units : units, places: places < 0 ? 0 : places };
}

/** ⌊n / d⌋ for integers n, d (d > 0) with |n|, |d| ≤ FAST_LIMIT: the float quotient corrected by its remainder. */
export function floorDiv(n: number, d: number): number {
  let q = Math.floor(n / d);
  const r = n - q * d;
  if (r < 0) q--;
  else if (r >= d) q++;
  return q;
}

/** ⌈n / d⌉ under the same conditions as {@link floorDiv}. */
export function ceilDiv(n: number, d: number): number {
  const q = floorDiv(n, d);
  return q * d === n ? q : q + 1;
}

/**
 * count × (units × 10^−places) as a fixed-point string with `places` fraction digits (as formatUnits does),
 * without bigint when the product is a safe integer. A non-finite count throws RangeError (via BigInt).
 */
export function formatFixed(count: number, units: number, places: number): string {
  const value = count * units;
  if (!(Math.abs(value) <= Number.MAX_SAFE_INTEGER))
    return formatUnits(BigInt(count), { units: BigInt(units), places });
  if (places === 0) return String(value === 0 ? 0 : value);
  const negative = value < 0;
  let digits = String(negative ? -value : value);
  if (digits.length <= places) digits = '0'.repeat(places + 1 - digits.length) + digits;
  const cut = digits.length - places;
  const text = digits.slice(0, cut) + '.' + digits.slice(cut);
  return negative ? '-' + text : text;
}
