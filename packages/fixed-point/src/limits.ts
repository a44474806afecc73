import { FixedPointError } from './fixed-point-error';

/** Largest scale (fraction digits) accepted: 10^22 is the largest power of ten that is an exact double. */
export const MAX_SCALE = 22;

/** 10^0 … 10^22, each an exact double. */
export const POW10: readonly number[] = Array.from({ length: MAX_SCALE + 1 }, (_, k) => 10 ** k);
const POW10_BIG: readonly bigint[] = Array.from({ length: 2 * MAX_SCALE + 1 }, (_, k) => 10n ** BigInt(k));

/** 10^k for an integer k in 0…22 (exact). Throws FixedPointError('BAD_ARGUMENT') outside that range. */
export function pow10(k: number): number {
  const p = POW10[k];
  if (p === undefined) throw new FixedPointError('BAD_ARGUMENT', `10^${k} is not an exact double (0 <= k <= 22)`);
  return p;
}

/** 10^k as a bigint for k ≥ 0 (cached up to 44). */
export function pow10Big(k: number): bigint {
  return POW10_BIG[k] ?? 10n ** BigInt(k);
}

/** Throws FixedPointError('BAD_ARGUMENT') unless `scale` is an integer in 0…MAX_SCALE. */
export function checkScale(scale: number): void {
  if (!(scale >= 0 && scale <= MAX_SCALE && Number.isInteger(scale))) {
    throw new FixedPointError('BAD_ARGUMENT', `scale must be an integer in 0..${MAX_SCALE}, got ${scale}`);
  }
}

/** `x` when it is a safe integer; otherwise throws FixedPointError('OVERFLOW') naming `what`. */
export function checkSafe(x: number, what = 'result'): number {
  if (!Number.isSafeInteger(x)) {
    throw new FixedPointError('OVERFLOW', `${what} is beyond Number.MAX_SAFE_INTEGER units`);
  }
  return x;
}

/** A bigint that fits a safe integer as a number; otherwise throws FixedPointError('OVERFLOW'). */
export function bigToSafe(x: bigint, what = 'result'): number {
  if (x > MAX_SAFE_BIG || x < -MAX_SAFE_BIG) {
    throw new FixedPointError('OVERFLOW', `${what} is beyond Number.MAX_SAFE_INTEGER units`);
  }
  return Number(x);
}
const MAX_SAFE_BIG = BigInt(Number.MAX_SAFE_INTEGER);
