/**
 * Rounding modes, as small integers so hot code passes them without allocating. Every function that can lose
 * digits takes one explicitly; there is no default.
 */
export const Rounding = {
  /** Toward zero (truncate). */
  DOWN: 0,
  /** Away from zero. */
  UP: 1,
  /** Toward −∞. */
  FLOOR: 2,
  /** Toward +∞. */
  CEIL: 3,
  /** Nearest, a tie away from zero (decimal.js ROUND_HALF_UP, "school" rounding). */
  HALF_UP: 4,
  /** Nearest, a tie to the even neighbour (banker's rounding, unbiased). */
  HALF_EVEN: 5,
  /** Nearest, a tie toward zero. */
  HALF_DOWN: 6,
  /** No rounding allowed: a remainder throws FixedPointError('INEXACT'). */
  EXACT: 7,
} as const;
export type RoundingMode = (typeof Rounding)[keyof typeof Rounding];
