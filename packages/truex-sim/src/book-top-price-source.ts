import { Decimal } from 'decimal.js';
import type { ReferencePriceSource } from './reference-price-source';

/** The best bid and ask of a book, decimal strings (a Coinbase feed's top of book has this shape). */
export interface BookTop {
  readonly bidPrice: string;
  readonly askPrice: string;
}

/**
 * A reference price that follows a book's top: the mid (bid + ask) / 2, computed in decimal. Whoever holds the
 * book pushes each new top with {@link update} (paper mode pushes the market maker's own Coinbase book top), so the
 * simulated venue's band, post-only checks and taker fills follow the same market the market maker prices from.
 * A top that is not two positive decimals, or is crossed, is ignored and counted.
 */
export class BookTopPriceSource implements ReferencePriceSource {
  private price: string | undefined;
  private ignored = 0;
  private readonly listeners = new Set<(price: string) => void>();

  current(): string | undefined {
    return this.price;
  }

  onChange(listener: (price: string) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Takes a new top; returns the mid it moved to, or undefined when the top was ignored or left it unchanged. */
  update(top: BookTop): string | undefined {
    const mid = midOf(top);
    if (mid === undefined) {
      this.ignored++;
      return undefined;
    }
    if (mid === this.price) return undefined;
    this.price = mid;
    for (const listener of [...this.listeners]) listener(mid);
    return mid;
  }

  /** Tops that could not be used (malformed or crossed). */
  ignoredTops(): number {
    return this.ignored;
  }
}

const DECIMAL = /^\d+(\.\d+)?$/;

function midOf(top: BookTop): string | undefined {
  if (!DECIMAL.test(top.bidPrice) || !DECIMAL.test(top.askPrice)) return undefined;
  const bid = new Decimal(top.bidPrice);
  const ask = new Decimal(top.askPrice);
  if (bid.lte(0) || ask.lt(bid)) return undefined;
  return bid.plus(ask).div(2).toFixed();
}
