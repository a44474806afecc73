import { parseFigureAmount } from './figure-amount';
import { addAmounts, subAmounts } from './exact';

/**
 * Net PnL in the quote currency: realized + unrealized − fees (fees positive = paid, negative = rebates). The terms
 * themselves are the position ledger's (@truex-mm/risk `PositionLedger`, average-cost method): see docs/FIGURES.md.
 * Exact; throws a FigureInputError naming the term that is not a figure.
 */
export function netPnl(realized: string, unrealized: string, fees: string): string {
  const gross = addAmounts(parseFigureAmount('realized', realized), parseFigureAmount('unrealized', unrealized));
  return subAmounts(gross, parseFigureAmount('fees', fees)).toFixed();
}
