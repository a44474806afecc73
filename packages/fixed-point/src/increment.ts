import { divRound } from './divide';
import { FixedPointError } from './fixed-point-error';
import { checkSafe } from './limits';
import type { RoundingMode } from './rounding';

function checkIncrement(increment: number): void {
  if (!(increment > 0 && Number.isSafeInteger(increment))) {
    throw new FixedPointError('BAD_ARGUMENT', `increment must be a positive safe integer count, got ${increment}`);
  }
}

/**
 * How many increments (TrueX's price tick or size increment, as a count at the same scale as `units`) `units` is,
 * rounded by `mode`: FLOOR/CEIL/HALF_EVEN… explicitly, EXACT to insist the value is on the grid.
 */
export function countIncrements(units: number, increment: number, mode: RoundingMode): number {
  checkIncrement(increment);
  return divRound(units, increment, mode);
}

/** `units` rounded to a multiple of `increment` (same scale) by `mode`; OVERFLOW if the multiple does not fit. */
export function roundToIncrement(units: number, increment: number, mode: RoundingMode): number {
  return checkSafe(countIncrements(units, increment, mode) * increment, 'rounded value');
}

/** True when `units` is a whole number of increments (same scale). */
export function isMultipleOf(units: number, increment: number): boolean {
  checkIncrement(increment);
  return units % increment === 0;
}
