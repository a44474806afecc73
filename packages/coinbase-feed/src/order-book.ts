import { formatPriceKey, isDecimal, isZeroDecimal, priceKey } from './decimal-price';

export type BookSide = 'bid' | 'ask';

const PRICE_CACHE_LIMIT = 16_384;

/** One price level: `price` in canonical decimal form, `size` the absolute size as Coinbase last sent it. */
export interface BookLevel {
  readonly price: string;
  readonly size: string;
}

/**
 * One side of the book. Keys are kept sorted with the best price LAST, so the churn near the top of the book
 * (where almost every update lands) moves few array slots, and the best level is an O(1) read.
 */
class BookLadderSide {
  private readonly keys: bigint[] = [];
  private readonly levels = new Map<bigint, BookLevel>();

  /** bids: ascending keys (best = highest = last); asks: descending keys (best = lowest = last). */
  constructor(private readonly ascending: boolean) {}

  get size(): number {
    return this.keys.length;
  }

  best(): BookLevel | undefined {
    const n = this.keys.length;
    return n === 0 ? undefined : this.levels.get(this.keys[n - 1]!);
  }

  bestKey(): bigint | undefined {
    const n = this.keys.length;
    return n === 0 ? undefined : this.keys[n - 1];
  }

  /** `price` must already be canonical (see {@link canonical}). */
  set(key: bigint, price: string, size: string): void {
    const existing = this.levels.get(key);
    if (existing !== undefined) {
      this.levels.set(key, { price: existing.price, size });
      return;
    }
    this.keys.splice(this.insertionIndex(key), 0, key);
    this.levels.set(key, { price, size });
  }

  remove(key: bigint): void {
    if (!this.levels.delete(key)) return;
    const i = this.insertionIndex(key);
    this.keys.splice(i, 1);
  }

  clear(): void {
    this.keys.length = 0;
    this.levels.clear();
  }

  /** Replaces the side wholesale; `entries` need not be sorted and may repeat a price (last one wins). */
  load(entries: ReadonlyArray<readonly [bigint, string, string]>): void {
    this.clear();
    for (const [key, priceText, size] of entries) {
      if (!this.levels.has(key)) this.keys.push(key);
      this.levels.set(key, { price: canonical(key, priceText), size });
    }
    const dir = this.ascending ? 1 : -1;
    this.keys.sort((a, b) => (a < b ? -dir : a > b ? dir : 0));
  }

  /** Levels from best outward. */
  top(limit: number): BookLevel[] {
    const out: BookLevel[] = [];
    for (let i = this.keys.length - 1; i >= 0 && out.length < limit; i--) out.push(this.levels.get(this.keys[i]!)!);
    return out;
  }

  /** Index of the first key not "before" `key` in this side's order (binary search). */
  private insertionIndex(key: bigint): number {
    let lo = 0;
    let hi = this.keys.length;
    const keys = this.keys;
    if (this.ascending) {
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (keys[mid]! < key) lo = mid + 1;
        else hi = mid;
      }
    } else {
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (keys[mid]! > key) lo = mid + 1;
        else hi = mid;
      }
    }
    return lo;
  }
}

/** Canonical spelling, so the same price never reaches consumers as "8442.65" once and "8442.650" later. */
function canonical(key: bigint, priceText: string): string {
  return CANONICAL.test(priceText) ? priceText : formatPriceKey(key);
}
const CANONICAL = /^(?:0|[1-9]\d*)(?:\.\d*[1-9])?$/;

/**
 * A level-2 order book built from absolute sizes (Coinbase `snapshot` + `l2update`, Advanced Trade `l2_data`).
 * Prices are compared exactly as scaled bigints; a size equal to zero in any spelling removes the level.
 * The book does not judge itself valid or invalid: callers check {@link isCrossed} after each message.
 */
export class OrderBook {
  private readonly bidSide = new BookLadderSide(true);
  private readonly askSide = new BookLadderSide(false);
  /**
   * Updates keep hitting the same few hundred prices near the touch; remembering their keys skips a regex and a
   * BigInt parse per change. Bounded: cleared when it grows past PRICE_CACHE_LIMIT.
   */
  private readonly keyCache = new Map<string, { readonly key: bigint; readonly canonical: string }>();

  /**
   * Replaces both sides. Entries are `[price, size]` decimal strings; zero sizes are skipped.
   * Throws RangeError on a malformed price or size, leaving the book empty.
   */
  applySnapshot(bids: ReadonlyArray<readonly [string, string]>, asks: ReadonlyArray<readonly [string, string]>): void {
    try {
      this.bidSide.load(toEntries(bids));
      this.askSide.load(toEntries(asks));
    } catch (e) {
      this.clear();
      throw e;
    }
  }

  /** Sets the absolute size at a price; a zero size removes the level. Throws RangeError on malformed input. */
  set(side: BookSide, price: string, size: string): void {
    const p = this.parsePrice(price);
    const ladder = side === 'bid' ? this.bidSide : this.askSide;
    if (isZeroDecimal(size)) ladder.remove(p.key);
    else if (isDecimal(size)) ladder.set(p.key, p.canonical, size);
    else throw new RangeError(`not a size: ${JSON.stringify(size)}`);
  }

  private parsePrice(price: string): { readonly key: bigint; readonly canonical: string } {
    let entry = this.keyCache.get(price);
    if (entry === undefined) {
      const key = priceKey(price);
      entry = { key, canonical: canonical(key, price) };
      if (this.keyCache.size >= PRICE_CACHE_LIMIT) this.keyCache.clear();
      this.keyCache.set(price, entry);
    }
    return entry;
  }

  bestBid(): BookLevel | undefined {
    return this.bidSide.best();
  }

  bestAsk(): BookLevel | undefined {
    return this.askSide.best();
  }

  /** True when best bid >= best ask (a locked book counts: Coinbase's matching engine never leaves one). */
  isCrossed(): boolean {
    const bid = this.bidSide.bestKey();
    const ask = this.askSide.bestKey();
    return bid !== undefined && ask !== undefined && bid >= ask;
  }

  depth(side: BookSide): number {
    return side === 'bid' ? this.bidSide.size : this.askSide.size;
  }

  /** Up to `limit` levels of one side, best first (allocates; not for the hot path). */
  levels(side: BookSide, limit = Number.POSITIVE_INFINITY): BookLevel[] {
    return (side === 'bid' ? this.bidSide : this.askSide).top(limit);
  }

  clear(): void {
    this.bidSide.clear();
    this.askSide.clear();
  }
}

function toEntries(levels: ReadonlyArray<readonly [string, string]>): Array<[bigint, string, string]> {
  const out: Array<[bigint, string, string]> = [];
  for (const [price, size] of levels) {
    if (typeof price !== 'string' || typeof size !== 'string') throw new RangeError('level is not [price, size]');
    const key = priceKey(price);
    if (isZeroDecimal(size)) continue;
    if (!isDecimal(size)) throw new RangeError(`not a size: ${JSON.stringify(size)}`);
    out.push([key, price, size]);
  }
  return out;
}
