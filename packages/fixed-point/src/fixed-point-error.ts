/** Why a fixed-point operation refused its input or result. */
export type FixedPointErrorCode =
  /** Not a plain decimal string (`/^-?\d+(\.\d+)?$/`): exponents, blanks, `+`, `.5`, `5.`, hex… */
  | 'INVALID_DECIMAL'
  /** A minus sign where only non-negative values are allowed. */
  | 'NEGATIVE'
  /** A nonzero digit beyond the scale asked for. */
  | 'TOO_MANY_DECIMALS'
  /** A result (or an input at its scale) beyond Number.MAX_SAFE_INTEGER units. */
  | 'OVERFLOW'
  /** Rounding mode `EXACT` and the result is not a whole number of units. */
  | 'INEXACT'
  | 'DIVISION_BY_ZERO'
  /** A scale that is not an integer in 0…MAX_SCALE, or an increment that is not a positive integer. */
  | 'BAD_ARGUMENT';

/** The one error type of `@truex-mm/fixed-point`; `code` says which rule was broken. */
export class FixedPointError extends RangeError {
  constructor(
    readonly code: FixedPointErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'FixedPointError';
  }
}

/** Quotes (a bounded prefix of) a caller's text for an error message. */
export function quote(text: unknown): string {
  const s = typeof text === 'string' ? text : String(text);
  return JSON.stringify(s.length > 40 ? `${s.slice(0, 40)}…` : s);
}
