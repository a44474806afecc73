import { FixedPointError } from './fixed-point-error';
import { Rounding, type RoundingMode } from './rounding';

/** Whether the truncated quotient q (remainder r, divisor d > 0, sign of the dividend s) moves one step away from zero. */
function roundsAway(q: number, r: number, d: number, negative: boolean, mode: RoundingMode): boolean {
  if (r === 0) return false;
  switch (mode) {
    case Rounding.DOWN:
      return false;
    case Rounding.UP:
      return true;
    case Rounding.FLOOR:
      return negative;
    case Rounding.CEIL:
      return !negative;
    case Rounding.EXACT:
      throw new FixedPointError('INEXACT', 'the result is not a whole number of units');
    default: {
      // 2|r| is exact (doubling a double); compared with d it says below, at or beyond the half.
      const twice = 2 * (r < 0 ? -r : r);
      if (twice !== d) return twice > d;
      if (mode === Rounding.HALF_UP) return true;
      if (mode === Rounding.HALF_DOWN) return false;
      if (mode === Rounding.HALF_EVEN) return q % 2 !== 0;
      throw new FixedPointError('BAD_ARGUMENT', `unknown rounding mode ${String(mode)}`);
    }
  }
}

/**
 * n / d rounded to an integer by `mode`, exactly, for safe integers n and d (d ≠ 0). `%` on doubles is exact, so the
 * truncated quotient (n − r) / d is the division of an exact multiple and exact too: no bigint, no allocation.
 */
export function divRound(n: number, d: number, mode: RoundingMode): number {
  if (d === 0) throw new FixedPointError('DIVISION_BY_ZERO', 'division by zero');
  let num = n;
  let den = d;
  if (den < 0) {
    num = -num;
    den = -den;
  }
  const r = num % den;
  const q = (num - r) / den;
  if (!roundsAway(q, r, den, num < 0, mode)) return q === 0 ? 0 : q; // never −0
  return num < 0 ? q - 1 : q + 1;
}

/** ⌊n / d⌋ for safe integers. */
export function floorDiv(n: number, d: number): number {
  return divRound(n, d, Rounding.FLOOR);
}

/** ⌈n / d⌉ for safe integers. */
export function ceilDiv(n: number, d: number): number {
  return divRound(n, d, Rounding.CEIL);
}

/** {@link divRound} for bigints (any magnitude). */
export function divRoundBig(n: bigint, d: bigint, mode: RoundingMode): bigint {
  if (d === 0n) throw new FixedPointError('DIVISION_BY_ZERO', 'division by zero');
  let num = n;
  let den = d;
  if (den < 0n) {
    num = -num;
    den = -den;
  }
  const q = num / den; // truncates toward zero
  const r = num - q * den;
  if (r === 0n) return q;
  const negative = num < 0n;
  let away: boolean;
  switch (mode) {
    case Rounding.DOWN:
      away = false;
      break;
    case Rounding.UP:
      away = true;
      break;
    case Rounding.FLOOR:
      away = negative;
      break;
    case Rounding.CEIL:
      away = !negative;
      break;
    case Rounding.EXACT:
      throw new FixedPointError('INEXACT', 'the result is not a whole number of units');
    default: {
      const twice = 2n * (r < 0n ? -r : r);
      if (twice !== den) away = twice > den;
      else if (mode === Rounding.HALF_UP) away = true;
      else if (mode === Rounding.HALF_DOWN) away = false;
      else if (mode === Rounding.HALF_EVEN) away = q % 2n !== 0n;
      else throw new FixedPointError('BAD_ARGUMENT', `unknown rounding mode ${String(mode)}`);
    }
  }
  if (!away) return q;
  return negative ? q - 1n : q + 1n;
}
