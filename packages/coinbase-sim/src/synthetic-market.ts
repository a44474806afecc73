import { SeededRandom } from '@truex-mm/clock';
import { formatUnits, parseUnits } from '@truex-mm/fixed-point';

/** Coinbase BTC-USD increments: quote 0.01 (prices in integer cents), base 0.00000001 (sizes in integer lots). */
export const PRICE_SCALE = 2;
export const SIZE_SCALE = 8;

/** Integer cents -> the Coinbase price string ("97000.01"). */
export const formatPriceCents = (cents: number): string => formatUnits(cents, PRICE_SCALE, PRICE_SCALE);
/** Integer 1e-8 lots -> the Coinbase size string ("0.12345678"). */
export const formatSizeLots = (lots: number): string => formatUnits(lots, SIZE_SCALE, SIZE_SCALE);

export type BookSide = 'buy' | 'sell';

/** One price level set to an absolute size (0 = removed). Consumes one product sequence number, as an L3 event would. */
export interface LevelChange {
  readonly kind: 'level';
  readonly side: BookSide;
  readonly priceCents: number;
  readonly sizeLots: number;
  readonly sequence: number;
}

/** One execution against the top of the book. `takerSide` is the aggressor; Coinbase `match.side` is the maker's. */
export interface Trade {
  readonly kind: 'trade';
  readonly tradeId: number;
  readonly sequence: number;
  readonly takerSide: BookSide;
  readonly priceCents: number;
  readonly sizeLots: number;
}

export type MarketEvent = LevelChange | Trade;

export interface SyntheticMarketOptions {
  startPrice: string;
  /** Standard deviation of the mid's moves, in basis points (of the current price) per square-root second. */
  volatilityBps?: number;
  /**
   * Standard deviation of the mid's moves in quote units (USD) per square-root second, independent of the price
   * level. Replaces `volatilityBps` when set (market scenarios use it).
   */
  sigmaUsdPerSec?: number;
  /** Deterministic drift of the mid in quote units per second (a trend). */
  driftUsdPerSec?: number;
  /**
   * A one-off move of the mid by `pct` percent on the first step at or after `atMs` of market time. The side the
   * price moves through is swept first (trades at every level it crosses), then the book re-forms around the new
   * price, leaving a gap on the other side.
   */
  jump?: { readonly atMs: number; readonly pct: number };
  stepMs: number;
  seed: number;
  /** Levels kept on each side. */
  depth?: number;
  tradesPerSecond?: number;
}

/** How the mid moves: everything in {@link SyntheticMarketOptions} that is not book shape or identity. */
export type MarketDynamics = Pick<
  SyntheticMarketOptions,
  'volatilityBps' | 'sigmaUsdPerSec' | 'driftUsdPerSec' | 'jump'
>;

export interface MarketStats {
  open24hCents: number;
  high24hCents: number;
  low24hCents: number;
  volume24hLots: number;
  volume30dLots: number;
}

const SPREAD_CHOICES = [1, 1, 1, 1, 2, 2, 3] as const;
const MIN_SIZE_LOTS = 10_000; // 0.0001 BTC

/**
 * A seeded, self-consistent order book for one product: a random walk in integer cents drives a two-sided
 * book of `depth` levels with a spread of one to a few ticks; trades hit the top level. Every book change
 * and trade takes the next product sequence number, trades take consecutive trade ids, so every channel
 * derived from these events (level2, ticker, matches, heartbeat) agrees. No timers: the caller steps it.
 */
export class SyntheticMarket {
  private readonly random: SeededRandom;
  private readonly depth: number;
  private readonly tradesPerStep: number;
  private readonly bids = new Map<number, number>();
  private readonly asks = new Map<number, number>();
  private centerCents: number;
  private spreadTicks = 1;
  private sequenceCounter: number;
  private tradeIdCounter: number;
  private last: Trade;
  private readonly statsState: MarketStats;
  private steps = 0;
  private driftAppliedCents = 0;
  private jumped = false;

