import { divRound, divRoundBig } from './divide';
import { FixedPointError } from './fixed-point-error';
import { POW10, bigToSafe, checkSafe, pow10Big } from './limits';
import type { RoundingMode } from './rounding';

// Every function here takes and returns integer counts of 10^−scale in plain numbers (safe integers). A sum,
// difference or product of safe integers is exact exactly when the double result is itself a safe integer (a true
// result ≥ 2^53 rounds to a double ≥ 2^53), so one Number.isSafeInteger check on the result proves it exact. Where a
// product can leave that range (price × quantity at 1e-8 scales), the computation continues in bigint and only the
// final result must fit; that path allocates, the common one does not.

/** a + b (same scale), throwing FixedPointError('OVERFLOW') beyond safe integers. */
export function addUnits(a: number, b: number): number {
  return checkSafe(a + b, 'sum');
}

/** a − b (same scale), throwing FixedPointError('OVERFLOW') beyond safe integers. */
export function subUnits(a: number, b: number): number {
  return checkSafe(a - b, 'difference');
}

/** a + b, or NaN when the sum is not a safe integer (for code that tests one result instead of catching). */
export function addUnitsOrNaN(a: number, b: number): number {
  const sum = a + b;
  return Number.isSafeInteger(sum) ? sum : NaN;
}

/** a × b of plain integers, or NaN when the product is not a safe integer. */
export function mulOrNaN(a: number, b: number): number {
  const product = a * b;
  return Number.isSafeInteger(product) ? product : NaN;
}

/** a × b of plain integers, throwing FixedPointError('OVERFLOW') beyond safe integers. */
export function mulChecked(a: number, b: number): number {
  return checkSafe(a * b, 'product');
}

/**
 * A count at scale `from` as a count at scale `to` (0 ≤ both ≤ 22): widening multiplies (exact, OVERFLOW beyond safe
 * integers), narrowing divides and rounds by `mode` (EXACT throws INEXACT when digits would be lost).
 */
export function rescaleUnits(units: number, from: number, to: number, mode: RoundingMode): number {
  if (to === from || units === 0) return units;
  if (to > from) return checkSafe(units * (POW10[to - from] ?? NaN), 'rescaled value');
  const k = from - to;
  // |units| < 2^53 < 10^16: for k > 22 the quotient is 0 and the remainder below half of 10^k.
  return divRound(units, POW10[k] ?? Number.MAX_VALUE, mode);
}

/** {@link rescaleUnits} that answers NaN instead of throwing OVERFLOW when widening (narrowing never overflows). */
export function rescaleUnitsOrNaN(units: number, from: number, to: number, mode: RoundingMode): number {
  if (to > from) {
    const widened = units * (POW10[to - from] ?? NaN);
    return Number.isSafeInteger(widened) ? widened : NaN;
  }
  return rescaleUnits(units, from, to, mode);
}

/** (a at aScale) + (b at bScale) as a count at `scale`, rounded by `mode` when `scale` is coarser. */
export function addScaled(
  a: number,
  aScale: number,
  b: number,
  bScale: number,
  scale: number,
  mode: RoundingMode,
): number {
  const common = aScale > bScale ? aScale : bScale;
  const x = rescaleUnitsOrNaN(a, aScale, common, mode);
  const y = rescaleUnitsOrNaN(b, bScale, common, mode);
  const sum = x + y;
  if (Number.isSafeInteger(sum)) return rescaleUnits(sum, common, scale, mode);
  const big = BigInt(a) * pow10Big(common - aScale) + BigInt(b) * pow10Big(common - bScale);
  return bigRescaleToSafe(big, common, scale, mode, 'sum');
}

/** A bigint count at `from` as a safe-integer count at `to`, rounded by `mode`; OVERFLOW if it does not fit. */
function bigRescaleToSafe(units: bigint, from: number, to: number, mode: RoundingMode, what: string): number {
  const scaled = to >= from ? units * pow10Big(to - from) : divRoundBig(units, pow10Big(from - to), mode);
  return bigToSafe(scaled, what);
}

/**
 * (a at aScale) × (b at bScale) as a count at `scale`, rounded by `mode`. The exact product has scale aScale + bScale;
 * when it is beyond safe integers it is formed in bigint and only the rounded result must fit (else OVERFLOW).
 */
