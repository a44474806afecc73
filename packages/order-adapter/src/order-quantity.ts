import { Decimal } from 'decimal.js';

/**
 * Quantity text arithmetic for the request path, exact without decimal.js in the common case: a plain decimal with
 * at most 15 significant digits is held as an integer count of 10^-scale units in a JS number (exact below 2^53).
 * Anything else goes through decimal.js, as all of it did before.
 */

const DOT = 46;
const ZERO_CHAR = 48;

/** What `/^\d+(\.\d+)?$/` and `/[1-9]/` both accept: an unsigned plain decimal that is not zero. */
export function isPositiveDecimal(text: string): boolean {
  if (typeof text !== 'string') return false;
  const length = text.length;
  let digits = 0;
  let fractionDigits = 0;
  let inFraction = false;
  let nonZero = false;
  for (let i = 0; i < length; i++) {
    const code = text.charCodeAt(i);
    if (code === DOT) {
      if (inFraction || digits === 0) return false;
      inFraction = true;
      continue;
    }
    const digit = code - ZERO_CHAR;
    if (digit < 0 || digit > 9) return false;
    digits++;
    if (inFraction) fractionDigits++;
    if (digit !== 0) nonZero = true;
  }
  return digits > 0 && (!inFraction || fractionDigits > 0) && nonZero;
}

// Reused parse results: no allocation per call.
let parsedUnits = 0;
let parsedScale = 0;

/** Parses an unsigned plain decimal into parsedUnits/parsedScale; false if it is not one or not exactly held. */
function parseUnits(text: string): boolean {
  if (typeof text !== 'string') return false;
  const length = text.length;
  let units = 0;
  let scale = 0;
  let digits = 0;
  let inFraction = false;
  for (let i = 0; i < length; i++) {
    const code = text.charCodeAt(i);
    if (code === DOT) {
      if (inFraction || digits === 0) return false;
      inFraction = true;
      continue;
    }
    const digit = code - ZERO_CHAR;
    if (digit < 0 || digit > 9) return false;
    digits++;
    if (inFraction) scale++;
    units = units * 10 + digit;
    if (units > Number.MAX_SAFE_INTEGER) return false;
  }
  if (digits === 0 || (inFraction && scale === 0)) return false;
  parsedUnits = units;
  parsedScale = scale;
  return true;
}

const POWERS_OF_TEN: number[] = [];
for (let k = 0, p = 1; k <= 22; k++, p *= 10) POWERS_OF_TEN.push(p);

/** units / 10^scale as decimal.js's toFixed() writes it: no exponent, no trailing fractional zeros. */
function formatUnits(units: number, scale: number): string {
  let u = units;
  let s = scale;
  while (s > 0 && u % 10 === 0) {
    u /= 10;
    s--;
  }
  const digits = String(u);
  if (s === 0) return digits;
  const padded = digits.length > s ? digits : '0'.repeat(s - digits.length + 1) + digits;
  return `${padded.slice(0, padded.length - s)}.${padded.slice(padded.length - s)}`;
}

/**
 * LeavesQty of a replacement: `quantity − cumQty`, '0' when the fill already exceeds the new quantity. Same text as
 * `new Decimal(quantity).minus(cumQty)` gave (and the same exception for a cumQty decimal.js cannot read).
 */
export function leavesQuantity(quantity: string, cumQty: string): string {
  if (parseUnits(quantity)) {
    const q = parsedUnits;
    const qScale = parsedScale;
    if (parseUnits(cumQty)) {
      const scale = Math.max(qScale, parsedScale);
      const a = q * (POWERS_OF_TEN[scale - qScale] ?? NaN);
      const b = parsedUnits * (POWERS_OF_TEN[scale - parsedScale] ?? NaN);
      // Each side exact (a safe integer) means the difference of the two is exact too.
      if (Number.isSafeInteger(a) && Number.isSafeInteger(b)) return a <= b ? '0' : formatUnits(a - b, scale);
    }
  }
  const leaves = new Decimal(quantity).minus(cumQty);
  return leaves.isNegative() ? '0' : leaves.toFixed();
}
