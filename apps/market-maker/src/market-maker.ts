import { EventEmitter } from 'node:events';
import type { Clock } from '@truex-mm/clock';
import { CoinbaseFeed, type FeedState, type TopOfBook } from '@truex-mm/coinbase-feed';
import type { FixMessage } from '@truex-mm/fix-codec';
import { FixClient, type FixConnector, type FixSessionState } from '@truex-mm/fix-session';
import {
  RefreshPolicy,
  RefreshScheduler,
  buildTargetLadder,
  distributeOrders,
  reconcile,
  seededRandom,
  type LadderConfig,
  type LiveOrder,
  type OrderAction,
} from '@truex-mm/ladder-strategy';
import { OrderAdapter, type Fill, type TrackedOrder } from '@truex-mm/order-adapter';
import type { EventSink } from '@truex-mm/persistence';
import { DecayingMeanFairValue, EwmaVolatility, toDecimalString } from '@truex-mm/pricing';
import { RiskGate, type RiskContext, type RiskLimits, type TradingState } from '@truex-mm/risk';
import type { Logger } from 'pino';
import type { MarketMakerConfig } from './config';
import type { MarketMakerMetrics } from './metrics';
import { ladderConfigFrom } from './ladder-config';
import { QuoteStats } from './quote-stats';
import { formatQuantityUnits, quantityUnits } from './working-quantity';

export interface MarketMakerDeps {
  readonly config: MarketMakerConfig;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly sink: EventSink;
  readonly metrics: MarketMakerMetrics;
  readonly runId: string;
  readonly truex: { host: string; port: number };
  readonly coinbaseUrl: string;
  /** The TCP (or TLS) connector for the FIX session; defaults to fix-session's own. Benchmarks instrument it. */
  readonly fixConnector?: FixConnector;
}

/** One order action the engine sent, with the fair value it was priced against (for monitoring and tests). */
export interface QuoteAction {
  readonly kind: 'new' | 'replace' | 'cancel';
  readonly clOrdId: string;
  /** For a replace or cancel: the order acted on. */
  readonly targetClOrdId?: string;
  readonly side: 'buy' | 'sell';
  readonly price: string;
  readonly quantity: string;
  readonly level?: number;
  readonly fairValue?: string;
  /** For a replace: how long the replaced order lived since it was sent. */
  readonly replacedAgeMs?: number;
  /** For a new or replace: the lifetime assigned to the order. */
  readonly lifetimeMs?: number;
  readonly reason: string;
  readonly timeMs: number;
}

/** Live orders during one quoting pass (see MarketMaker.workingBook). */
interface WorkingBook {
  readonly byClOrdId: Map<string, TrackedOrder>;
  count: number;
  /** Unfilled quantity per side, in 1e-8 units. */
  buyUnits: number;
  sellUnits: number;
  readonly referenceCrossed: boolean | undefined;
}

function remainingUnits(order: TrackedOrder): number {
  return quantityUnits(order.leavesQty !== '0' ? order.leavesQty : order.quantity);
}

const MARK_TO_MARKET_INTERVAL_MS = 100;

/** How often the quoting loop runs without a price change (expiries, timeouts, budget refills). */
const LOOP_INTERVAL_MS = 100;
const PENDING_STATES = new Set(['PendingNew', 'PendingCancel', 'PendingReplace']);
const TERMINAL_STATES = new Set(['Canceled', 'Replaced', 'Filled', 'Rejected', 'Expired']);

/**
 * Composes the packages into the quoting loop: Coinbase top of book → fair value → target ladder → reconcile against
 * live orders → risk gate → order adapter → FIX session; execution reports flow back through the adapter into the
 * ledger, the statistics and the event sink. It owns no trading rule itself: each decision is a package's.
 */
export class MarketMaker extends EventEmitter<{ action: [QuoteAction] }> {
  readonly feed: CoinbaseFeed;
  readonly fix: FixClient;
  readonly adapter: OrderAdapter;
  readonly risk: RiskGate;
  readonly fairValue: DecayingMeanFairValue;
  readonly volatility: EwmaVolatility;
  readonly stats = new QuoteStats();
  readonly refreshPolicy: RefreshPolicy;
  readonly scheduler: RefreshScheduler;

