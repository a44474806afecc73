import { floorDiv, isSafe, parseFastDecimal, pow10 } from '../fixed-point';

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
  const t = parseFastDecimal(tickSize);
  if (!t || t.units <= 0)
    throw new RangeError(`tickSize must be a positive decimal string, got ${JSON.stringify(tickSize)}`);
  return t;
}

/** `price / tick` as an exact fraction; undefined for a malformed, negative or out-of-range price. */
export function toTickFraction(price: string, tick: TickSize): TickFraction | undefined {
  const p = parseFastDecimal(price);
  if (!p || p.units <= 0) return undefined;
  const num = p.units * pow10(tick.places);
  const den = tick.units * pow10(p.places);
  if (!isSafe(num) || !isSafe(den)) return undefined;
  return { num, den };
}

/** A price as a whole number of ticks, or undefined when it is not on the grid (or malformed). */
export function toWholeTicks(price: string, tick: TickSize): number | undefined {
  const f = toTickFraction(price, tick);
  if (!f) return undefined;
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
