import { parseUnits } from '@truex-mm/fixed-point';

/** Base quantities (BTC) are compared as integer units of 1e-8, the venue's finest size step, exactly. */
const BASE_SCALE = 8;

/** A quantity as integer 1e-8 units (signed: a position may be short). */
export function baseUnits(quantity: string): number {
  return parseUnits(quantity, BASE_SCALE, true);
}

/** The venue's net position from its own fill log (FIX Side 1 = buy, 2 = sell), in 1e-8 units. */
export function venueNetUnits(fills: ReadonlyArray<{ side: string; lastQty: string }>): number {
  let net = 0;
  for (const fill of fills) net += (fill.side === '1' ? 1 : -1) * baseUnits(fill.lastQty);
  return net;
}

/** ClOrdIDs, sorted: our live orders and the venue's active ones compare as lists. */
export function sortedIds(orders: ReadonlyArray<{ clOrdId: string }>): string[] {
  return orders.map((o) => o.clOrdId).sort();
}