  private readonly config: MarketMakerConfig;
  private readonly clock: Clock;
  private readonly logger: Logger;
  private readonly sink: EventSink;
  private readonly metrics: MarketMakerMetrics;
  private readonly runId: string;
  private readonly ladderConfig: LadderConfig;
  private readonly expiries = new Map<string, number>();
  private lastTop?: TopOfBook;
  private paused = false;
  private stopping = false;
  private loopTimer?: ReturnType<Clock['setTimeout']>;
  private fairValueText?: string;
  private lastQuoteBlock?: string;
  private scheduledBudget?: number;
  private lastMarkMs = 0;
  /** Set by anything that can change the reconciler's answer besides fair value; cleared by a quoting pass. */
  private quoteDirty = true;
  private lastQuotedFairValue?: number;
  private readonly halfTick: number;

  constructor(deps: MarketMakerDeps) {
    super();
    this.config = deps.config;
    this.clock = deps.clock;
    this.logger = deps.logger;
    this.sink = deps.sink;
    this.metrics = deps.metrics;
    this.runId = deps.runId;
    const { strategy, risk, truex } = deps.config;

    this.ladderConfig = ladderConfigFrom(strategy);
    this.halfTick = Number(strategy.tickSize) / 2;
    this.fairValue = new DecayingMeanFairValue({
      windowMs: strategy.fairValueWindowMs,
      input: strategy.fairValueInput,
    });
    this.volatility = new EwmaVolatility();
    this.refreshPolicy = new RefreshPolicy({
      minLifetimeMs: strategy.minLifetimeMs,
      maxLifetimeMs: strategy.maxLifetimeMs,
      ordersPerLevel: distributeOrders(strategy.ordersPerSide, strategy.levels),
      random: seededRandom(strategy.seed + 1),
    });
    this.scheduler = new RefreshScheduler({
      policy: this.refreshPolicy,
      messagesPerSecond: risk.messagesPerSecond,
      nowMs: deps.clock.now(),
    });

    const limits: RiskLimits = {
      maxOrderSize: risk.maxOrderSize,
      maxOrderNotional: risk.maxOrderNotional,
      priceBandPct: risk.priceBandPct,
      maxOpenOrders: risk.maxOpenOrders,
      maxLongPosition: risk.maxLongPosition,
      maxShortPosition: risk.maxShortPosition,
      maxNotionalExposure: risk.maxNotionalExposure,
      messagesPerSecond: risk.messagesPerSecond,
      maxReferenceAgeMs: risk.maxReferenceAgeMs,
      maxLoss: risk.maxLoss,
      rejectStorm: { count: risk.rejectStormCount, windowMs: risk.rejectStormWindowMs },
    };
    this.risk = new RiskGate(limits, { clock: this.clock, logger: this.logger.child({ component: 'risk' }) });

    this.feed = new CoinbaseFeed({
      url: deps.coinbaseUrl,
      products: [deps.config.coinbase.product],
      staleAfterMs: risk.maxReferenceAgeMs,
      clock: this.clock,
      logger: this.logger.child({ component: 'coinbase-feed' }),
    });
    this.fix = new FixClient({
      host: deps.truex.host,
      port: deps.truex.port,
      tls: truex.tls,
      senderCompId: truex.senderCompId,
      targetCompId: truex.targetCompId,
      apiKey: truex.apiKey,
      apiSecret: truex.secretKey,
      connector: deps.fixConnector,
      clock: this.clock,
      logger: this.logger.child({ component: 'fix-session' }),
    });
    this.adapter = new OrderAdapter({
      partyId: truex.clientId,
      symbol: truex.symbol,
      postOnly: true,
      clock: this.clock,
      logger: this.logger.child({ component: 'order-adapter' }),
      sender: this.fix,
    });
    this.wire();
  }

  /** Connects to both venues; quoting starts as soon as a fair value exists and the FIX session is active. */
  start(): void {
    this.metrics.setTradingState('ACTIVE');
    this.feed.start();
    this.fix.start();
    this.scheduleLoop();
  }

  pause(reason: string): void {
    if (this.paused) return;
    this.paused = true;
    this.logger.warn({ reason }, 'quoting paused: cancelling all orders');
    this.metrics.setTradingState('PAUSED');
    this.cancelAll(`paused: ${reason}`);
  }

