/**
 * Spreads `orders` over `levels` as evenly as possible, the remainder going to the innermost levels
 * (25 over 8 → [4, 3, 3, 3, 3, 3, 3, 3]): the inner levels are where fills happen, so they get the extra slot.
 */
export function distributeOrders(orders: number, levels: number): number[] {
  if (!Number.isInteger(orders) || !Number.isInteger(levels) || orders < 0 || levels < 1) {
    throw new RangeError(`cannot distribute ${orders} orders over ${levels} levels`);
  }
  const base = Math.floor(orders / levels);
  const extra = orders % levels;
  return Array.from({ length: levels }, (_, i) => base + (i < extra ? 1 : 0));
}
