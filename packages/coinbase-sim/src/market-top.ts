/** The top of book after a change, at its market time (ms since the source's start). Decimal strings. */
export interface MarketTopChange {
  readonly atMs: number;
  readonly bidPrice: string;
  readonly bidSize: string;
  readonly askPrice: string;
  readonly askSize: string;
  readonly mid: string;
}

/**
 * A market an in-process replay steps on its own clock: no sockets, no timers. `advanceTo` may only move
 * forward; it returns every top-of-book change since the previous call, oldest first.
 */
export interface SteppedMarket {
  advanceTo(elapsedMs: number): ReadonlyArray<MarketTopChange>;
  /** The current mid, or undefined while there is no two-sided uncrossed book. */
  mid(): string | undefined;
}

export function sameTop(a: MarketTopChange | undefined, b: Omit<MarketTopChange, 'atMs' | 'mid'>): boolean {
  return (
    a !== undefined &&
    a.bidPrice === b.bidPrice &&
    a.bidSize === b.bidSize &&
    a.askPrice === b.askPrice &&
    a.askSize === b.askSize
  );
}
