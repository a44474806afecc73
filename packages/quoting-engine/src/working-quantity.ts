/**
 * Sums of order quantities for the risk context, exact: quantities are decimal strings with at most 8 decimals
 * (TrueX lots are 0.0001 or coarser), so they are kept as integer counts of 1e-8 and formatted back only when asked.
 */
const SCALE = 100_000_000;

export function quantityUnits(quantity: string): number {
  return Math.round(Number(quantity) * SCALE);
}

export function formatQuantityUnits(units: number): string {
  const negative = units < 0;
  const abs = Math.abs(units);
  const whole = Math.floor(abs / SCALE);
  const fraction = String(abs % SCALE)
    .padStart(8, '0')
    .replace(/0+$/, '');
  return `${negative ? '-' : ''}${whole}${fraction ? `.${fraction}` : ''}`;
}