  resume(reason: string): void {
    if (this.risk.state === 'HALTED') {
      this.logger.warn({ reason }, 'resume ignored: trading is HALTED (kill switch); restart to trade again');
      return;
    }
    this.paused = false;
    this.metrics.setTradingState(this.risk.state);
    this.logger.warn({ reason }, 'quoting resumed');
    this.requote();
  }

  kill(reason: string): void {
    this.risk.kill(reason);
  }

  /**
   * Graceful stop: no more quotes, cancel every live order, wait (bounded) for the acknowledgements, log out.
   * Returns the orders still believed live at the venue when the wait ended (empty on a clean stop).
   */
  async stop(timeoutMs = 10_000): Promise<TrackedOrder[]> {
    if (this.stopping) return [];
    this.stopping = true;
    this.clock.clearTimeout(this.loopTimer);
    this.cancelAll('shutdown');
    // Orders still pending when the stop began are cancelled as soon as they are acknowledged.
    const deadline = this.clock.now() + timeoutMs;
    while (this.adapter.liveOrderCount() > 0 && this.clock.now() < deadline && this.fix.state === 'active') {
      await new Promise<void>((resolve) => this.clock.setTimeout(resolve, 25));
      this.cancelAll('shutdown');
    }
    const leftovers = [...this.adapter.liveOrders()];
    if (leftovers.length > 0) {
      this.logger.error(
        { count: leftovers.length, clOrdIds: leftovers.map((o) => o.clOrdId) },
        'orders still live at shutdown',
      );
    }
    await this.fix.stop(Math.min(5000, timeoutMs));
    await this.feed.stop();
    return leftovers;
  }

  // --- wiring ------------------------------------------------------------------------------------------------

  private wire(): void {
    this.feed.on('top', (top) => this.onTop(top));
    this.feed.on('state', (state) => this.onFeedState(state));
    this.feed.on('book-invalid', (product, reason) => {
      if (this.stopping) return;
      this.logger.warn({ product, reason }, 'reference book invalid: pulling quotes');
      this.cancelAll(`reference book invalid: ${reason}`);
    });
    this.feed.on('error', (error) => this.logger.warn({ err: error.message }, 'coinbase feed error'));

    this.fix.on('state', (state) => this.onSessionState(state));
    this.fix.on('app', (msg) => this.onApp(msg));
    this.fix.on('error', (error) =>
      this.logger.error({ code: error.code, venueText: error.venueText, err: error.message }, 'FIX session error'),
    );
    this.fix.on('reject', (reject) => this.logger.warn({ reject }, 'session-level reject from TrueX'));

    this.adapter.on('order', (order) => this.onOrder(order));
    this.adapter.on('fill', (fill) => this.onFill(fill));
    this.adapter.on('throttle', (reject) => {
      this.metrics.throttleRejects.inc();
      this.risk.onThrottleReject();
      this.scheduler.setBudget(this.risk.messageBudget().ratePerSec);
      this.logger.warn(
        { text: reject.text, budget: this.risk.messageBudget() },
        'TrueX throttle reject: message budget reduced',
      );
    });
    this.adapter.on('reject', (order, text) => {
      this.metrics.ordersRejected.inc();
      this.risk.onReject(text);
      this.logger.warn(
        { clOrdId: order.clOrdId, side: order.side, price: order.price, text },
        'order rejected by TrueX',
      );
    });
    this.adapter.on('execution', (er, raw) => {
      this.sink.record({
        type: 'execution',
        runId: this.runId,
        execId: er.execId,
        clOrdId: er.clOrdId,
        orderId: er.orderId,
        execType: er.execType,
        ordStatus: er.ordStatus,
        side: er.side === '1' ? 'buy' : 'sell',
        price: er.price,
        lastQty: er.lastQty,
        lastPx: er.lastPx,
        cumQty: er.cumQty,
        leavesQty: er.leavesQty,
        text: er.text,
        transactTime: er.transactTime,
        rawFix: raw,
        timeMs: this.clock.now(),
      });
    });

    this.risk.on('halt', (reason: string) => {
      this.logger.error({ reason }, 'trading HALTED: cancelling everything');
      this.metrics.setTradingState('HALTED');
      this.cancelAll(`halted: ${reason}`);
    });
    this.risk.on('state', (state: TradingState) => {
      if (!this.paused) this.metrics.setTradingState(state);
    });
  }

