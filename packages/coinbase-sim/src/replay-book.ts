import { formatUnitsBig, parseUnitsBig } from '@truex-mm/fixed-point';

/** Enough fraction digits for any Coinbase product; levels are keyed by value, never by the raw string. */
const SCALE = 18;

interface Level {
  readonly units: bigint;
  readonly price: string;
  readonly size: string;
}

/**
 * The server-side level2 book of a replayed product, so a client that subscribes mid-replay gets a snapshot
 * of the current state, and the mid can feed the TrueX simulator. Keeps the recorded strings for output.
 */
export class ReplayBook {
  private readonly bids = new Map<bigint, Level>();
  private readonly asks = new Map<bigint, Level>();
  private bestBid: bigint | undefined;
  private bestAsk: bigint | undefined;

  replace(bids: ReadonlyArray<readonly [string, string]>, asks: ReadonlyArray<readonly [string, string]>): void {
    this.bids.clear();
    this.asks.clear();
    this.bestBid = this.bestAsk = undefined;
    for (const [p, s] of bids) this.set('buy', p, s);
    for (const [p, s] of asks) this.set('sell', p, s);
  }

  /** Absolute size; any numeric zero ("0", "0.0", "0.00000000") removes the level. Throws FixedPointError (a RangeError) on junk. */
  set(side: 'buy' | 'sell', price: string, size: string): void {
    const units = parseUnitsBig(price, SCALE, true);
    const remove = parseUnitsBig(size, SCALE, true) === 0n;
    if (side === 'buy') {
      if (remove) {
        this.bids.delete(units);
        if (units === this.bestBid) this.bestBid = extreme(this.bids.keys(), (a, b) => a > b);
      } else {
        this.bids.set(units, { units, price, size });
        if (this.bestBid === undefined || units > this.bestBid) this.bestBid = units;
      }
    } else if (remove) {
      this.asks.delete(units);
      if (units === this.bestAsk) this.bestAsk = extreme(this.asks.keys(), (a, b) => a < b);
    } else {
      this.asks.set(units, { units, price, size });
      if (this.bestAsk === undefined || units < this.bestAsk) this.bestAsk = units;
    }
  }

  /** Mid as a normalised decimal string; undefined while a side is empty or the book is crossed. */
  mid(): string | undefined {
    if (this.bestBid === undefined || this.bestAsk === undefined || this.bestBid >= this.bestAsk) return undefined;
    return formatUnitsBig((this.bestBid + this.bestAsk) * 5n, SCALE + 1, 0);
  }

  /** The best level of a side as the recorded [price, size] strings. */
  best(side: 'buy' | 'sell'): readonly [string, string] | undefined {
    const units = side === 'buy' ? this.bestBid : this.bestAsk;
    const level = units === undefined ? undefined : (side === 'buy' ? this.bids : this.asks).get(units);
    return level === undefined ? undefined : [level.price, level.size];
  }

  crossed(): boolean {
    return this.bestBid !== undefined && this.bestAsk !== undefined && this.bestBid >= this.bestAsk;
  }

  /** Levels best first, as the recorded [price, size] strings. */
  levels(side: 'buy' | 'sell'): Array<[string, string]> {
    const sorted = [...(side === 'buy' ? this.bids : this.asks).values()];
    sorted.sort(side === 'buy' ? (a, b) => cmp(b.units, a.units) : (a, b) => cmp(a.units, b.units));
    return sorted.map((l) => [l.price, l.size]);
  }
}

function cmp(a: bigint, b: bigint): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function extreme(keys: Iterable<bigint>, better: (a: bigint, b: bigint) => boolean): bigint | undefined {
  let best: bigint | undefined;
  for (const k of keys) if (best === undefined || better(k, best)) best = k;
  return best;
}
