/**
 * Exact decimal handling for book keys. Coinbase spells the same price differently ("8442.65" vs
 * "8442.65000000") and zero as "0", "0.0" or "0.00000000", so levels are keyed by a scaled integer, never by the
 * raw string or a float.
 */

/** Fraction digits kept in a price key; Coinbase increments are far coarser, so no real price loses precision. */
export const PRICE_SCALE = 18;

const DECIMAL = /^(\d+)(?:\.(\d+))?$/;
const ZEROS = '0'.repeat(PRICE_SCALE);

/**
 * Parses a non-negative decimal string into an integer of units of 10^-PRICE_SCALE.
 * Throws RangeError on anything else (sign, exponent, empty, more significant digits than the scale holds).
 */
export function priceKey(text: string): bigint {
  const m = DECIMAL.exec(text);
  if (m === null) throw new RangeError(`not a decimal: ${JSON.stringify(text)}`);
  let frac = m[2] ?? '';
  if (frac.length > PRICE_SCALE) {
    if (!/^0*$/.test(frac.slice(PRICE_SCALE))) throw new RangeError(`more than ${PRICE_SCALE} decimals: ${text}`);
    frac = frac.slice(0, PRICE_SCALE);
  }
  return BigInt(m[1] + frac + ZEROS.slice(frac.length));
}

/** Canonical decimal string of a key: no trailing fraction zeros, no trailing dot ("8442.65", "100"). */
export function formatPriceKey(key: bigint): string {
  const digits = key.toString().padStart(PRICE_SCALE + 1, '0');
  const int = digits.slice(0, digits.length - PRICE_SCALE);
  const frac = digits.slice(digits.length - PRICE_SCALE).replace(/0+$/, '');
  return frac.length > 0 ? `${int}.${frac}` : int;
}

/** True for a valid non-negative decimal string whose value is zero, however it is spelled. */
export function isZeroDecimal(text: string): boolean {
  return /^0+(?:\.0+)?$/.test(text);
}

/** True for a non-negative decimal string ("12", "0.5000"); rejects signs, exponents and blanks. */
export function isDecimal(text: string): boolean {
  return DECIMAL.test(text);
}