  private onTop(top: TopOfBook): void {
    const started = performance.now();
    const now = this.clock.now();
    this.lastTop = top;
    this.fairValue.update(
      { bidPrice: top.bidPrice, askPrice: top.askPrice, bidSize: top.bidSize, askSize: top.askSize },
      now,
    );
    const fv = this.fairValue.value(now);
    if (fv === undefined) return;
    this.volatility.update(fv, now);
    const fvText = toDecimalString(fv, 8);
    this.metrics.fairValue.set(fv);
    if (fvText !== this.fairValueText) {
      this.fairValueText = fvText;
      // The loss limit needs a recent mark, not one per tick: marking is decimal work on the tick-to-wire path.
      if (now - this.lastMarkMs >= MARK_TO_MARKET_INTERVAL_MS) {
        this.lastMarkMs = now;
        this.risk.markToMarket(fvText);
      }
      const mid = toDecimalString((Number(top.bidPrice) + Number(top.askPrice)) / 2, 8);
      this.sink.record({
        type: 'reference-price',
        runId: this.runId,
        product: top.product,
        bidPrice: top.bidPrice,
        askPrice: top.askPrice,
        mid,
        fairValue: fvText,
        timeMs: now,
      });
    }
    // Nothing the reconciler looks at has changed since the last pass but a sub-half-tick move of fair value: the
    // target cannot have moved beyond any reprice tolerance, so skip the pass (the 100 ms loop still runs it).
    if (
      !this.quoteDirty &&
      this.lastQuotedFairValue !== undefined &&
      Math.abs(fv - this.lastQuotedFairValue) < this.halfTick
    )
      return;
    if (this.requote() > 0) this.metrics.tickToWire.observe((performance.now() - started) / 1000);
  }

  private onFeedState(state: FeedState): void {
    this.logger.info({ state }, 'coinbase feed state');
    if (state === 'stale' || state === 'disconnected') {
      this.fairValue.reset();
      this.cancelAll(`reference feed ${state}`);
    }
  }

  private onSessionState(state: FixSessionState): void {
    this.logger.info({ state }, 'FIX session state');
    if (state === 'active') {
      // Orders from a previous connection may still rest at TrueX: pull them before quoting again, so a reconnect
      // never leaves orphans or duplicates a slot.
      const stale = this.adapter.liveOrders();
      if (stale.length > 0) {
        this.logger.warn(
          { count: stale.length },
          'FIX session re-established: cancelling orders from the previous connection',
        );
        this.cancelAll('session re-established');
      }
    }
  }

  private onApp(msg: FixMessage): void {
    this.adapter.onMessage(msg);
  }

  private onOrder(order: TrackedOrder): void {
    const now = this.clock.now();
    this.quoteDirty = true;
    if (order.state === 'New' && order.ackedAtMs !== undefined && order.ackedAtMs === order.updatedAtMs) {
      this.metrics.ordersAcked.inc();
      this.stats.acknowledged(order.ackedAtMs - order.createdAtMs);
      this.metrics.ackLatency.observe((order.ackedAtMs - order.createdAtMs) / 1000);
    }
    if (TERMINAL_STATES.has(order.state)) {
      this.expiries.delete(order.clOrdId);
      if (order.ackedAtMs !== undefined) this.stats.ended(order.clOrdId, now - order.ackedAtMs);
    }
    this.metrics.openOrders.set(this.adapter.liveOrderCount());
    this.sink.record({
      type: 'order',
      runId: this.runId,
      clOrdId: order.clOrdId,
      origClOrdId: order.origClOrdId,
      orderId: order.orderId,
      side: order.side,
      symbol: this.config.truex.symbol,
      price: order.price,
      quantity: order.quantity,
      cumQty: order.cumQty,
      leavesQty: order.leavesQty,
      state: order.state,
      rejectReason: order.rejectText,
      timeMs: now,
    });
  }

