import * as fixedPoint from '@truex-mm/fixed-point';

// Bound once at load so V8 can inline these calls (see the README of @truex-mm/fixed-point).
const { formatUnits, formatUnitsBig, isPlainDecimal, parseUnitsBig, pow10Big, tryParseUnitsAt } = fixedPoint;

/**
 * Exact decimal handling for book keys, on `@truex-mm/fixed-point`. Coinbase spells the same price differently ("8442.65" vs
 * "8442.65000000") and zero as "0", "0.0" or "0.00000000", so levels are keyed by a scaled integer, never by the
 * raw string or a float.
 */

/** Fraction digits kept in a price key; Coinbase increments are far coarser, so no real price loses precision. */
export const PRICE_SCALE = 18;

/**
 * Parses a non-negative decimal string into an integer of units of 10^-PRICE_SCALE.
 * Throws RangeError on anything else (sign, exponent, empty, more significant digits than the scale holds).
 */
export function priceKey(text: string): bigint {
  return parseUnitsBig(text, PRICE_SCALE); // FixedPointError is a RangeError
}

/** Canonical decimal string of a key: no trailing fraction zeros, no trailing dot ("8442.65", "100"). */
export function formatPriceKey(key: bigint): string {
  return formatUnitsBig(key, PRICE_SCALE);
}

/** True for a valid non-negative decimal string whose value is zero, however it is spelled. */
export function isZeroDecimal(text: string): boolean {
  return /^0+(?:\.0+)?$/.test(text);
}

/** True for a non-negative decimal string ("12", "0.5000"); rejects signs, exponents and blanks. */
export function isDecimal(text: string): boolean {
  return isPlainDecimal(text);
}

/** Fraction digits of a {@link fastPriceKey}: Coinbase quotes no product finer than 10^-8. */
export const FAST_PRICE_DECIMALS = 8;

/**
 * The price as an integer count of 10^-8, read straight from the text (no BigInt, no regex), or -1 when the text
 * is not a plain decimal, has a non-zero digit past the 8th decimal, or the count exceeds
 * Number.MAX_SAFE_INTEGER (a price of 90,071,992.54). Every count it returns is exact, so two prices are equal
 * exactly when their counts are; on -1 the caller takes the {@link priceKey} path, which also reports bad text.
 */
export function fastPriceKey(text: string): number {
  return fastPriceKeyAt(text, 0, text.length);
}

/** {@link fastPriceKey} of `text.slice(start, end)`, without slicing. */
export function fastPriceKeyAt(text: string, start: number, end: number): number {
  const key = tryParseUnitsAt(text, start, end, FAST_PRICE_DECIMALS);
  return key === key ? key : -1;
}

/**
 * The canonical spelling of a price whose {@link fastPriceKeyAt} is `key`: the text itself when it already is
 * canonical (the usual case, and then the only cost is one slice), else rebuilt from the key.
 */
export function canonicalFastPrice(key: number, text: string, start: number, end: number): string {
  let canonical = text.charCodeAt(start) !== 48 || end - start === 1 || text.charCodeAt(start + 1) === 46;
  if (canonical) {
    // With a fraction, its last digit must not be 0 ("100.50" is not canonical; "100" is).
    let dot = false;
    for (let i = start + 1; i < end && !dot; i++) dot = text.charCodeAt(i) === 46;
    if (dot && text.charCodeAt(end - 1) === 48) canonical = false;
  }
  return canonical ? text.slice(start, end) : formatFastPriceKey(key);
}

/** Canonical decimal string of a {@link fastPriceKey} (same spelling as {@link formatPriceKey}). */
export function formatFastPriceKey(key: number): string {
  return formatUnits(key, FAST_PRICE_DECIMALS);
}

/** A fast key as a {@link priceKey} (units of 10^-PRICE_SCALE). */
export function widenFastPriceKey(key: number): bigint {
  return BigInt(key) * WIDEN;
}
const WIDEN = pow10Big(PRICE_SCALE - FAST_PRICE_DECIMALS);

/** Size class in one pass: 0 for zero in any spelling ({@link isZeroDecimal}), 1 for another {@link isDecimal}, -1 otherwise. */
export function sizeKind(text: string): -1 | 0 | 1 {
  return sizeKindAt(text, 0, text.length);
}

/** {@link sizeKind} of `text.slice(start, end)`, without slicing. */
export function sizeKindAt(text: string, start: number, end: number): -1 | 0 | 1 {
  let nonZero = false;
  let i = start;
  for (; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c < 48 || c > 57) break;
    if (c !== 48) nonZero = true;
  }
  if (i === start) return -1;
  if (i < end) {
    if (text.charCodeAt(i) !== 46 || i === end - 1) return -1;
    for (i++; i < end; i++) {
      const c = text.charCodeAt(i);
      if (c < 48 || c > 57) return -1;
      if (c !== 48) nonZero = true;
    }
  }
  return nonZero ? 1 : 0;
}
