import {
  canonicalFastPrice,
  fastPriceKey,
  fastPriceKeyAt,
  formatPriceKey,
  isDecimal,
  isZeroDecimal,
  priceKey,
  sizeKind,
  sizeKindAt,
  widenFastPriceKey,
} from './decimal-price';

export type BookSide = 'bid' | 'ask';

const PRICE_CACHE_LIMIT = 16_384;
/** Inserts/removals this close to the best level shift slots by hand; farther ones use splice's memmove. */
const SHIFT_BY_HAND = 32;

/** One price level: `price` in canonical decimal form, `size` the absolute size as Coinbase last sent it. */
export interface BookLevel {
  readonly price: string;
  readonly size: string;
}

/**
 * One side of the book over exact integer price keys: numbers (units of 10^-8, see fastPriceKey) or bigints (units
 * of 10^-18, see priceKey), never both in one ladder. Parallel arrays sorted with the best price LAST, so the churn
 * near the top of the book (where almost every update lands) moves few slots, the best level is an O(1) read and
 * an update allocates nothing.
 */
class BookLadderSide<K extends number | bigint> {
  readonly keys: K[] = [];
  readonly prices: string[] = [];
  readonly sizes: string[] = [];
  /** The level object last handed out by best(), so repeated reads between updates share one allocation. */
  private bestLevel: BookLevel | undefined;

  /**
   * bids: ascending keys (best = highest = last); asks: descending keys (best = lowest = last).
   * `format` spells the price `text.slice(start, end)` (whose key is `key`) canonically; it runs only when a level
   * is created, so an update of an existing level never slices its price out of the frame.
   */
  constructor(
    private readonly ascending: boolean,
    private readonly format: (key: K, text: string, start: number, end: number) => string,
  ) {}

  get size(): number {
    return this.keys.length;
  }

  best(): BookLevel | undefined {
    const n = this.keys.length;
    if (n === 0) return undefined;
    return (this.bestLevel ??= { price: this.prices[n - 1]!, size: this.sizes[n - 1]! });
  }

  bestKey(): K | undefined {
    const n = this.keys.length;
    return n === 0 ? undefined : this.keys[n - 1];
  }

  set(key: K, size: string, text: string, start: number, end: number): void {
    const keys = this.keys;
    const n = keys.length;
    const i = this.insertionIndex(key);
    if (i < n && keys[i] === key) {
      if (i === n - 1) this.bestLevel = undefined;
      this.sizes[i] = size;
      return;
    }
    if (i === n) this.bestLevel = undefined;
    const price = this.format(key, text, start, end);
    if (n - i <= SHIFT_BY_HAND) {
      const prices = this.prices;
      const sizes = this.sizes;
      for (let j = n; j > i; j--) {
        keys[j] = keys[j - 1]!;
        prices[j] = prices[j - 1]!;
        sizes[j] = sizes[j - 1]!;
      }
      keys[i] = key;
      prices[i] = price;
      sizes[i] = size;
    } else {
      keys.splice(i, 0, key);
      this.prices.splice(i, 0, price);
      this.sizes.splice(i, 0, size);
    }
  }

  remove(key: K): void {
    const keys = this.keys;
    const n = keys.length;
    const i = this.insertionIndex(key);
    if (i === n || keys[i] !== key) return;
    if (i === n - 1) this.bestLevel = undefined;
    if (n - i <= SHIFT_BY_HAND) {
      const prices = this.prices;
      const sizes = this.sizes;
      for (let j = i + 1; j < n; j++) {
        keys[j - 1] = keys[j]!;
        prices[j - 1] = prices[j]!;
        sizes[j - 1] = sizes[j]!;
      }
      keys.pop();
      prices.pop();
      sizes.pop();
    } else {
      keys.splice(i, 1);
      this.prices.splice(i, 1);
      this.sizes.splice(i, 1);
    }
  }

  clear(): void {
    this.keys.length = 0;
    this.prices.length = 0;
    this.sizes.length = 0;
    this.bestLevel = undefined;
  }

  /** Replaces the side wholesale; `entries` need not be sorted and may repeat a price (last one wins). */
  load(entries: ReadonlyArray<LoadEntry<K>>): void {
    this.clear();
    const byKey = new Map<K, LoadEntry<K>>();
    for (const e of entries) byKey.set(e.key, e);
    const dir = this.ascending ? 1 : -1;
    const sorted = [...byKey.values()].sort((a, b) => (a.key < b.key ? -dir : a.key > b.key ? dir : 0));
    for (const e of sorted) {
      this.keys.push(e.key);
      this.prices.push(this.format(e.key, e.price, 0, e.price.length));
      this.sizes.push(e.size);
    }
  }