  private onFill(fill: Fill): void {
    this.metrics.fills.inc({ side: fill.side });
    this.stats.filled(fill.clOrdId, fill.side, fill.quantity, fill.price, this.fairValueText);
    this.risk.applyFill({
      execId: fill.execId,
      side: fill.side,
      quantity: fill.quantity,
      price: fill.price,
      fee: fill.fee,
    });
    const position = this.risk.ledger.snapshot(this.fairValueText);
    this.metrics.positionBase.set(Number(position.base));
    this.metrics.realizedPnl.set(Number(position.realizedPnl));
    this.metrics.unrealizedPnl.set(Number(position.unrealizedPnl));
    this.logger.info(
      { clOrdId: fill.clOrdId, side: fill.side, qty: fill.quantity, px: fill.price, position: position.base },
      'fill',
    );
    this.sink.record({ type: 'fill', runId: this.runId, ...fill, timeMs: this.clock.now() });
    this.sink.record({
      type: 'position',
      runId: this.runId,
      ...position,
      fairValue: this.fairValueText,
      timeMs: this.clock.now(),
    });
  }

  // --- the quoting loop ----------------------------------------------------------------------------------------

  private scheduleLoop(): void {
    this.loopTimer = this.clock.setTimeout(() => {
      if (this.stopping) return;
      this.adapter.checkTimeouts();
      this.quoteDirty = true;
      this.requote();
      this.scheduleLoop();
    }, LOOP_INTERVAL_MS);
  }

  /** Brings live orders towards the target ladder; returns the number of actions sent. */
  private requote(): number {
    const now = this.clock.now();
    const block = this.quoteBlock(now);
    if (block !== undefined) {
      if (block !== this.lastQuoteBlock) this.logger.warn({ reason: block }, 'not quoting');
      this.lastQuoteBlock = block;
      // While quoting is blocked nothing may rest at the venue: orders that were still pending when the block began
      // are cancelled as soon as they are acknowledged. (With the session down nothing can be sent at all.)
      return this.fix.state === 'active' && !this.stopping ? this.cancelAll(block) : 0;
    }
    if (this.lastQuoteBlock !== undefined) this.logger.info({ was: this.lastQuoteBlock }, 'quoting');
    this.lastQuoteBlock = undefined;
    const fairValue = this.fairValueText!;
    this.quoteDirty = false;
    this.lastQuotedFairValue = Number(fairValue);
    const position = this.risk.ledger.basePosition().toFixed();
    // A fresh generator with the run's seed each time keeps every slot's jittered size stable between refreshes, so
    // a size never changes by itself and only price moves or expiries cause traffic.
    const target = buildTargetLadder(
      { fairValue, position, nowMs: now },
      this.ladderConfig,
      seededRandom(this.config.strategy.seed),
    );
    const liveOrders = this.adapter.liveOrders();
    const live = this.liveOrdersForReconcile(liveOrders, now);
    const wanted = reconcile(target, live, {
      openOrderLimit: this.config.risk.maxOpenOrders,
      nowMs: now,
      repriceToleranceTicks: this.config.strategy.repriceToleranceTicks,
      tickSize: this.config.strategy.tickSize,
    });
    if (wanted.length === 0) return 0;
    const budget = this.risk.messageBudget().ratePerSec;
    if (budget !== this.scheduledBudget) {
      this.scheduledBudget = budget;
      this.scheduler.setBudget(budget);
    }
    // The scheduler spreads what the reconciler wants over the message budget; the rest is re-derived next time.
    const actions = this.scheduler.select(wanted, now, live);
    if (this.logger.isLevelEnabled('trace')) {
      const count = (list: readonly OrderAction[]): Record<string, number> =>
        list.reduce<Record<string, number>>(
          (acc, a) => ((acc[`${a.kind}:${a.reason}`] = (acc[`${a.kind}:${a.reason}`] ?? 0) + 1), acc),
          {},
        );
      this.logger.trace(
        { target: target.length, live: live.length, wanted: count(wanted), sent: count(actions) },
        'reconcile',
      );
    }
    const book = this.workingBook(liveOrders);
    let sent = 0;
    for (const action of actions) if (this.execute(action, fairValue, book, now)) sent++;
    return sent;
  }

  /** Why quoting must not happen now, or undefined when it may. */
  private quoteBlock(now: number): string | undefined {
    if (this.stopping) return 'stopping';
    if (this.paused) return 'paused by operator';
    if (this.risk.state === 'HALTED') return 'trading halted';
    if (this.fix.state !== 'active') return `FIX session ${this.fix.state}`;
    if (this.feed.state !== 'live') return `reference feed ${this.feed.state}`;
    const age = this.fairValue.ageMs(now);
    if (this.fairValueText === undefined || age === undefined) return 'no fair value yet';
    if (age > this.config.risk.maxReferenceAgeMs) return `fair value ${age} ms old`;
    return undefined;
  }

