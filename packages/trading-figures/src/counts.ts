import { FigureAmount, FigureInputError, RATIO_DECIMALS } from './figure-amount';
import { quotientFixed } from './exact';

/**
 * Fill rate: orders that received at least one fill / orders the venue acknowledged, to 4 decimals (ties to even);
 * null when nothing was acknowledged. Counts only, never money.
 */
export function fillRate(ordersFilled: number, ordersAcknowledged: number): string | null {
  requireCount('ordersFilled', ordersFilled);
  requireCount('ordersAcknowledged', ordersAcknowledged);
  if (ordersAcknowledged === 0) return null;
  return quotientFixed(
    new FigureAmount(BigInt(ordersFilled), 0),
    new FigureAmount(BigInt(ordersAcknowledged), 0),
    RATIO_DECIMALS,
  );
}

function requireCount(field: string, n: number): void {
  if (!Number.isInteger(n) || n < 0) throw new FigureInputError(field, `not a count: ${n}`);
}
