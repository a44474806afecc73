/** Which observation of the reference market feeds the fair-value estimator. */
export type FairValueInput = 'mid' | 'microprice' | 'last';

export const FAIR_VALUE_INPUTS: readonly FairValueInput[] = ['mid', 'microprice', 'last'];

/** One reference-market observation; prices/sizes as decimal strings (as on the wire) or numbers. */
export interface ReferenceQuote {
  bidPrice: string | number;
  askPrice: string | number;
  bidSize?: string | number;
  askSize?: string | number;
  lastPrice?: string | number;
}

/** Why an observation was not used. */
export type RejectedInputReason = 'bad-price' | 'crossed' | 'no-last-price' | 'bad-time';

export type InputSample = { ok: true; price: number } | { ok: false; reason: RejectedInputReason };

function toFinite(value: string | number | undefined): number | undefined {
  if (value === undefined) return undefined;
  // Number('') is 0 and Number(' 1 ') is 1; an empty or padded field is malformed input, not zero.
  // (Checking the end characters instead of trim() keeps this allocation-free on the hot path.)
  if (
    typeof value === 'string' &&
    (value.length === 0 || value.charCodeAt(0) <= 32 || value.charCodeAt(value.length - 1) <= 32)
  ) {
    return undefined;
  }
  const n = typeof value === 'number' ? value : Number(value);
  return Number.isFinite(n) ? n : undefined;
}

/**
 * Extracts the estimator's input price from a quote. Microprice weights each side by the OPPOSITE size
 * (a large bid queue pushes the price towards the ask): (bid·askSize + ask·bidSize) / (bidSize + askSize);
 * it falls back to the mid when sizes are missing or both zero. A crossed or locked book is rejected, since
 * the feed marks such books invalid and a mid of a crossed book is not a price anyone can trade around.
 */
export function sampleInput(q: ReferenceQuote, input: FairValueInput): InputSample {
  const price = samplePrice(q, input);
  return price > 0 ? { ok: true, price } : { ok: false, reason: REJECTED_BY_CODE[-price] as RejectedInputReason };
}

/** {@link samplePrice}'s rejection codes (negated), by index. */
const REJECTED_BY_CODE: readonly (RejectedInputReason | undefined)[] = [
  undefined,
  'bad-price',
  'crossed',
  'no-last-price',
];
const BAD_PRICE = -1;
const CROSSED = -2;
const NO_LAST_PRICE = -3;

/**
 * {@link sampleInput} without building a result (the per-tick path): the input price (> 0), or a negative code of
 * why the quote was rejected, read back with {@link rejectedInputReason}.
 */
export function samplePrice(q: ReferenceQuote, input: FairValueInput): number {
  if (input === 'last') {
    if (q.lastPrice === undefined) return NO_LAST_PRICE;
    const last = toFinite(q.lastPrice);
    if (last === undefined || last <= 0) return BAD_PRICE;
    return last;
  }
  const bid = toFinite(q.bidPrice);
  const ask = toFinite(q.askPrice);
  if (bid === undefined || ask === undefined || bid <= 0 || ask <= 0) return BAD_PRICE;
  if (bid >= ask) return CROSSED;
  const mid = (bid + ask) / 2;
  if (input === 'mid') return mid;
  const bidSize = toFinite(q.bidSize);
  const askSize = toFinite(q.askSize);
  if (bidSize === undefined || askSize === undefined || bidSize < 0 || askSize < 0 || bidSize + askSize === 0) {
    return mid;
  }
  const micro = (bid * askSize + ask * bidSize) / (bidSize + askSize);
  // Rounding can put the weighted mean a hair outside [bid, ask]; the definition cannot.
  return Math.min(ask, Math.max(bid, micro));
}

/** Why {@link samplePrice} rejected a quote, from its negative result. */
export function rejectedInputReason(code: number): RejectedInputReason {
  return REJECTED_BY_CODE[-code] ?? 'bad-price';
}