  private liveOrdersForReconcile(orders: readonly TrackedOrder[], now: number): LiveOrder[] {
    return orders.map((o) => ({
      clOrdId: o.clOrdId,
      key: o.key,
      side: o.side,
      price: o.price,
      quantity: o.quantity,
      pending: PENDING_STATES.has(o.state),
      createdAtMs: o.createdAtMs,
      expiresAtMs: this.expiries.get(o.clOrdId) ?? now,
    }));
  }

  /** Live orders indexed, with working quantities per side, built once per quoting pass and kept current by it. */
  private workingBook(orders: readonly TrackedOrder[]): WorkingBook {
    const book: WorkingBook = {
      byClOrdId: new Map(),
      count: orders.length,
      buyUnits: 0,
      sellUnits: 0,
      referenceCrossed: this.lastTop ? Number(this.lastTop.bidPrice) >= Number(this.lastTop.askPrice) : undefined,
    };
    for (const o of orders) {
      book.byClOrdId.set(o.clOrdId, o);
      if (o.side === 'buy') book.buyUnits += remainingUnits(o);
      else book.sellUnits += remainingUnits(o);
    }
    return book;
  }

  private riskContext(book: WorkingBook, exclude?: TrackedOrder): RiskContext {
    const excludedUnits = exclude ? remainingUnits(exclude) : 0;
    return {
      fairValue: this.fairValueText,
      referenceAgeMs: this.fairValue.ageMs(this.clock.now()),
      referenceCrossed: book.referenceCrossed,
      openOrders: book.count,
      workingBuyQty: formatQuantityUnits(book.buyUnits - (exclude?.side === 'buy' ? excludedUnits : 0)),
      workingSellQty: formatQuantityUnits(book.sellUnits - (exclude?.side === 'sell' ? excludedUnits : 0)),
    };
  }

  private execute(action: OrderAction, fairValue: string, book: WorkingBook, now: number): boolean {
    if (action.kind === 'cancel') {
      const order = book.byClOrdId.get(action.clOrdId);
      if (!order || order.state === 'PendingCancel') return false;
      this.risk.check(
        { side: order.side, price: order.price, quantity: order.quantity, kind: 'cancel' },
        this.riskContext(book),
      );
      if (!this.adapter.cancelOrder(action.clOrdId)) return false;
      this.metrics.ordersSent.inc({ action: 'cancel' });
      this.emit('action', {
        kind: 'cancel',
        clOrdId: order.clOrdId,
        targetClOrdId: order.clOrdId,
        side: order.side,
        price: order.price,
        quantity: order.quantity,
        fairValue,
        reason: action.reason,
        timeMs: now,
      });
      this.logger.info(
        { clOrdId: action.clOrdId, side: order.side, price: order.price, reason: action.reason },
        'cancel',
      );
      return true;
    }
    const { target } = action;
    const replaced = action.kind === 'replace' ? book.byClOrdId.get(action.clOrdId) : undefined;
    if (action.kind === 'replace' && !replaced) return false;
    const decision = this.risk.check(
      { side: target.side, price: target.price, quantity: target.quantity, kind: action.kind },
      this.riskContext(book, replaced),
    );
    if (!decision.allowed) {
      this.metrics.riskDenials.inc({ reason: decision.reason });
      this.logger.debug(
        { action: action.kind, key: target.key, reason: decision.reason, detail: decision.detail },
        'risk denied',
      );
      return false;
    }
    const order =
      action.kind === 'new'
        ? this.adapter.placeOrder({
            key: target.key,
            side: target.side,
            price: target.price,
            quantity: target.quantity,
          })
        : this.adapter.replaceOrder(action.clOrdId, { price: target.price, quantity: target.quantity });
    if (!order) return false;
    // Keep the pass's working book current for the next action's risk check.
    const addedUnits = quantityUnits(target.quantity) - (replaced ? remainingUnits(replaced) : 0);
    if (target.side === 'buy') book.buyUnits += addedUnits;
    else book.sellUnits += addedUnits;
    if (replaced) book.byClOrdId.delete(replaced.clOrdId);
    else book.count++;
    book.byClOrdId.set(order.clOrdId, order);

    const lifetimeMs = this.lifetimeMs(target.level);
    this.expiries.set(order.clOrdId, now + lifetimeMs);
    if (this.listenerCount('action') > 0) {
      this.emit('action', {
        kind: action.kind,
        clOrdId: order.clOrdId,
        targetClOrdId: replaced?.clOrdId,
        side: target.side,
        price: target.price,
        quantity: target.quantity,
        level: target.level,
        fairValue,
        replacedAgeMs: replaced ? now - replaced.createdAtMs : undefined,
        lifetimeMs,
        reason: action.reason,
        timeMs: now,
      });
    }
    this.stats.placed(order.clOrdId, target.side, target.price, fairValue);
    this.metrics.ordersSent.inc({ action: action.kind });
    this.logger.info(
      {
        action: action.kind,
        clOrdId: order.clOrdId,
        replaces: replaced?.clOrdId,
        key: target.key,
        side: target.side,
        price: target.price,
        qty: target.quantity,
        fairValue,
        reason: action.reason,
      },
      action.kind === 'new' ? 'new order' : 'replace order',
    );
    return true;
  }