  /** Copies another side's levels with its keys mapped (the mapping must preserve order). */
  loadMapped<J extends number | bigint>(from: BookLadderSide<J>, map: (key: J) => K): void {
    this.clear();
    for (let i = 0; i < from.keys.length; i++) {
      this.keys.push(map(from.keys[i]!));
      this.prices.push(from.prices[i]!);
      this.sizes.push(from.sizes[i]!);
    }
  }

  /** Levels from best outward. */
  top(limit: number): BookLevel[] {
    const out: BookLevel[] = [];
    for (let i = this.keys.length - 1; i >= 0 && out.length < limit; i--) {
      out.push({ price: this.prices[i]!, size: this.sizes[i]! });
    }
    return out;
  }

  /** Index of the first key not "before" `key` in this side's order (binary search). */
  private insertionIndex(key: K): number {
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

interface LoadEntry<K> {
  readonly key: K;
  readonly price: string;
  readonly size: string;
}

/** Canonical spelling, so the same price never reaches consumers as "8442.65" once and "8442.650" later. */
function canonical(key: bigint, priceText: string): string {
  return CANONICAL.test(priceText) ? priceText : formatPriceKey(key);
}
const CANONICAL = /^(?:0|[1-9]\d*)(?:\.\d*[1-9])?$/;

/** Both sides keyed by bigint, for a book holding a price the number keys cannot represent exactly. */
interface WideSides {
  readonly bid: BookLadderSide<bigint>;
  readonly ask: BookLadderSide<bigint>;
}

/**
 * A level-2 order book built from absolute sizes (Coinbase `snapshot` + `l2update`, Advanced Trade `l2_data`).
 * Prices are compared exactly as scaled integers; a size equal to zero in any spelling removes the level.
 * The book does not judge itself valid or invalid: callers check {@link isCrossed} after each message.
 *
 * Keys are integer counts of 10^-8 held in plain numbers (every Coinbase price fits: at most 8 decimals, and
 * BTC x 10^8 is far below 2^53). The first price that does not fit (more decimals, or a huge value) moves the
 * whole book to bigint keys of 10^-18 until the next snapshot or clear; the levels and their order are unchanged.
 */
export class OrderBook {
  private readonly bid = new BookLadderSide<number>(true, canonicalFastPrice);
  private readonly ask = new BookLadderSide<number>(false, canonicalFastPrice);
  private wide: WideSides | undefined;
  /**
   * For the bigint path only: remembers keys so a wide book skips a regex and a BigInt parse per change.
   * Bounded: cleared when it grows past PRICE_CACHE_LIMIT.
   */
  private readonly keyCache = new Map<string, { readonly key: bigint; readonly canonical: string }>();

  /**
   * Replaces both sides. Entries are `[price, size]` decimal strings; zero sizes are skipped.
   * Throws RangeError on a malformed price or size, leaving the book empty.
   */
  applySnapshot(bids: ReadonlyArray<readonly [string, string]>, asks: ReadonlyArray<readonly [string, string]>): void {
    this.clear();
    try {
      const fastBids = fastEntries(bids);
      const fastAsks = fastBids === undefined ? undefined : fastEntries(asks);
      if (fastBids !== undefined && fastAsks !== undefined) {
        this.bid.load(fastBids);
        this.ask.load(fastAsks);
        return;
      }
      const wide = this.widen();
      wide.bid.load(toEntries(bids));
      wide.ask.load(toEntries(asks));
    } catch (e) {
      this.clear();
      throw e;
    }
  }

  /** Sets the absolute size at a price; a zero size removes the level. Throws RangeError on malformed input. */
  set(side: BookSide, price: string, size: string): void {
    if (this.wide === undefined) {
      const key = fastPriceKeyAt(price, 0, price.length);
      if (key >= 0) {
        const kind = sizeKind(size);
        if (kind < 0) throw notASize(size);
        const ladder = side === 'bid' ? this.bid : this.ask;
        if (kind === 0) ladder.remove(key);
        else ladder.set(key, size, price, 0, price.length);
        return;
      }
    }
    this.setExact(side, price, size);
  }

  /**
   * {@link set} with the price and size given as ranges of `text` (an l2update frame), so the usual update slices
   * out only its size. Same rules and errors as {@link set}.
   * @internal for the Exchange adapter's frame scanner
   */
  setFromText(
    side: BookSide,
    text: string,
    priceStart: number,
    priceEnd: number,
    sizeStart: number,
    sizeEnd: number,
  ): void {
    if (this.wide === undefined) {
      const key = fastPriceKeyAt(text, priceStart, priceEnd);
      if (key >= 0) {
        const kind = sizeKindAt(text, sizeStart, sizeEnd);
        if (kind < 0) throw notASize(text.slice(sizeStart, sizeEnd));
        const ladder = side === 'bid' ? this.bid : this.ask;
        if (kind === 0) ladder.remove(key);
        else ladder.set(key, text.slice(sizeStart, sizeEnd), text, priceStart, priceEnd);
        return;
      }
    }
    this.setExact(side, text.slice(priceStart, priceEnd), text.slice(sizeStart, sizeEnd));
  }

  /** The bigint path: prices the number keys cannot hold, malformed text, and every update of a wide book. */
  private setExact(side: BookSide, price: string, size: string): void {
    const kind = sizeKind(size);
    const p = this.parsePrice(price); // throws on malformed text, before the size is judged (as it always has)
    if (kind < 0) throw notASize(size);
    if (kind === 0) {
      // A price the number keys cannot hold is not in a number-keyed book: nothing to remove.
      if (this.wide !== undefined) this.wide[side].remove(p.key);
      return;
    }
    this.widen()[side].set(p.key, size, p.canonical, 0, p.canonical.length);
  }

  bestBid(): BookLevel | undefined {
    return (this.wide?.bid ?? this.bid).best();
  }

  bestAsk(): BookLevel | undefined {
    return (this.wide?.ask ?? this.ask).best();
  }

  /** True when best bid >= best ask (a locked book counts: Coinbase's matching engine never leaves one). */
  isCrossed(): boolean {
    if (this.wide !== undefined) {
      const bid = this.wide.bid.bestKey();
      const ask = this.wide.ask.bestKey();
      return bid !== undefined && ask !== undefined && bid >= ask;
    }
    const bid = this.bid.bestKey();
    const ask = this.ask.bestKey();
    return bid !== undefined && ask !== undefined && bid >= ask;
  }

  depth(side: BookSide): number {
    return (this.wide?.[side] ?? this[side]).size;
  }

  /** Up to `limit` levels of one side, best first (allocates; not for the hot path). */
  levels(side: BookSide, limit = Number.POSITIVE_INFINITY): BookLevel[] {
    return (this.wide?.[side] ?? this[side]).top(limit);
  }

  clear(): void {
    this.bid.clear();
    this.ask.clear();
    this.wide = undefined;
  }

  /** The bigint-keyed sides, created on first need from the number-keyed ones. */
  private widen(): WideSides {
    if (this.wide !== undefined) return this.wide;
    const wide: WideSides = {
      bid: new BookLadderSide<bigint>(true, canonical),
      ask: new BookLadderSide<bigint>(false, canonical),
    };
    wide.bid.loadMapped(this.bid, widenFastPriceKey);
    wide.ask.loadMapped(this.ask, widenFastPriceKey);
    this.bid.clear();
    this.ask.clear();
    this.wide = wide;
    return wide;
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
}

function notASize(size: string): RangeError {
  return new RangeError(`not a size: ${JSON.stringify(size)}`);
}

/** Snapshot levels as number keys; undefined when a price needs the bigint path (or is malformed: it reports). */
function fastEntries(levels: ReadonlyArray<readonly [string, string]>): Array<LoadEntry<number>> | undefined {
  const out: Array<LoadEntry<number>> = [];
  for (const [price, size] of levels) {
    if (typeof price !== 'string' || typeof size !== 'string') return undefined;
    const key = fastPriceKey(price);
    if (key < 0) return undefined;
    const kind = sizeKind(size);
    if (kind === 0) continue;
    if (kind < 0) throw notASize(size);
    out.push({ key, price, size });
  }
  return out;
}

function toEntries(levels: ReadonlyArray<readonly [string, string]>): Array<LoadEntry<bigint>> {
  const out: Array<LoadEntry<bigint>> = [];
  for (const [price, size] of levels) {
    if (typeof price !== 'string' || typeof size !== 'string') throw new RangeError('level is not [price, size]');
    const key = priceKey(price);
    if (isZeroDecimal(size)) continue;
    if (!isDecimal(size)) throw notASize(size);
    out.push({ key, price, size });
  }
  return out;
}
