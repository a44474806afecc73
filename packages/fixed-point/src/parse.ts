import { FixedPointError, quote } from './fixed-point-error';
import { MAX_SCALE, POW10, checkScale, pow10Big } from './limits';

/** Outcome of a non-throwing parse ({@link tryParseUnits}, {@link parseDecimalInto}). */
export const ParseStatus = {
  OK: 0,
  INVALID_DECIMAL: 1,
  NEGATIVE: 2,
  TOO_MANY_DECIMALS: 3,
  OVERFLOW: 4,
} as const;
export type ParseStatus = (typeof ParseStatus)[keyof typeof ParseStatus];

const MINUS = 45;
const DOT = 46;
const ZERO = 48;
const MAX_SAFE = Number.MAX_SAFE_INTEGER;

// The status of the last scan: module state instead of an object per call.
let lastStatus: ParseStatus = ParseStatus.OK;
// Fraction digits of the last natural-scale scan (trailing zeros dropped).
let lastScale = 0;

/** The status of the last {@link tryParseUnits} / {@link tryParseUnitsAt} call (OK after a successful one). */
export function lastParseStatus(): ParseStatus {
  return lastStatus;
}

function fail(status: ParseStatus): number {
  lastStatus = status;
  return NaN;
}

/**
 * The core scanner: `text[start, end)` as an integer count of 10^−scale, or NaN with {@link lastStatus} set.
 * scale < 0 means "natural": as many fraction digits as the text has, trailing zeros dropped (lastScale).
 */
function scan(text: string, start: number, end: number, scale: number, signed: boolean): number {
  if (typeof text !== 'string') return fail(ParseStatus.INVALID_DECIMAL);
  let i = start;
  const negative = i < end && text.charCodeAt(i) === MINUS;
  if (negative) i++;
  let units = 0;
  let intDigits = 0;
  for (; i < end; i++) {
    const d = text.charCodeAt(i) - ZERO;
    if (d < 0 || d > 9) break;
    intDigits++;
    units = units * 10 + d;
  }
  if (intDigits === 0) return fail(ParseStatus.INVALID_DECIMAL);
  // Once beyond 2^53 a count only grows (each step rounds monotonically), so one check after each loop is enough.
  let overflow = units > MAX_SAFE;
  let kept = 0;
  let tooMany = false;
  if (i < end) {
    if (text.charCodeAt(i) !== DOT || i === end - 1) return fail(ParseStatus.INVALID_DECIMAL);
    i++;
    if (scale >= 0) {
      // Fixed scale (the hot case): digits up to the scale are kept, any later digit must be zero.
      for (; i < end; i++) {
        const d = text.charCodeAt(i) - ZERO;
        if (d < 0 || d > 9) return fail(ParseStatus.INVALID_DECIMAL);
        if (kept < scale) {
          units = units * 10 + d;
          kept++;
        } else if (d !== 0) {
          tooMany = true;
        }
      }
    } else {
      // Natural scale: zeros are kept only when a nonzero digit follows (trailing zeros are not precision).
      let pendingZeros = 0;
      for (; i < end; i++) {
        const d = text.charCodeAt(i) - ZERO;
        if (d < 0 || d > 9) return fail(ParseStatus.INVALID_DECIMAL);
        if (d === 0) {
          pendingZeros++;
          continue;
        }
        if (kept + pendingZeros + 1 > MAX_SCALE) {
          tooMany = true;
          continue; // keep validating the rest of the text
        }
        for (; pendingZeros > 0; pendingZeros--) {
          units *= 10;
          kept++;
        }
        units = units * 10 + d;
        kept++;
      }
    }
    if (units > MAX_SAFE) overflow = true;
  }
  if (negative && !signed) return fail(ParseStatus.NEGATIVE);
  if (tooMany) return fail(ParseStatus.TOO_MANY_DECIMALS);
  if (overflow) return fail(ParseStatus.OVERFLOW);
  if (scale < 0) {
    lastScale = kept;
  } else if (kept < scale) {
    units *= POW10[scale - kept] as number;
    if (units > MAX_SAFE) return fail(ParseStatus.OVERFLOW);
  }
  lastStatus = ParseStatus.OK;
  return negative && units !== 0 ? -units : units;
}

/**
 * `text` as an integer count of 10^−scale (e.g. "14.8024" at scale 8 → 1480240000), or NaN when it is not exactly
 * that: not a plain decimal (`-?\d+(\.\d+)?`; no exponent, `+`, blanks), a minus sign without `signed`, a nonzero
 * digit beyond `scale` (trailing zeros are fine), or beyond Number.MAX_SAFE_INTEGER units. {@link lastParseStatus}
 * says which. Never throws, never allocates: for hot paths. "-0" is 0.
 */
export function tryParseUnits(text: string, scale: number, signed = false): number {
  return scan(text, 0, typeof text === 'string' ? text.length : 0, scale, signed);
}

/** {@link tryParseUnits} of `text.slice(start, end)`, without slicing (e.g. a field inside a JSON frame). */
export function tryParseUnitsAt(text: string, start: number, end: number, scale: number, signed = false): number {
  return scan(text, start, end, scale, signed);
}