  constructor(private readonly options: SyntheticMarketOptions) {
    if (!(options.stepMs > 0)) throw new RangeError(`stepMs must be positive: ${options.stepMs}`);
    if (options.volatilityBps !== undefined && options.sigmaUsdPerSec !== undefined) {
      throw new RangeError('volatilityBps and sigmaUsdPerSec are exclusive');
    }
    for (const [name, value] of [
      ['volatilityBps', options.volatilityBps],
      ['sigmaUsdPerSec', options.sigmaUsdPerSec],
    ] as const) {
      if (value !== undefined && !(value >= 0 && Number.isFinite(value))) {
        throw new RangeError(`${name} must be a finite number >= 0: ${value}`);
      }
    }
    if (options.driftUsdPerSec !== undefined && !Number.isFinite(options.driftUsdPerSec)) {
      throw new RangeError(`driftUsdPerSec must be finite: ${options.driftUsdPerSec}`);
    }
    if (options.jump !== undefined && !(Number.isFinite(options.jump.pct) && options.jump.pct > -100)) {
      throw new RangeError(`jump.pct must be a finite percentage above -100: ${options.jump.pct}`);
    }
    this.random = new SeededRandom(options.seed);
    this.depth = options.depth ?? 50;
    this.tradesPerStep = ((options.tradesPerSecond ?? 4) * options.stepMs) / 1000;
    // Junk, excess precision and a price beyond 2^53 cents throw FixedPointError (a RangeError).
    const start = parseUnits(options.startPrice, PRICE_SCALE, true);
    if (start <= 0) throw new RangeError(`startPrice out of range: ${options.startPrice}`);
    this.centerCents = start;
    this.sequenceCounter = 10_000_000_000 + this.random.int(0, 999_999_999);
    this.tradeIdCounter = 100_000_000 + this.random.int(0, 99_999_999);
    const sink: MarketEvent[] = [];
    this.reshape(sink);
    const volume = this.random.int(5_000, 20_000) * 100_000_000 + this.random.int(0, 99_999_999);
    this.statsState = {
      open24hCents: this.centerCents,
      high24hCents: this.centerCents,
      low24hCents: this.centerCents,
      volume24hLots: volume,
      volume30dLots: volume * 30,
    };
    const bestAsk = this.bestAskCents()!;
    this.last = {
      kind: 'trade',
      tradeId: this.tradeIdCounter,
      sequence: this.sequenceCounter,
      takerSide: 'buy',
      priceCents: bestAsk,
      sizeLots: this.randomSizeLots(),
    };
  }

  /** Advances the market by one step; returns the events in the order they happened. */
  step(): MarketEvent[] {
    const events: MarketEvent[] = [];
    this.steps++;
    this.trade(events);
    const { stepMs, sigmaUsdPerSec, volatilityBps = 0 } = this.options;
    const sigmaCents =
      sigmaUsdPerSec !== undefined
        ? sigmaUsdPerSec * 100 * Math.sqrt(stepMs / 1000)
        : (volatilityBps / 10_000) * this.centerCents * Math.sqrt(stepMs / 1000);
    const move = Math.round(this.random.gaussian() * sigmaCents) + this.driftCents() + this.jumpCents(events);
    this.centerCents = Math.max(this.depth * 4, this.centerCents + move);
    if (this.random.next() < 0.1) this.spreadTicks = SPREAD_CHOICES[this.random.int(0, SPREAD_CHOICES.length - 1)]!;
    this.reshape(events);
    return events;
  }

  /** Market time: steps taken × stepMs. */
  get elapsedMs(): number {
    return this.steps * this.options.stepMs;
  }

  bestBidCents(): number | undefined {
    let best: number | undefined;
    for (const p of this.bids.keys()) if (best === undefined || p > best) best = p;
    return best;
  }

  bestAskCents(): number | undefined {
    let best: number | undefined;
    for (const p of this.asks.keys()) if (best === undefined || p < best) best = p;
    return best;
  }

  /** Mid as a decimal string ("65000.005" when the spread is an odd number of ticks). */
  mid(): string {
    const sum = this.bestBidCents()! + this.bestAskCents()!;
    return formatUnits(sum * 5, PRICE_SCALE + 1, PRICE_SCALE);
  }

  /** Levels best first: bids descending, asks ascending, as [priceCents, sizeLots]. */
  levels(side: BookSide): Array<[number, number]> {
    const map = side === 'buy' ? this.bids : this.asks;
    const sorted = [...map.entries()];
    sorted.sort(side === 'buy' ? (a, b) => b[0] - a[0] : (a, b) => a[0] - b[0]);
    return sorted;
  }

  size(side: BookSide, priceCents: number): number | undefined {
    return (side === 'buy' ? this.bids : this.asks).get(priceCents);
  }

  get sequence(): number {
    return this.sequenceCounter;
  }

  lastTrade(): Trade {
    return this.last;
  }

  stats(): Readonly<MarketStats> {
    return this.statsState;
  }

  /** This step's share of the drift, rounded so the total applied always equals round(drift × elapsed): no creep. */
  private driftCents(): number {
    const drift = this.options.driftUsdPerSec;
    if (drift === undefined || drift === 0) return 0;
    const total = Math.round((drift * 100 * this.elapsedMs) / 1000);
    const delta = total - this.driftAppliedCents;
    this.driftAppliedCents = total;
    return delta;
  }

