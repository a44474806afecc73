import { FixedPointError } from './fixed-point-error';
import { checkScale, pow10Big } from './limits';

const ZEROS = '0'.repeat(64);

/** Inserts the decimal point into the digits of |value| and trims fraction zeros down to `minFractionDigits`. */
function place(digits: string, negative: boolean, scale: number, minFractionDigits: number): string {
  if (scale === 0) return negative ? `-${digits}` : digits;
  let padded = digits;
  if (padded.length <= scale) padded = ZEROS.slice(0, scale + 1 - padded.length) + padded;
  let end = padded.length;
  const cut = end - scale;
  const keep = cut + Math.min(minFractionDigits, scale);
  while (end > keep && padded.charCodeAt(end - 1) === 48) end--;
  const text = end === cut ? padded.slice(0, cut) : `${padded.slice(0, cut)}.${padded.slice(cut, end)}`;
  return negative ? `-${text}` : text;
}

/**
 * `units × 10^−scale` as a plain decimal string with at least `minFractionDigits` fraction digits (default: none,
 * i.e. trailing zeros trimmed: "0.0012", "3", "-0.5"). Never exponent notation, never "-0". Throws
 * FixedPointError('BAD_ARGUMENT') for a units value that is not a safe integer.
 */
export function formatUnits(units: number, scale: number, minFractionDigits = 0): string {
  if (!Number.isSafeInteger(units)) {
    throw new FixedPointError('BAD_ARGUMENT', `units must be a safe integer, got ${units}`);
  }
  checkScale(scale);
  const negative = units < 0;
  return place(String(negative ? -units : units), negative, scale, minFractionDigits);
}

/** `units × 10^−scale` with exactly `scale` fraction digits ("0.50" for 50 at scale 2). */
export function formatUnitsFixed(units: number, scale: number): string {
  return formatUnits(units, scale, scale);
}

/** {@link formatUnits} for a bigint count (any magnitude, any scale ≥ 0). */
export function formatUnitsBig(units: bigint, scale: number, minFractionDigits = 0): string {
  if (!(scale >= 0 && Number.isInteger(scale))) {
    throw new FixedPointError('BAD_ARGUMENT', `scale must be a non-negative integer, got ${scale}`);
  }
  const negative = units < 0n;
  let digits = (negative ? -units : units).toString();
  if (scale > ZEROS.length && digits.length <= scale) digits = digits.padStart(scale + 1, '0');
  return place(digits, negative, scale, minFractionDigits);
}

/**
 * A binary floating-point estimate (a fair value, a volatility) as a plain decimal string rounded to at most
 * `maxDecimals` fraction digits, trailing zeros trimmed, "-0" written "0". Exact: `toFixed` rounds the double's exact
 * binary value. This is only for crossing a boundary once; never accumulate the result in floats. Throws
 * FixedPointError('OVERFLOW') for a non-finite value or one ≥ 1e21 (where toFixed would switch to exponents).
 */
export function formatNumber(value: number, maxDecimals: number): string {
  if (!(maxDecimals >= 0 && maxDecimals <= 100 && Number.isInteger(maxDecimals))) {
    throw new FixedPointError('BAD_ARGUMENT', `maxDecimals must be an integer in 0..100, got ${maxDecimals}`);
  }
  if (!Number.isFinite(value) || Math.abs(value) >= 1e21) {
    throw new FixedPointError('OVERFLOW', `cannot format ${value} as a plain decimal string`);
  }
  const fixed = value.toFixed(maxDecimals);
  const negative = fixed.charCodeAt(0) === 45;
  const body = negative ? fixed.slice(1) : fixed;
  const dot = body.indexOf('.');
  const digits = dot < 0 ? body : body.slice(0, dot) + body.slice(dot + 1);
  const text = place(digits, false, dot < 0 ? 0 : body.length - dot - 1, 0);
  return negative && /[1-9]/.test(text) ? `-${text}` : text;
}

/** `units × 10^−scale` as the nearest double: for display, statistics or float models only, never for money. */
export function unitsToNumber(units: number, scale: number): number {
  checkScale(scale);
  return units / 10 ** scale;
}

/** A bigint count at `scale` as a bigint count at `to` ≥ scale (exact widening). */
export function widenBig(units: bigint, scale: number, to: number): bigint {
  if (!(to >= scale)) throw new FixedPointError('BAD_ARGUMENT', `cannot widen scale ${scale} to ${to}`);
  return units * pow10Big(to - scale);
}

const EXPONENT_FORM = /^(-?)(\d)(?:\.(\d+))?e([+-]\d+)$/;

/**
 * The decimal a double stands for in JavaScript (its shortest round-trip text, `String(x)`, which is also how
 * decimal.js reads a number) written as a plain decimal: `1e-7` → "0.0000001", `1e21` → "1000000000000000000000".
 * For a configured setting such as a bps offset; throws FixedPointError('OVERFLOW') for NaN and ±Infinity.
 */
export function numberToPlainDecimal(x: number): string {
  if (!Number.isFinite(x)) throw new FixedPointError('OVERFLOW', `${x} is not a finite number`);
  const text = String(x);
  const m = EXPONENT_FORM.exec(text);
  if (m === null) return text;
  const digits = (m[2] as string) + (m[3] ?? '');
  const point = 1 + Number(m[4]); // digits before the decimal point
  let plain: string;
  if (point <= 0) plain = `0.${'0'.repeat(-point)}${digits}`;
  else if (point >= digits.length) plain = digits + '0'.repeat(point - digits.length);
  else plain = `${digits.slice(0, point)}.${digits.slice(point)}`;
  return m[1] + plain;
}