  private lifetimeMs(level: number): number {
    return this.refreshPolicy.lifetimeMs(level);
  }

  /** Cancels every live order not already being cancelled. Always allowed by risk. */
  cancelAll(reason: string): number {
    let sent = 0;
    const live = this.adapter.liveOrders();
    const book = this.workingBook(live);
    for (const order of live) {
      if (order.state === 'PendingCancel' || order.state === 'PendingNew' || order.state === 'PendingReplace') continue;
      // Always allowed; the check only charges the message budget (cancels may borrow against it).
      this.risk.check(
        { side: order.side, price: order.price, quantity: order.quantity, kind: 'cancel' },
        this.riskContext(book),
      );
      if (this.adapter.cancelOrder(order.clOrdId)) {
        sent++;
        this.metrics.ordersSent.inc({ action: 'cancel' });
      }
    }
    if (sent > 0) this.logger.info({ count: sent, reason }, 'cancel all');
    return sent;
  }

  /** The /status document. */
  status(): Record<string, unknown> {
    const now = this.clock.now();
    const live = this.adapter.liveOrders();
    const position = this.risk.ledger.snapshot(this.fairValueText);
    const ages = live.filter((o) => o.ackedAtMs !== undefined).map((o) => now - o.ackedAtMs!);
    return {
      mode: this.config.mode,
      runId: this.runId,
      symbol: this.config.truex.symbol,
      fairPrice: this.fairValueText ?? null,
      fairValueAgeMs: this.fairValue.ageMs(now) ?? null,
      volatility: this.volatility.value() ?? null,
      reference: this.lastTop ? { bid: this.lastTop.bidPrice, ask: this.lastTop.askPrice } : null,
      openOrders: live.length,
      activeOrders: live.filter((o) => !PENDING_STATES.has(o.state)).length,
      pendingOrders: live.filter((o) => PENDING_STATES.has(o.state)).length,
      bids: live.filter((o) => o.side === 'buy').length,
      asks: live.filter((o) => o.side === 'sell').length,
      position: position.base,
      quoteBalance: position.quote,
      averageEntryPrice: position.averageEntryPrice ?? null,
      realizedPnl: position.realizedPnl,
      unrealizedPnl: position.unrealizedPnl,
      fees: position.fees,
      tradingState: this.paused && this.risk.state !== 'HALTED' ? 'PAUSED' : this.risk.state,
      quoting: this.lastQuoteBlock === undefined ? true : { blocked: this.lastQuoteBlock },
      feed: { state: this.feed.state, ...this.feed.metrics() },
      fixSession: { state: this.fix.state, ...this.fix.counters() },
      refreshAgeMs:
        ages.length === 0
          ? null
          : { max: Math.max(...ages), mean: Math.round(ages.reduce((a, b) => a + b, 0) / ages.length) },
      messageBudget: this.risk.messageBudget(),
      refresh: this.scheduler.status(),
      risk: this.risk.counters(),
      adapter: this.adapter.counters(),
      ...this.stats.snapshot(),
    };
  }
}