/** Throws the FixedPointError for a failed parse status. */
function parseError(status: ParseStatus, text: unknown, scale: number): FixedPointError {
  switch (status) {
    case ParseStatus.NEGATIVE:
      return new FixedPointError('NEGATIVE', `must not be negative: ${quote(text)}`);
    case ParseStatus.TOO_MANY_DECIMALS:
      return new FixedPointError(
        'TOO_MANY_DECIMALS',
        `not a decimal string with at most ${scale} decimals: ${quote(text)}`,
      );
    case ParseStatus.OVERFLOW:
      return new FixedPointError('OVERFLOW', `beyond Number.MAX_SAFE_INTEGER units at scale ${scale}: ${quote(text)}`);
    default:
      return new FixedPointError('INVALID_DECIMAL', `not a decimal: ${quote(text)}`);
  }
}

/** {@link tryParseUnits}, throwing a FixedPointError (code INVALID_DECIMAL, NEGATIVE, TOO_MANY_DECIMALS, OVERFLOW). */
export function parseUnits(text: string, scale: number, signed = false): number {
  checkScale(scale);
  const units = tryParseUnits(text, scale, signed);
  if (units !== units) throw parseError(lastStatus, text, scale);
  return units;
}

/**
 * A decimal held at its own (natural) scale: `units × 10^−scale`, trailing fractional zeros dropped. A mutable slot
 * the caller owns and reuses: {@link parseDecimalInto} fills it without allocating, and skips a text it holds already.
 */
export class ScaledDecimal {
  /** The text last parsed into this slot (undefined: empty). */
  text: string | undefined = undefined;
  status: ParseStatus = ParseStatus.INVALID_DECIMAL;
  units = 0;
  scale = 0;
  signed = false;
}

/**
 * Parses `text` at its natural scale (at most 22 fraction digits) into `into`; returns the status (units 0, scale 0
 * unless OK). The same text as last time (with the same `signed`) is not parsed again.
 */
export function parseDecimalInto(text: string, into: ScaledDecimal, signed = false): ParseStatus {
  if (text === into.text && signed === into.signed && typeof text === 'string') return into.status;
  into.text = text;
  into.signed = signed;
  const units = scan(text, 0, typeof text === 'string' ? text.length : 0, -1, signed);
  if (units !== units) {
    into.units = 0;
    into.scale = 0;
  } else {
    into.units = units;
    into.scale = lastScale;
  }
  into.status = lastStatus;
  return lastStatus;
}

/** Throws the FixedPointError of a slot whose status is not OK. */
export function requireParsed(slot: ScaledDecimal): void {
  if (slot.status !== ParseStatus.OK) throw parseError(slot.status, slot.text, MAX_SCALE);
}

/** The natural scale of a decimal string (fraction digits without trailing zeros: "0.50" → 1); throws if invalid. */
export function decimalScale(text: string, signed = true): number {
  const units = scan(text, 0, typeof text === 'string' ? text.length : 0, -1, signed);
  if (units !== units && lastStatus !== ParseStatus.OVERFLOW) throw parseError(lastStatus, text, MAX_SCALE);
  if (lastStatus === ParseStatus.OVERFLOW) {
    // The scale does not depend on the magnitude: count it from the text.
    const dot = text.indexOf('.');
    return dot < 0 ? 0 : text.slice(dot + 1).replace(/0+$/, '').length;
  }
  return lastScale;
}

/** True for a plain decimal string (`-?\d+(\.\d+)?` with `signed`, `\d+(\.\d+)?` without), of any length. */
export function isPlainDecimal(text: string, signed = false): boolean {
  if (typeof text !== 'string') return false;
  scan(text, 0, text.length, -1, signed);
  const status = lastStatus;
  return status === ParseStatus.OK || status === ParseStatus.OVERFLOW || status === ParseStatus.TOO_MANY_DECIMALS;
}

const PLAIN = /^(-)?(\d+)(?:\.(\d+))?$/;

/**
 * `text` as a bigint count of 10^−scale, for magnitudes beyond safe integers (any scale ≥ 0). Same rules and errors
 * as {@link parseUnits}, except that there is no overflow. Allocates: not for hot paths.
 */
export function parseUnitsBig(text: string, scale: number, signed = false): bigint {
  if (!(scale >= 0 && Number.isInteger(scale))) {
    throw new FixedPointError('BAD_ARGUMENT', `scale must be a non-negative integer, got ${scale}`);
  }
  const m = typeof text === 'string' ? PLAIN.exec(text) : null;
  if (m === null) throw parseError(ParseStatus.INVALID_DECIMAL, text, scale);
  if (m[1] && !signed) throw parseError(ParseStatus.NEGATIVE, text, scale);
  const fraction = (m[3] ?? '').replace(/0+$/, '');
  if (fraction.length > scale) throw parseError(ParseStatus.TOO_MANY_DECIMALS, text, scale);
  const units = BigInt((m[2] as string) + fraction) * pow10Big(scale - fraction.length);
  return m[1] ? -units : units;
}
