import { SeededRandom, type Clock } from '@truex-mm/clock';
import type { ExchangeChannel } from './channels';
import { formatCoinbaseTime } from './coinbase-time';
import type { FeedSource, FeedSourceSink } from './feed-source';
import { every } from './recurring-timer';
import { formatPriceCents, formatSizeLots, SyntheticMarket } from './synthetic-market';
import type { BookSide, LevelChange, MarketDynamics, Trade } from './synthetic-market';

export interface SyntheticFeedOptions {
  products: readonly string[];
  startPrice: string;
  /** How each product's mid moves (volatility, drift, jump). */
  dynamics: MarketDynamics;
  seed: number;
  /** How often the market moves. */
  updateIntervalMs: number;
  /** level2_batch flush period (Coinbase: 50 ms). */
  batchIntervalMs: number;
  /** ticker_batch period (Coinbase: 5 s, only if changed). */
  tickerBatchIntervalMs: number;
  tradesPerSecond: number;
  depth: number;
  /** Include `time` on snapshots (the 2026 capture had it, the 2021 recording did not). */
  snapshotTime: boolean;
  clock: Clock;
  sink: FeedSourceSink;
}

interface TimedTrade {
  trade: Trade;
  time: string;
  makerOrderId: string;
  takerOrderId: string;
}

interface ProductState {
  readonly productId: string;
  readonly market: SyntheticMarket;
  /** level2_batch changes since the last flush, latest size per level. */
  readonly pending: Map<string, [BookSide, number, number]>;
  pendingTime: string;
  lastTrade: TimedTrade;
  lastMid: string;
  tickerChanged: boolean;
}

/**
 * The seed of the i-th product's market. The first product uses the seed itself, so a `ScenarioMarket` with the
 * same seed reproduces the simulator's first product exactly.
 */
export function productSeed(seed: number, index: number): number {
  return seed + index * 7919;
}

const price = formatPriceCents;
const size = formatSizeLots;

/** A seeded synthetic market per product, published as Exchange frames on level2(_batch), ticker(_batch), matches. */
export class SyntheticFeed implements FeedSource {
  private readonly states = new Map<string, ProductState>();
  private readonly random: SeededRandom;
  private stoppers: Array<() => void> = [];
  private lastTimeMicros = 0;

  constructor(private readonly options: SyntheticFeedOptions) {
    this.random = new SeededRandom(options.seed ^ 0x5bd1e995);
    options.products.forEach((productId, i) => {
      const market = new SyntheticMarket({
        ...options.dynamics,
        startPrice: options.startPrice,
        stepMs: options.updateIntervalMs,
        seed: productSeed(options.seed, i),
        depth: options.depth,
        tradesPerSecond: options.tradesPerSecond,
      });
      const now = options.clock.now();
      this.states.set(productId, {
        productId,
        market,
        pending: new Map(),
        pendingTime: this.time(now),
        lastTrade: this.timed(market.lastTrade(), now - 1000),
        lastMid: market.mid(),
        tickerChanged: false,
      });
    });
  }

  products(): readonly string[] {
    return [...this.states.keys()];
  }

  isProduct(productId: string): boolean {
    return this.states.has(productId);
  }

  market(productId: string): SyntheticMarket | undefined {
    return this.states.get(productId)?.market;
  }

  start(): void {
    const { clock } = this.options;
    this.stoppers.push(every(clock, this.options.updateIntervalMs, () => this.step()));
    this.stoppers.push(every(clock, this.options.batchIntervalMs, () => this.flushAll()));
    this.stoppers.push(every(clock, this.options.tickerBatchIntervalMs, () => this.tickerBatch()));
  }

  stop(): void {
    for (const stop of this.stoppers) stop();
    this.stoppers = [];
  }

  onSubscribed(): void {}

  mid(productId: string): string | undefined {
    return this.states.get(productId)?.market.mid();
  }

  initialFrames(channel: ExchangeChannel, productId: string): string[] {
    const state = this.states.get(productId);
    if (!state) return [];
    switch (channel) {
      case 'level2':
      case 'level2_batch':
        return [this.snapshotFrame(state)];
      case 'ticker':
      case 'ticker_batch':
        return [this.tickerFrame(state, state.lastTrade)];
      case 'matches':
        return [this.matchFrame(state, state.lastTrade, 'last_match')];
      case 'heartbeat':
        return [];
    }
  }

  heartbeatFrame(productId: string): string | undefined {
    const state = this.states.get(productId);
    if (!state) return undefined;
    this.flush(state);
    return JSON.stringify({
      type: 'heartbeat',
      last_trade_id: state.lastTrade.trade.tradeId,
      product_id: productId,
      sequence: state.market.sequence,
      time: this.time(this.options.clock.now()),
    });
  }

