import { decimalScale, isPlainDecimal, parseUnitsBig } from '@truex-mm/fixed-point';

/** One row of the TrueX increments table (docs.truemarkets.co, "increment sizes"). */
export interface TrueXIncrement {
  /** Lowest price of the bucket (inclusive), decimal string. */
  minPrice: string;
  tickSize: string;
  lotSize: string;
  minNotional: string;
}

/**
 * The documented buckets, highest price first. For BTC-PYUSD every known client uses tick 0.5 and lot 0.0001,
 * which are multiples of bucket 2 and 3 increments, so they are valid on either side of 100 000.
 */
export const TRUEX_INCREMENTS: readonly TrueXIncrement[] = [
  { minPrice: '500000', tickSize: '1', lotSize: '0.000001', minNotional: '1' },
  { minPrice: '100000', tickSize: '0.5', lotSize: '0.00001', minNotional: '1' },
  { minPrice: '10000', tickSize: '0.1', lotSize: '0.0001', minNotional: '1' },
  { minPrice: '1000', tickSize: '0.01', lotSize: '0.001', minNotional: '1' },
  { minPrice: '10', tickSize: '0.001', lotSize: '0.01', minNotional: '1' },
  { minPrice: '0.1', tickSize: '0.0001', lotSize: '1', minNotional: '1' },
  { minPrice: '0.001', tickSize: '0.000001', lotSize: '100', minNotional: '1' },
  { minPrice: '0.00001', tickSize: '0.00000001', lotSize: '10000', minNotional: '1' },
  { minPrice: '0', tickSize: '0.0000000001', lotSize: '1000000', minNotional: '1' },
];

/**
 * The bucket a price falls in. Whether TrueX picks the bucket by the order's price or by a reference price is
 * not documented, so callers should pass the fair value and keep a margin (tick 0.5 is valid in both buckets
 * around 100 000). Throws RangeError for a malformed or negative price.
 */
export function incrementsForPrice(price: string): TrueXIncrement {
  if (!isPlainDecimal(price)) throw new RangeError(`not a price: ${JSON.stringify(price)}`);
  // Exact comparison in bigint at the finer of the two scales (not a per-tick path).
  const row = TRUEX_INCREMENTS.find((r) => {
    const scale = Math.max(decimalScale(price), decimalScale(r.minPrice));
    return parseUnitsBig(price, scale) >= parseUnitsBig(r.minPrice, scale);
  });
  return row as TrueXIncrement; // the last row starts at 0, so a non-negative price always matches
}