  /** The jump's move in cents on its step (0 otherwise); takers first sweep every level the price jumps through. */
  private jumpCents(events: MarketEvent[]): number {
    const jump = this.options.jump;
    if (jump === undefined || this.jumped || this.elapsedMs < jump.atMs) return 0;
    this.jumped = true;
    const delta = Math.round((this.centerCents * jump.pct) / 100);
    const target = this.centerCents + delta;
    const makerSide: BookSide = delta > 0 ? 'sell' : 'buy';
    for (const [priceCents, levelLots] of this.levels(makerSide)) {
      if (delta > 0 ? priceCents > target : priceCents < target) break;
      this.recordTrade(makerSide === 'sell' ? 'buy' : 'sell', priceCents, levelLots, events);
      this.setLevel(makerSide, priceCents, 0, events);
    }
    return delta;
  }

  private trade(events: MarketEvent[]): void {
    let count = Math.floor(this.tradesPerStep);
    if (this.random.next() < this.tradesPerStep - count) count++;
    for (let i = 0; i < count; i++) {
      const takerSide: BookSide = this.random.next() < 0.5 ? 'buy' : 'sell';
      const makerSide: BookSide = takerSide === 'buy' ? 'sell' : 'buy';
      const priceCents = makerSide === 'sell' ? this.bestAskCents() : this.bestBidCents();
      if (priceCents === undefined) return;
      const book = makerSide === 'sell' ? this.asks : this.bids;
      const levelLots = book.get(priceCents)!;
      const sizeLots = Math.min(levelLots, this.randomSizeLots());
      this.recordTrade(takerSide, priceCents, sizeLots, events);
      this.setLevel(makerSide, priceCents, levelLots - sizeLots, events);
    }
  }

  private recordTrade(takerSide: BookSide, priceCents: number, sizeLots: number, events: MarketEvent[]): void {
    this.last = {
      kind: 'trade',
      tradeId: ++this.tradeIdCounter,
      sequence: ++this.sequenceCounter,
      takerSide,
      priceCents,
      sizeLots,
    };
    events.push(this.last);
    const s = this.statsState;
    s.volume24hLots += sizeLots;
    s.volume30dLots += sizeLots;
    s.high24hCents = Math.max(s.high24hCents, priceCents);
    s.low24hCents = Math.min(s.low24hCents, priceCents);
  }

  /** Moves the inside to the current center and spread, refreshes a few sizes, and keeps `depth` levels a side. */
  private reshape(events: MarketEvent[]): void {
    const bestBid = this.centerCents - Math.floor(this.spreadTicks / 2);
    const bestAsk = bestBid + this.spreadTicks;
    for (const p of [...this.bids.keys()]) if (p > bestBid) this.setLevel('buy', p, 0, events);
    for (const p of [...this.asks.keys()]) if (p < bestAsk) this.setLevel('sell', p, 0, events);
    if (!this.bids.has(bestBid)) this.setLevel('buy', bestBid, this.randomSizeLots(), events);
    if (!this.asks.has(bestAsk)) this.setLevel('sell', bestAsk, this.randomSizeLots(), events);
    for (const side of ['buy', 'sell'] as const) {
      const sign = side === 'buy' ? -1 : 1;
      const best = side === 'buy' ? bestBid : bestAsk;
      const book = side === 'buy' ? this.bids : this.asks;
      for (let i = this.random.int(0, 3); i > 0; i--) {
        const p = best + sign * this.random.int(1, 15);
        if (p > 0 && !book.has(p)) this.setLevel(side, p, this.randomSizeLots(), events);
      }
      const levels = this.levels(side);
      for (let i = this.random.int(0, 3); i > 0 && levels.length > 0; i--) {
        const [p] = levels[this.random.int(0, Math.min(20, levels.length) - 1)]!;
        this.setLevel(side, p, this.randomSizeLots(), events);
      }
      const sorted = this.levels(side);
      for (let i = sorted.length - 1; i >= this.depth; i--) this.setLevel(side, sorted[i]![0], 0, events);
      let deepest = sorted[Math.min(sorted.length, this.depth) - 1]![0];
      for (let n = Math.min(sorted.length, this.depth); n < this.depth; n++) {
        deepest += sign * this.random.int(1, 3 + Math.floor(n / 10));
        if (deepest <= 0) break;
        this.setLevel(side, deepest, this.randomSizeLots(), events);
      }
    }
  }

  private setLevel(side: BookSide, priceCents: number, sizeLots: number, events: MarketEvent[]): void {
    const book = side === 'buy' ? this.bids : this.asks;
    if ((book.get(priceCents) ?? 0) === sizeLots) return;
    if (sizeLots === 0) book.delete(priceCents);
    else book.set(priceCents, sizeLots);
    events.push({ kind: 'level', side, priceCents, sizeLots, sequence: ++this.sequenceCounter });
  }

  /** Log-uniform between 0.0001 and ~2 BTC, at full 8-decimal precision like real resting orders. */
  private randomSizeLots(): number {
    return Math.max(MIN_SIZE_LOTS, Math.round(10 ** (4 + this.random.next() * 4.3)));
  }
}
