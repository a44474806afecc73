// Deliberately independent of the market maker's own increments (@truex-mm/ladder-strategy, @truex-mm/fixed-point):
// the simulated venue is an oracle of TrueX's rules, so it checks them with an arithmetic (decimal.js) and code of its
// own, and a mistake in ours shows up as a venue reject instead of being shared by both sides.
import { Decimal } from 'decimal.js';

/** Tick (price step), lot (quantity step) and minimum notional of an instrument, as decimal strings. */
export interface InstrumentIncrements {
  tickSize: string;
  lotSize: string;
  minNotional: string;
}

/**
 * TrueX's price-bucketed increments (README §6.2, newest docs page): the bucket is chosen by the order price.
 * Ordered from the highest bucket down; `minPrice` is inclusive.
 */
export const INCREMENT_BUCKETS: ReadonlyArray<{ minPrice: string } & InstrumentIncrements> = [
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
 * Per-symbol overrides. BTC-PYUSD uses the set every real client uses (tick 0.5, lot 0.0001, min notional 1): it
 * is valid in both buckets BTC traded in, so the simulator enforces it regardless of price.
 */
export const DEFAULT_INSTRUMENT_INCREMENTS: Readonly<Record<string, InstrumentIncrements>> = {
  'BTC-PYUSD': { tickSize: '0.5', lotSize: '0.0001', minNotional: '1' },
};

/** The documented bucket for a price. */
export function incrementsForPrice(price: Decimal): InstrumentIncrements {
  for (const bucket of INCREMENT_BUCKETS) {
    if (price.gte(bucket.minPrice)) {
      return { tickSize: bucket.tickSize, lotSize: bucket.lotSize, minNotional: bucket.minNotional };
    }
  }
  const last = INCREMENT_BUCKETS[INCREMENT_BUCKETS.length - 1]!;
  return { tickSize: last.tickSize, lotSize: last.lotSize, minNotional: last.minNotional };
}

/** Whether `value` is an exact multiple of `step` (decimal arithmetic, no float). */
export function isMultipleOf(value: Decimal, step: string): boolean {
  return value.mod(step).isZero();
}
