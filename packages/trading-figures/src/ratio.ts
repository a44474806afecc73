import { FigureAmount, parseFigureAmount } from './figure-amount';
import { quotientToNumber } from './exact';

/**
 * The share of a limit in use, |used| / limit, as a number for display only (a meter; never computed with): the
 * exact quotient read as the nearest double. 0 when the limit is 0. Throws a FigureInputError naming `used` or
 * `limit` when one is not a figure.
 */
export function ratioOf(used: string, limit: string): number {
  const u = parseFigureAmount('used', used);
  const l = parseFigureAmount('limit', limit);
  if (l.units === 0n) return 0;
  return quotientToNumber(u.units < 0n ? new FigureAmount(-u.units, u.scale) : u, l);
}
