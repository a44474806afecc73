import Decimal from 'decimal.js';

/**
 * Decimal arithmetic with enough significant digits that a price divided by a tick is exact for every
 * TrueX bucket (a 12-digit price over a 1e-10 tick needs 22 digits; the library default is 20).
 */
export const Dec = Decimal.clone({ precision: 40, rounding: Decimal.ROUND_HALF_EVEN });
export type Dec = InstanceType<typeof Dec>;

const DECIMAL_RE = /^-?(\d+)(\.\d+)?$/;

/** Parses a decimal string strictly (no exponent, no spaces, no hex); undefined when malformed. */
export function parseDecimal(text: string): Dec | undefined {
  if (typeof text !== 'string' || !DECIMAL_RE.test(text)) return undefined;
  return new Dec(text);
}

/** Number of fraction digits of an increment ('0.5' → 1, '0.0001' → 4, '1' → 0). */
export function decimalPlaces(increment: string): number {
  const dot = increment.indexOf('.');
  return dot < 0 ? 0 : increment.length - dot - 1;
}

/** An increment as an integer count of 10^−places (e.g. '0.5' → 5n at 1 place), for exact bigint formatting. */
export interface ScaledIncrement {
  readonly units: bigint;
  readonly places: number;
}

export function scaleIncrement(increment: string): ScaledIncrement {
  const places = decimalPlaces(increment);
  return { units: BigInt(increment.replace('.', '')), places };
}

/** count × increment as a fixed-point decimal string with the increment's number of fraction digits. */
export function formatUnits(count: bigint, increment: ScaledIncrement): string {
  const value = count * increment.units;
  const negative = value < 0n;
  const digits = (negative ? -value : value).toString().padStart(increment.places + 1, '0');
  const cut = digits.length - increment.places;
  const text = increment.places === 0 ? digits : `${digits.slice(0, cut)}.${digits.slice(cut)}`;
  return negative ? `-${text}` : text;
}

/** value / increment, exact (not rounded). */
export function inUnits(value: Dec, increment: Dec): Dec {
  return value.div(increment);
}

export function floorToBigInt(d: Dec): bigint {
  return BigInt(d.floor().toFixed(0));
}

export function ceilToBigInt(d: Dec): bigint {
  return BigInt(d.ceil().toFixed(0));
}

/** A decimal string as an exact scaled integer (units × 10^−places), without Decimal allocation; undefined when malformed. */
export function parseScaled(text: string): ScaledIncrement | undefined {
  if (typeof text !== 'string' || !DECIMAL_RE.test(text)) return undefined;
  const dot = text.indexOf('.');
  if (dot < 0) return { units: BigInt(text), places: 0 };
  return { units: BigInt(text.slice(0, dot) + text.slice(dot + 1)), places: text.length - dot - 1 };
}

/** The same value expressed with `places` fraction digits (places ≥ value.places). */
export function rescale(value: ScaledIncrement, places: number): bigint {
  return value.units * 10n ** BigInt(places - value.places);
}
