import {
  MAX_SCALE,
  ParseStatus,
  ScaledDecimal,
  formatUnitsBig,
  parseDecimalInto,
  pow10Big,
} from '@truex-mm/fixed-point';

/** Ratios (spread capture, fill rate) are given to this many decimal places. */
export const RATIO_DECIMALS = 4;

/** Most fraction digits a figure may have: @truex-mm/fixed-point's MAX_SCALE (22). */
export const FIGURE_MAX_DECIMALS = MAX_SCALE;

/**
 * Most integer digits a figure may have (below 10^18): with at most 22 decimals, every figure has at most 40
 * significant digits, all of which the former decimal.js figures (40 significant digits) held too.
 */
export const FIGURE_MAX_INTEGER_DIGITS = 18;

/** A figure's input is not a decimal string (or not a count), or not one a figure can hold. */
export class FigureInputError extends Error {
  constructor(
    readonly field: string,
    detail: string,
  ) {
    super(`${field}: ${detail}`);
    this.name = 'FigureInputError';
  }
}

/**
 * An exact figure as a scaled integer: `units × 10^−scale` (a bigint: Σ edge × quantity at scales 8 + 8 is beyond
 * 2^53 units). Immutable; not necessarily at its smallest scale (a difference of 100.5 and 100.5 is 0 at scale 1).
 */
export class FigureAmount {
  constructor(
    readonly units: bigint,
    readonly scale: number,
  ) {}

  /** Plain decimal text, trailing zeros trimmed, never an exponent, never "-0" ("1", "-0.25"). */
  toFixed(): string {
    return formatUnitsBig(this.units, this.scale);
  }

  toString(): string {
    return this.toFixed();
  }
}

export const ZERO_AMOUNT = new FigureAmount(0n, 0);

// The figures' own grammar (as before: optional exponent, blanks around it trimmed).
const FIGURE_TEXT = /^(-)?(\d+)(?:\.(\d+))?(?:[eE]([-+]?\d+))?$/;
// What display rounding has always read: decimal.js's decimal notation (a leading "+", ".5", "5.").
const DISPLAY_TEXT = /^([-+])?(\d*)(?:\.(\d*))?(?:[eE]([-+]?\d+))?$/;

/** Why a text is not a figure; undefined when it is one (the amount is in `parsed`). */
type Problem = 'not a decimal string' | 'too many decimals' | 'too large';

let parsed: FigureAmount = ZERO_AMOUNT;

/** Digits and a decimal exponent → an amount at its natural scale (trailing fraction zeros dropped). */
function amountOf(
  negative: boolean,
  intDigits: string,
  fraction: string,
  exponent: string | undefined,
): Problem | undefined {
  let digits = (intDigits + fraction).replace(/^0+/, '');
  if (digits === '') {
    parsed = ZERO_AMOUNT;
    return undefined;
  }
  const exp = exponent === undefined ? 0 : Number(exponent);
  if (!Number.isSafeInteger(exp)) return exp > 0 ? 'too large' : 'too many decimals';
  let scale = fraction.length - exp;
  const trimmed = digits.replace(/0+$/, '');
  scale -= digits.length - trimmed.length;
  digits = trimmed;
  if (scale > FIGURE_MAX_DECIMALS) return 'too many decimals';
  if (digits.length - scale > FIGURE_MAX_INTEGER_DIGITS) return 'too large';
  let units = BigInt(digits);
  if (scale < 0) {
    units *= pow10Big(-scale);
    scale = 0;
  }
  parsed = new FigureAmount(negative ? -units : units, scale);
  return undefined;
}

const slot = new ScaledDecimal();

/**
 * The common case without a regular expression: a plain decimal (`-?\d+(\.\d+)?`) within a safe integer at its
 * natural scale (at most 22 decimals; at most 16 integer digits), parsed by @truex-mm/fixed-point. Undefined for
 * anything else, which the full grammar then reads (or refuses).
 */
function plainAmount(text: string): FigureAmount | undefined {
  if (typeof text !== 'string' || parseDecimalInto(text, slot, true) !== ParseStatus.OK) return undefined;
  return slot.units === 0 ? ZERO_AMOUNT : new FigureAmount(BigInt(slot.units), slot.scale);
}

/**
 * A figure's input: a decimal string (`-?\d+(\.\d+)?`, an exponent allowed, blanks around trimmed) with at most 22
 * decimals and 18 integer digits, as an exact amount at its natural scale. Anything else throws a
 * {@link FigureInputError} naming the field.
 */
export function parseFigureAmount(field: string, value: string): FigureAmount {
  const plain = plainAmount(value);
  if (plain !== undefined) return plain;
  const m = typeof value === 'string' ? FIGURE_TEXT.exec(value.trim()) : null;
  const problem = m === null ? 'not a decimal string' : amountOf(m[1] === '-', m[2] as string, m[3] ?? '', m[4]);
  if (problem !== undefined) {
    const shown = typeof value === 'string' && value.length > 60 ? `${value.slice(0, 60)}…` : value;
    throw new FigureInputError(field, `${problem}: ${JSON.stringify(shown)}`);
  }
  return parsed;
}

/**
 * A value to round for display as an exact amount, or undefined when it is unknown or not representable (null,
 * undefined, NaN, ±Infinity, not a decimal, more than 22 decimals, more than 18 integer digits). A number is taken at
 * its shortest decimal form (`String(x)`, as decimal.js read it).
 */
export function displayAmount(value: string | number | null | undefined): FigureAmount | undefined {
  if (value === null || value === undefined) return undefined;
  if (typeof value === 'number' && !Number.isFinite(value)) return undefined;
  const text = typeof value === 'number' ? String(value) : value;
  const plain = plainAmount(text);
  if (plain !== undefined) return plain;
  const m = typeof text === 'string' ? DISPLAY_TEXT.exec(text) : null;
  if (m === null) return undefined;
  const intDigits = m[2] as string;
  const fraction = m[3] ?? '';
  if (intDigits === '' && fraction === '') return undefined;
  return amountOf(m[1] === '-', intDigits, fraction, m[4]) === undefined ? parsed : undefined;
}