export function mulUnits(
  a: number,
  aScale: number,
  b: number,
  bScale: number,
  scale: number,
  mode: RoundingMode,
): number {
  const productScale = aScale + bScale;
  const product = a * b;
  if (Number.isSafeInteger(product) && productScale <= 22 && scale <= 22) {
    return rescaleUnits(product, productScale, scale, mode);
  }
  return bigRescaleToSafe(BigInt(a) * BigInt(b), productScale, scale, mode, 'product');
}

/** The exact product of two counts as a bigint at scale aScale + bScale (e.g. a notional at 1e-16). */
export function mulUnitsBig(a: number, b: number): bigint {
  return BigInt(a) * BigInt(b);
}

/**
 * (a at aScale) ÷ (b at bScale) as a count at `scale`, rounded by `mode` (EXACT: throws INEXACT unless it divides).
 * Throws DIVISION_BY_ZERO, or OVERFLOW when the result does not fit.
 */
export function divUnits(
  a: number,
  aScale: number,
  b: number,
  bScale: number,
  scale: number,
  mode: RoundingMode,
): number {
  if (b === 0) throw new FixedPointError('DIVISION_BY_ZERO', 'division by zero');
  // result = a · 10^(scale + bScale − aScale) / b
  const e = scale + bScale - aScale;
  if (e >= 0) {
    const n = a * (POW10[e] ?? NaN);
    if (Number.isSafeInteger(n)) return divRound(n, b, mode);
    return bigToSafe(divRoundBig(BigInt(a) * pow10Big(e), BigInt(b), mode), 'quotient');
  }
  const d = b * (POW10[-e] ?? NaN);
  if (Number.isSafeInteger(d)) return divRound(a, d, mode);
  return bigToSafe(divRoundBig(BigInt(a), BigInt(b) * pow10Big(-e), mode), 'quotient');
}

/** Sign (−1, 0, 1) of (a at aScale) − (b at bScale), exact for any safe-integer counts and scales. */
export function compareUnits(a: number, aScale: number, b: number, bScale: number): -1 | 0 | 1 {
  let x = a;
  let y = b;
  if (aScale < bScale) x = a * (POW10[bScale - aScale] ?? NaN);
  else if (bScale < aScale) y = b * (POW10[aScale - bScale] ?? NaN);
  if (Number.isSafeInteger(x) && Number.isSafeInteger(y)) return x > y ? 1 : x < y ? -1 : 0;
  const bx = BigInt(a) * pow10Big(aScale < bScale ? bScale - aScale : 0);
  const by = BigInt(b) * pow10Big(bScale < aScale ? aScale - bScale : 0);
  return bx > by ? 1 : bx < by ? -1 : 0;
}

/**
 * Sign of (a at aScale) × (b at bScale) − (c at cScale), exact: e.g. price × quantity against a notional limit. No
 * allocation while the product and the rescaled limit are safe integers; bigint beyond that.
 */
export function compareProduct(
  a: number,
  aScale: number,
  b: number,
  bScale: number,
  c: number,
  cScale: number,
): -1 | 0 | 1 {
  const product = a * b;
  if (Number.isSafeInteger(product)) return compareUnits(product, aScale + bScale, c, cScale);
  const productScale = aScale + bScale;
  const p = BigInt(a) * BigInt(b) * pow10Big(productScale < cScale ? cScale - productScale : 0);
  const q = BigInt(c) * pow10Big(cScale < productScale ? productScale - cScale : 0);
  return p > q ? 1 : p < q ? -1 : 0;
}

/**
 * Sign of (a at aScale) × (b at bScale) − (c at cScale) × (d at dScale), exact: e.g. |price − fair value| × 100
 * against band × fair value, with no division. No allocation while both products are safe integers.
 */
export function compareProducts(
  a: number,
  aScale: number,
  b: number,
  bScale: number,
  c: number,
  cScale: number,
  d: number,
  dScale: number,
): -1 | 0 | 1 {
  const left = a * b;
  const right = c * d;
  if (Number.isSafeInteger(left) && Number.isSafeInteger(right)) {
    return compareUnits(left, aScale + bScale, right, cScale + dScale);
  }
  const ls = aScale + bScale;
  const rs = cScale + dScale;
  const p = BigInt(a) * BigInt(b) * pow10Big(ls < rs ? rs - ls : 0);
  const q = BigInt(c) * BigInt(d) * pow10Big(rs < ls ? ls - rs : 0);
  return p > q ? 1 : p < q ? -1 : 0;
}
