import * as fixedPoint from '@truex-mm/fixed-point';

// Bound once at load so V8 can inline these calls (see the README of @truex-mm/fixed-point).
const {
  ParseStatus,
  Rounding,
  ScaledDecimal,
  decimalScale,
  formatUnits,
  formatUnitsBig,
  parseDecimalInto,
  parseUnitsBig,
  rescaleUnitsOrNaN,
} = fixedPoint;
type ScaledDecimal = fixedPoint.ScaledDecimal;

/**
 * Quantity text arithmetic for the request path, on `@truex-mm/fixed-point`: a plain decimal is held at its own
 * scale as an integer count in a JS number (no allocation); a figure beyond 2^53 units continues in bigint. Strict:
 * only plain decimals (no exponents) are read; anything else is a FixedPointError (a RangeError).
 */

// Reused parse slots: no allocation per call.
const positiveSlot = new ScaledDecimal();
const quantitySlot = new ScaledDecimal();
const cumQtySlot = new ScaledDecimal();

/** What `/^\d+(\.\d+)?$/` and `/[1-9]/` both accept: an unsigned plain decimal that is not zero. */
export function isPositiveDecimal(text: string): boolean {
  const status = parseDecimalInto(text, positiveSlot);
  // Too many digits for a number still means a valid decimal with a nonzero digit.
  if (status === ParseStatus.OK) return positiveSlot.units > 0;
  return status === ParseStatus.OVERFLOW || status === ParseStatus.TOO_MANY_DECIMALS;
}

/** Whether a parsed unsigned decimal is written as `formatUnits` writes it: no leading zero, no trailing zero or dot. */
function isShortestText(text: string): boolean {
  const last = text.charCodeAt(text.length - 1);
  if (last === 46 /* . */) return false;
  if (last === 48 /* 0 */ && text.includes('.')) return false;
  return !(text.length > 1 && text.charCodeAt(0) === 48 && text.charCodeAt(1) !== 46);
}

/**
 * LeavesQty of a replacement: `quantity − cumQty`, '0' when the fill already exceeds the new quantity; the shortest
 * plain text ("0.006", "3"). Throws FixedPointError for a quantity or cumQty that is not an unsigned plain decimal.
 */
export function leavesQuantity(quantity: string, cumQty: string): string {
  if (
    parseDecimalInto(quantity, quantitySlot) === ParseStatus.OK &&
    parseDecimalInto(cumQty, cumQtySlot) === ParseStatus.OK
  ) {
    const scale = quantitySlot.scale > cumQtySlot.scale ? quantitySlot.scale : cumQtySlot.scale;
    const a = rescaleUnitsOrNaN(quantitySlot.units, quantitySlot.scale, scale, Rounding.EXACT);
    const b = rescaleUnitsOrNaN(cumQtySlot.units, cumQtySlot.scale, scale, Rounding.EXACT);
    // Each side a safe integer means their difference is exact too.
    if (a === a && b === b) {
      if (a <= b) return '0';
      // Nothing filled (a replace of an untouched order): the quantity itself when it is already the shortest text.
      if (b === 0 && isShortestText(quantity)) return quantity;
      return formatUnits(a - b, scale);
    }
  }
  // Beyond safe integers (or malformed: the parse below throws the typed error): the same subtraction in bigint.
  const scale = Math.max(decimalScale(quantity, false), decimalScale(cumQty, false));
  const leaves = parseUnitsBig(quantity, scale) - parseUnitsBig(cumQty, scale);
  return leaves <= 0n ? '0' : formatUnitsBig(leaves, scale);
}

/** Σ of signed plain decimals (fee amounts), exact at the finest scale among them; shortest text. */
export function sumDecimals(amounts: readonly string[]): string {
  let scale = 0;
  for (const amount of amounts) scale = Math.max(scale, decimalScale(amount, true));
  let total = 0n;
  for (const amount of amounts) total += parseUnitsBig(amount, scale, true);
  return formatUnitsBig(total, scale);
}
