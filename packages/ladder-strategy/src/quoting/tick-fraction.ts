import * as fixedPoint from '@truex-mm/fixed-point';
import { parseScaledValue, pow10OrNaN } from '../scaled-value';

// Bound once at load so V8 can inline these calls (see the README of @truex-mm/fixed-point).
const { MAX_SCALE, floorDiv, tryParseUnits } = fixedPoint;

/**
 * A price in ticks as the exact fraction `num / den` (den > 0): fair value is rarely on the grid, and every
 * comparison the quoting policy makes against it (is this bid at least `minEdge` ticks below fair value?) is done in
 * integers, so no rounding can let an order through fair value.
 */
export interface TickFraction {
  readonly num: number;
  readonly den: number;
}

/** A tick size parsed once: `units × 10^−places`. */
export interface TickSize {
  readonly units: number;
  readonly places: number;
}

export function parseTickSize(tickSize: string): TickSize {
  const t = parseScaledValue(tickSize);
  if (!t || t.units <= 0)
    throw new RangeError(`tickSize must be a positive decimal string, got ${JSON.stringify(tickSize)}`);
  return t;
}

/** `price / tick` as an exact fraction; undefined for a malformed, negative or out-of-range price. */
export function toTickFraction(price: string, tick: TickSize): TickFraction | undefined {
  const f = { num: 0, den: 1 };
  return tickFractionInto(price, tick, f) ? f : undefined;
}

/** {@link toTickFraction} written into `out` (nothing built): false (and `out` unspecified) where it gives undefined. */
export function tickFractionInto(price: string, tick: TickSize, out: { num: number; den: number }): boolean {
  // parseScaledValue's reading, without its result object.
  if (typeof price !== 'string') return false;
  const dot = price.indexOf('.');
  const places = dot < 0 ? 0 : price.length - dot - 1;
  if (places > MAX_SCALE) return false;
  const units = tryParseUnits(price, places, true);
  // NaN (not a decimal, or beyond 2^53 units) and non-positive prices alike.
  if (!(units > 0)) return false;
  const num = units * pow10OrNaN(tick.places);
  const den = tick.units * pow10OrNaN(places);
  if (!Number.isSafeInteger(num) || !Number.isSafeInteger(den)) return false;
  out.num = num;
  out.den = den;
  return true;
}

const wholeTicksSlot = { num: 0, den: 1 };

/** A price as a whole number of ticks, or undefined when it is not on the grid (or malformed). Allocates nothing. */
export function toWholeTicks(price: string, tick: TickSize): number | undefined {
  const f = wholeTicksSlot;
  if (!tickFractionInto(price, tick, f)) return undefined;
  const q = floorDiv(f.num, f.den);
  return q * f.den === f.num ? q : undefined;
}

/** `fairValue − ticks` compared with `edge` (all in ticks): negative, zero or positive, exactly. */
export function compareBelow(fairValue: TickFraction, ticks: number, edge: number): number {
  return fairValue.num - (ticks + edge) * fairValue.den;
}

/** `ticks − fairValue` compared with `edge`: negative, zero or positive, exactly. */
export function compareAbove(fairValue: TickFraction, ticks: number, edge: number): number {
  return (ticks - edge) * fairValue.den - fairValue.num;
}

/** ⌊fairValue − offset⌋ in ticks. */
export function floorBelow(fairValue: TickFraction, offset: number): number {
  return floorDiv(fairValue.num - offset * fairValue.den, fairValue.den);
}

/** ⌈fairValue + offset⌉ in ticks. */
export function ceilAbove(fairValue: TickFraction, offset: number): number {
  const n = fairValue.num + offset * fairValue.den;
  const q = floorDiv(n, fairValue.den);
  return q * fairValue.den === n ? q : q + 1;
}
