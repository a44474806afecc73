/**
 * Where the simulated venue gets "the market": a decimal-string mid price. The simulator's takers fill resting
 * orders when this price moves through them, and the price band is centred on it. The app plugs in the Coinbase
 * simulator's mid; tests use {@link FixedPriceSource} or {@link RandomWalkPriceSource}.
 */
export interface ReferencePriceSource {
  /** Latest mid as a decimal string, or undefined before the first price. */
  current(): string | undefined;
  /** Subscribes to price changes; returns the unsubscribe function. */
  onChange(listener: (price: string) => void): () => void;
}

/** A reference price that moves only when told to (tests, and the CLI's --reference-price without a walk). */
export class FixedPriceSource implements ReferencePriceSource {
  private price: string | undefined;
  private readonly listeners = new Set<(price: string) => void>();

  constructor(price?: string) {
    this.price = price;
  }

  current(): string | undefined {
    return this.price;
  }

  onChange(listener: (price: string) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Sets the price and notifies listeners. */
  set(price: string): void {
    this.price = price;
    for (const listener of [...this.listeners]) listener(price);
  }
}
