/**
 * Quantities as integer units of 10^-18 in a bigint: exact for any lot TrueX could define, and cheap enough for the
 * per-report bookkeeping of executed quantity (see executed-quantity.ts). Decimal strings at the edges only.
 */
export const QUANTITY_SCALE = 18;
const SCALE_FACTOR = 10n ** BigInt(QUANTITY_SCALE);
const PLAIN_DECIMAL = /^\d+(\.\d+)?$/;

/** A non-negative plain decimal with at most 18 fractional digits as units; undefined for anything else. */
export function toUnits(text: string | undefined): bigint | undefined {
  if (text === undefined || !PLAIN_DECIMAL.test(text)) return undefined;
  const dot = text.indexOf('.');
  if (dot < 0) return BigInt(text) * SCALE_FACTOR;
  const fraction = text.slice(dot + 1).replace(/0+$/, '');
  if (fraction.length > QUANTITY_SCALE) return undefined;
  return BigInt(text.slice(0, dot)) * SCALE_FACTOR + BigInt(fraction.padEnd(QUANTITY_SCALE, '0'));
}

/** Units back to the shortest plain decimal text ("0.0012", "3", "0"). */
export function fromUnits(units: bigint): string {
  const negative = units < 0n;
  const abs = negative ? -units : units;
  const whole = abs / SCALE_FACTOR;
  const fraction = (abs % SCALE_FACTOR).toString().padStart(QUANTITY_SCALE, '0').replace(/0+$/, '');
  return `${negative ? '-' : ''}${whole}${fraction ? `.${fraction}` : ''}`;
}

export function maxUnits(a: bigint, b: bigint): bigint {
  return a > b ? a : b;
}
