/**
 * Exact decimal arithmetic on JS numbers for the risk gate's hot path. A plain decimal string is held as an integer
 * `units` and a `scale` (value = units / 10^scale). Every operation here is exact or answers NaN: a sum, difference
 * or product of safe integers is exact exactly when the floating-point result is itself a safe integer (a true
 * result ≥ 2^53 in magnitude rounds to a value ≥ 2^53), so checking `Number.isSafeInteger` on the result is enough.
 * NaN means "not representable here": the caller falls back to decimal.js.
 */

/** How {@link parseScaledDecimal} left its target. */
export const SCALED_OK = 0;
/** Not a plain decimal string (the same strings `parseDecimal` refuses). */
export const SCALED_INVALID = 1;
/** A valid decimal this representation cannot hold exactly (too many digits, or a negative zero). */
export const SCALED_INEXACT = 2;

// 10^0 … 10^22 are exact doubles; beyond that a power of ten is not an integer we can multiply by exactly.
const POWERS_OF_TEN: number[] = [];
for (let k = 0, p = 1; k <= 22; k++, p *= 10) POWERS_OF_TEN.push(p);
const MAX_EXACT_POWER = POWERS_OF_TEN.length - 1;
const MINUS = 45;
const DOT = 46;
const ZERO_CHAR = 48;

/** A parsed decimal string, reused across calls (a cache slot: parsing the same text again is skipped). */
export class ScaledDecimal {
  /** The text this slot was parsed from; undefined = empty slot. */
  text: string | undefined = undefined;
  status = SCALED_INVALID;
  units = 0;
  scale = 0;

  /** Parses `text` into this slot unless it holds `text` already; returns the status. */
  parse(text: string): number {
    if (text !== this.text) parseScaledDecimal(text, this);
    return this.status;
  }
}

/**
 * Parses a plain decimal (`/^-?\d+(\.\d+)?$/`) into `into`, with trailing fractional zeros dropped so the scale and
 * units are as small as possible. Negative zero ("-0", "-0.00") is INEXACT: decimal.js keeps its sign, a number
 * comparison would not.
 */
export function parseScaledDecimal(input: string, into: ScaledDecimal): void {
  into.text = input;
  into.units = 0;
  into.scale = 0;
  // Like RegExp.test, which parseDecimal uses, a non-string (a caller outside the types) is read as its String().
  const text = typeof input === 'string' ? input : String(input);
  const length = text.length;
  let i = 0;
  const negative = length > 0 && text.charCodeAt(0) === MINUS;
  if (negative) i++;
  let units = 0;
  let scale = 0;
  let digits = 0;
  let inFraction = false;
  let fractionDigits = 0;
  let exact = true;
  for (; i < length; i++) {
    const code = text.charCodeAt(i);
    if (code === DOT) {
      if (inFraction || digits === 0) {
        into.status = SCALED_INVALID;
        return;
      }
      inFraction = true;
      continue;
    }
    const digit = code - ZERO_CHAR;
    if (digit < 0 || digit > 9) {
      into.status = SCALED_INVALID;
      return;
    }
    digits++;
    if (inFraction) {
      fractionDigits++;
      scale++;
    }
    if (exact) {
      units = units * 10 + digit;
      if (units > Number.MAX_SAFE_INTEGER) exact = false;
    }
  }
  if (digits === 0 || (inFraction && fractionDigits === 0)) {
    into.status = SCALED_INVALID;
    return;
  }
  if (!exact || (negative && units === 0)) {
    into.status = SCALED_INEXACT;
    return;
  }
  while (scale > 0 && units % 10 === 0) {
    units /= 10;
    scale--;
  }
  into.units = negative ? -units : units;
  into.scale = scale;
  into.status = SCALED_OK;
}

/** units × 10^(to − from) for to ≥ from, or NaN if that is not a safe integer. */
export function rescale(units: number, from: number, to: number): number {
  const k = to - from;
  if (k === 0 || units === 0) return units;
  if (k > MAX_EXACT_POWER) return NaN;
  const result = units * (POWERS_OF_TEN[k] as number);
  return Number.isSafeInteger(result) ? result : NaN;
}

/** a × b, or NaN if the product is not a safe integer. */
export function multiplyExact(a: number, b: number): number {
  const product = a * b;
  return Number.isSafeInteger(product) ? product : NaN;
}

/** a + b, or NaN if the sum is not a safe integer. */
export function addExact(a: number, b: number): number {
  const sum = a + b;
  return Number.isSafeInteger(sum) ? sum : NaN;
}

/** Sign of (a / 10^aScale − b / 10^bScale): −1, 0 or 1; NaN if the two cannot be brought to one scale exactly. */
export function compareScaled(a: number, aScale: number, b: number, bScale: number): number {
  let x = a;
  let y = b;
  if (aScale < bScale) x = rescale(a, aScale, bScale);
  else if (bScale < aScale) y = rescale(b, bScale, aScale);
  if (x !== x || y !== y) return NaN;
  return x > y ? 1 : x < y ? -1 : 0;
}