  /** Moves every market one step and publishes what happened. Public so tests and benchmarks can drive it. */
  step(): void {
    const { sink, clock } = this.options;
    for (const state of this.states.values()) {
      const events = state.market.step();
      const now = clock.now();
      const wantsLevel2 = sink.wants('level2', state.productId);
      for (const event of events) {
        if (event.kind === 'level') {
          const time = this.time(now);
          state.pending.set(`${event.side}${event.priceCents}`, [event.side, event.priceCents, event.sizeLots]);
          state.pendingTime = time;
          if (wantsLevel2) sink.publish('level2', state.productId, this.l2update(state.productId, [event], time));
        } else {
          state.lastTrade = this.timed(event, now);
          state.tickerChanged = true;
          sink.publish('ticker', state.productId, this.tickerFrame(state, state.lastTrade));
          sink.publish('matches', state.productId, this.matchFrame(state, state.lastTrade, 'match'));
        }
      }
      const mid = state.market.mid();
      if (mid !== state.lastMid) {
        state.lastMid = mid;
        sink.mid(state.productId, mid);
      }
    }
  }

  private flushAll(): void {
    for (const state of this.states.values()) this.flush(state);
  }

  private flush(state: ProductState): void {
    if (state.pending.size === 0) return;
    const changes = [...state.pending.values()].map(([side, cents, lots]) => [side, price(cents), size(lots)]);
    state.pending.clear();
    if (!this.options.sink.wants('level2_batch', state.productId)) return;
    const frame = JSON.stringify({ type: 'l2update', product_id: state.productId, changes, time: state.pendingTime });
    this.options.sink.publish('level2_batch', state.productId, frame);
  }

  private tickerBatch(): void {
    for (const state of this.states.values()) {
      if (!state.tickerChanged) continue;
      state.tickerChanged = false;
      this.options.sink.publish('ticker_batch', state.productId, this.tickerFrame(state, state.lastTrade));
    }
  }

  private l2update(productId: string, changes: readonly LevelChange[], time: string): string {
    return JSON.stringify({
      type: 'l2update',
      product_id: productId,
      changes: changes.map((c) => [c.side, price(c.priceCents), size(c.sizeLots)]),
      time,
    });
  }

  private snapshotFrame(state: ProductState): string {
    const levels = (side: BookSide): string[][] =>
      state.market.levels(side).map(([cents, lots]) => [price(cents), size(lots)]);
    return JSON.stringify({
      type: 'snapshot',
      product_id: state.productId,
      bids: levels('buy'),
      asks: levels('sell'),
      ...(this.options.snapshotTime ? { time: this.time(this.options.clock.now()) } : {}),
    });
  }

  private tickerFrame(state: ProductState, last: TimedTrade): string {
    const stats = state.market.stats();
    const bestBid = state.market.bestBidCents()!;
    const bestAsk = state.market.bestAskCents()!;
    return JSON.stringify({
      type: 'ticker',
      sequence: last.trade.sequence,
      product_id: state.productId,
      price: price(last.trade.priceCents),
      open_24h: price(stats.open24hCents),
      volume_24h: size(stats.volume24hLots),
      low_24h: price(stats.low24hCents),
      high_24h: price(stats.high24hCents),
      volume_30d: size(stats.volume30dLots),
      best_bid: price(bestBid),
      best_bid_size: size(state.market.size('buy', bestBid)!),
      best_ask: price(bestAsk),
      best_ask_size: size(state.market.size('sell', bestAsk)!),
      side: last.trade.takerSide,
      time: last.time,
      trade_id: last.trade.tradeId,
      last_size: size(last.trade.sizeLots),
    });
  }

  private matchFrame(state: ProductState, last: TimedTrade, type: 'match' | 'last_match'): string {
    return JSON.stringify({
      type,
      trade_id: last.trade.tradeId,
      maker_order_id: last.makerOrderId,
      taker_order_id: last.takerOrderId,
      side: last.trade.takerSide === 'buy' ? 'sell' : 'buy',
      size: size(last.trade.sizeLots),
      price: price(last.trade.priceCents),
      product_id: state.productId,
      sequence: last.trade.sequence,
      time: last.time,
    });
  }

  private timed(trade: Trade, nowMs: number): TimedTrade {
    return { trade, time: this.time(nowMs), makerOrderId: this.orderId(), takerOrderId: this.orderId() };
  }

  /** Microsecond times that never go backwards, so per-product event times stay ordered as Coinbase's are. */
  private time(nowMs: number): string {
    this.lastTimeMicros = Math.max(nowMs * 1000 + this.random.int(0, 199), this.lastTimeMicros + 1);
    return formatCoinbaseTime(Math.floor(this.lastTimeMicros / 1000), this.lastTimeMicros % 1000);
  }

  private orderId(): string {
    const hex = (n: number): string => Array.from({ length: n }, () => this.random.int(0, 15).toString(16)).join('');
    return `${hex(8)}-${hex(4)}-4${hex(3)}-${'89ab'[this.random.int(0, 3)]}${hex(3)}-${hex(12)}`;
  }
}
