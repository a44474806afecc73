import { FigureAmount, parseFigureAmount } from './figure-amount';
import { addAmounts, compareAmounts } from './exact';
import type { FigureSide } from './spread-capture';

/** One working order as a ladder level needs it: decimal strings. */
export interface LevelOrder {
  readonly side: FigureSide;
  readonly price: string;
  /** The quantity still working (LeavesQty). */
  readonly quantity: string;
}

/** Our orders on one side of one price level. */
export interface LevelSide {
  /** Σ quantity, exact ("0.0015"). */
  readonly quantity: string;
  readonly orders: number;
}

/** One price level of our ladder. */
export interface LadderLevel {
  /** The exact price as plain decimal text, trailing zeros trimmed ("97002.50" → "97002.5"). */
  readonly price: string;
  readonly buy: LevelSide | null;
  readonly sell: LevelSide | null;
}

interface Level {
  readonly price: FigureAmount;
  readonly key: string;
  buy: FigureAmount | undefined;
  buyOrders: number;
  sell: FigureAmount | undefined;
  sellOrders: number;
}

/**
 * Orders grouped by exact price (so "97002.5" and "97002.50" are one level), highest price first, with each side's
 * quantities summed exactly. Throws a FigureInputError naming the field for a price or quantity that is not a figure.
 */
export function ladderLevels(orders: Iterable<LevelOrder>): LadderLevel[] {
  const levels = new Map<string, Level>();
  for (const order of orders) {
    const price = parseFigureAmount('price', order.price);
    const quantity = parseFigureAmount('quantity', order.quantity);
    const key = price.toFixed();
    let level = levels.get(key);
    if (level === undefined) {
      level = { price, key, buy: undefined, buyOrders: 0, sell: undefined, sellOrders: 0 };
      levels.set(key, level);
    }
    if (order.side === 'buy') {
      level.buy = level.buy === undefined ? quantity : addAmounts(level.buy, quantity);
      level.buyOrders++;
    } else if (order.side === 'sell') {
      level.sell = level.sell === undefined ? quantity : addAmounts(level.sell, quantity);
      level.sellOrders++;
    } else {
      throw new TypeError(`side: unknown side ${String(order.side)}`);
    }
  }
  return [...levels.values()]
    .sort((a, b) => compareAmounts(b.price, a.price))
    .map((level) => ({
      price: level.key,
      buy: level.buy === undefined ? null : { quantity: level.buy.toFixed(), orders: level.buyOrders },
      sell: level.sell === undefined ? null : { quantity: level.sell.toFixed(), orders: level.sellOrders },
    }));
}
