import { EventEmitter } from 'node:events';
import type { Clock, TimerHandle } from '@truex-mm/clock';
import type { FixMessage } from '@truex-mm/fix-codec';
import {
  QuotePolicy,
  seededRandom,
  type QuoteAction,
  type QuotePolicyOrder,
  type QuotePolicyStatus,
} from '@truex-mm/ladder-strategy';
import {
  OrderAdapter,
  type Fill,
  type FixSender,
  type TrackedOrder,
  type VenueOrderStatus,
} from '@truex-mm/order-adapter';
import { DecayingMeanFairValue, EwmaVolatility, toDecimalString } from '@truex-mm/pricing';
import {
  PositionLedger,
  RiskGate,
  type OpeningBalance,
  type OrderIntent,
  type RiskContext,
  type TradingState,
} from '@truex-mm/risk';
import type { Logger } from 'pino';
import { engineConfigProblems, QuotingEngineConfigError, type QuotingEngineConfig } from './engine-config';
import type { EngineEventSink, EngineObserver } from './engine-events';
import { DeferredRecords } from './deferred-records';
import { QuoteStats } from './quote-stats';
import { TickStage, type TickTracer } from './tick-tracer';
import { formatQuantityUnits, quantityUnits } from './working-quantity';

/** The reference market's best bid and offer (e.g. Coinbase's, from @truex-mm/coinbase-feed). */
export interface ReferenceTop {
  readonly product: string;
  readonly bidPrice: string;
  readonly bidSize: string;
  readonly askPrice: string;
  readonly askSize: string;
}

/** The reference feed's state; only `live` allows quoting. */
export type ReferenceState = 'connecting' | 'subscribing' | 'live' | 'stale' | 'disconnected' | 'stopped';

export interface QuotingEngineDeps {
  readonly config: QuotingEngineConfig;
  readonly clock: Clock;
  readonly logger: Logger;
  /** The FIX order-entry session (FixClient implements it). */
  readonly sender: FixSender;
  readonly runId: string;
  readonly sink?: EngineEventSink;
  readonly observer?: EngineObserver;
  /**
   * Where the engine asks the venue about an order whose state it cannot know from FIX alone (a cancel answered
   * "unknown order", an unanswered request, an illegal transition): e.g. TrueX's REST order status. Without one, such
   * orders stay Unknown (counted as live) until FIX resolves them.
   */
  readonly venueStatus?: VenueStatusSource;
  /** The position to start from (e.g. restored from storage after a restart). Default flat. */
  readonly opening?: OpeningBalance;
  /**
   * After the FIX session comes back, hold quoting and emit 'session-restored' for the caller to reconcile with the
   * venue (then `release`), instead of cancelling every order of the previous connection. Default false.
   */
  readonly reconcileOnReconnect?: boolean;
}

/** The venue's answer about one order: its status, or null when the venue has no such order. */
export interface VenueStatusSource {
  orderStatus(ref: {
    readonly clOrdId: string;
    readonly orderId?: string;
  }): Promise<VenueOrderStatus | null | undefined>;
}

const STATUS_RETRY_MS = 1000;

/** One order message the engine sent, with the fair value it was priced against (for monitoring and tests). */
export interface SentAction {
  readonly kind: 'new' | 'replace' | 'cancel';
  /** The order created (new, replace) or the order cancelled (cancel). */
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

interface WorkingBook {
  count: number;
  /** Unfilled quantity per side, in 1e-8 units. */
  buyUnits: number;
  sellUnits: number;
  referenceCrossed: boolean | undefined;
}

/** One live order as the policy reads it; the engine refills the same objects on every pass. */
class PolicyOrderView implements QuotePolicyOrder {
  clOrdId = '';
  side: 'buy' | 'sell' = 'buy';
  price = '';
  pending = false;
  expiresAtMs = 0;
}

/** A working quantity's text, formatted again only when the quantity changed. */
class FormattedUnits {
  private units = Number.NaN;
  private formatted = '';

  text(units: number): string {
    if (units !== this.units) {
      this.formatted = formatQuantityUnits(units);
      this.units = units;
    }
    return this.formatted;
  }
}

/** The adapter's slot key of a level ('buy-3'), built once per side and level. */
const ORDER_KEYS = { buy: [] as string[], sell: [] as string[] };
function orderKey(side: 'buy' | 'sell', level: number): string {
  const keys = ORDER_KEYS[side];
  return (keys[level] ??= `${side}-${level}`);
}

const PENDING_STATES: ReadonlySet<string> = new Set(['PendingNew', 'PendingCancel', 'PendingReplace', 'Unknown']);
const TERMINAL_STATES: ReadonlySet<string> = new Set(['Canceled', 'Replaced', 'Filled', 'Rejected', 'Expired']);
const MARK_TO_MARKET_INTERVAL_MS = 100;
/** TrueX's texts for a price its order rules refuse: post-only would cross, outside the price bands. */
const PRICE_RULE_REJECT = /post only order would cross|outside book price bands/i;

const UNITS_CACHE_LIMIT = 4096;
/** Quantities seen lately, in 1e-8 units: the ladder's few hundred sizes are parsed once, not 50 times a pass. */
const unitsOf = new Map<string, number>();

function cachedUnits(quantity: string): number {
  let units = unitsOf.get(quantity);
  if (units === undefined) {
    units = quantityUnits(quantity);
    if (unitsOf.size >= UNITS_CACHE_LIMIT) unitsOf.clear();
    unitsOf.set(quantity, units);
  }
  return units;
}

function remainingUnits(order: TrackedOrder): number {
  return cachedUnits(order.leavesQty !== '0' ? order.leavesQty : order.quantity);
}

/**
 * The quoting engine: reference top of book → fair value and volatility → {@link QuotePolicy} (which orders to
 * place, move or pull now, within the message budget) → {@link RiskGate} → {@link OrderAdapter} → the FIX session;
 * execution reports come back through the adapter into the ledger, the statistics and the event sink.
 *
 * It owns no socket and reads no wall clock: the app (or the replay) feeds it reference tops, feed and session
 * states and inbound FIX application messages, and it runs its timers on the injected clock. It also owns the
 * rules of when not to quote (paused, halted, session down, feed not live, fair value missing or stale): while any
 * applies, every order is cancelled, paced by the message budget.
 */
export class QuotingEngine extends EventEmitter<{
  action: [SentAction];
  fill: [Fill];
  state: [string];
  'session-restored': [];
}> {
  readonly adapter: OrderAdapter;
  readonly risk: RiskGate;
  readonly policy: QuotePolicy;
  readonly fairValue: DecayingMeanFairValue;
  readonly volatility: EwmaVolatility;
  readonly stats = new QuoteStats();
  readonly config: QuotingEngineConfig;

  private readonly clock: Clock;
  private readonly logger: Logger;
  private readonly sink: EngineEventSink | undefined;
  private readonly observer: EngineObserver;
  private readonly runId: string;
  private readonly venueStatus: VenueStatusSource | undefined;
  /** Status queries in flight or recently failed, by ClOrdID → when the next one may go. */
  private readonly statusQueries = new Map<string, number>();
  private readonly expiries = new Map<string, number>();
  private readonly halfTick: number;
  private lastTop?: ReferenceTop;
  private referenceState: ReferenceState = 'connecting';
  /** The reference feed has sent something (a heartbeat counts) within its liveness window. */
  private referenceLive = true;
  private sessionState = 'disconnected';
  private sessionsSeen = 0;
  /** The venue has answered within 1.5 heartbeat intervals. */
  private venueResponsive = true;
  /** An inbound sequence gap is open: execution reports may be missing, so only cancels go out. */
  private gapOpen = false;
  private paused = false;
  /** Reasons quoting is held (e.g. reconciliation in progress); quoting resumes when none is left. */
  private readonly holds = new Set<string>();
  private readonly reconcileOnReconnect: boolean;
  private stopping = false;
  private started = false;
  private loopTimer?: TimerHandle;
  /** The fair value last computed (undefined after a reset); its decimal text is formatted on demand. */
  private fairValueNumber: number | undefined;
  private fairValueTextCache: string | undefined;
  private fairValueTextOf = Number.NaN;
  private lastQuoteBlock?: string;
  private lastMarkMs = 0;
  private lastPlannedFairValue?: number;
  /** maxOpenOrders, lowered when the venue teaches us its own limit (kept here: read on every pass). */
  private openOrderLimit: number;
  private planDirty = true;
  /** Opt-in stage marks for benchmarks ({@link traceTicks}); undefined in production. */
  private tracer: TickTracer | undefined;
  /** Recording and logging of the quoting path, handed over after each tick. */
  private readonly records: DeferredRecords;
  // Objects of the quoting pass, reused from pass to pass so that a steady pass allocates nothing of its own.
  private readonly book: WorkingBook = {
    count: 0,
    buyUnits: 0,
    sellUnits: 0,
    referenceCrossed: undefined,
  };
  private readonly context: RiskContext = { openOrders: 0, workingBuyQty: '0', workingSellQty: '0' };
  private readonly buyQty = new FormattedUnits();
  private readonly sellQty = new FormattedUnits();
  private readonly riskRequest: OrderIntent = { side: 'buy', price: '', quantity: '', kind: 'new' };
  /** The message budget handed to the policy, refilled each pass (risk's messageBudgetInto). */
  private readonly budgetFigures = { ratePerSec: 0, available: 0, maxRatePerSec: 0 };
  private readonly placement = { key: '', side: 'buy' as 'buy' | 'sell', price: '', quantity: '' };
  private readonly change = { price: '', quantity: '' };
  private readonly policyOrderPool: PolicyOrderView[] = [];
  private readonly policyOrderList: QuotePolicyOrder[] = [];

  constructor(deps: QuotingEngineDeps) {
    super();
    const problems = engineConfigProblems(deps.config);
    if (problems.length > 0) throw new QuotingEngineConfigError(problems);
    this.config = deps.config;
    this.clock = deps.clock;
    this.logger = deps.logger;
    this.sink = deps.sink;
    this.observer = deps.observer ?? {};
    this.runId = deps.runId;
    this.records = new DeferredRecords({
      runId: deps.runId,
      symbol: deps.config.symbol,
      sink: deps.sink,
      logger: deps.logger,
      observer: this.observer,
    });
    this.venueStatus = deps.venueStatus;
    this.halfTick = Number(deps.config.policy.ladder.tickSize) / 2;
    this.fairValue = new DecayingMeanFairValue({
      windowMs: deps.config.fairValue.windowMs,
      input: deps.config.fairValue.input,
    });
    this.volatility = new EwmaVolatility({ halfLifeMs: deps.config.volatilityHalfLifeMs });
    this.policy = new QuotePolicy(deps.config.policy, { random: seededRandom(deps.config.seed) });
    this.reconcileOnReconnect = deps.reconcileOnReconnect ?? false;
    this.openOrderLimit = deps.config.risk.maxOpenOrders;
    this.risk = new RiskGate(deps.config.risk, {
      clock: this.clock,
      logger: this.logger.child({ component: 'risk' }),
      ledger: new PositionLedger(deps.opening ?? {}),
    });
    this.adapter = new OrderAdapter({
      partyId: deps.config.partyId,
      symbol: deps.config.symbol,
      postOnly: true,
      ackTimeoutMs: deps.config.ackTimeoutMs,
      clock: this.clock,
      logger: this.logger.child({ component: 'order-adapter' }),
      sender: deps.sender,
      cancelBudget: this.risk,
      // onOrder copies what it keeps: no copy of the order per event.
      copyOrderEvents: false,
    });
    this.wire();
  }

  /** Starts the planning loop; quoting begins once the session is active, the feed live and fair value known. */
  start(): void {
    if (this.started) return;
    this.started = true;
    this.observer.tradingState?.('ACTIVE');
    this.scheduleLoop();
  }

  /**
   * Marks the stages of each pass ({@link TickStage}) on `tracer` (a benchmark's), or stops with undefined. With no
   * tracer, each mark costs one property test.
   */
  traceTicks(tracer: TickTracer | undefined): void {
    this.tracer = tracer;
  }

  // --- inputs ----------------------------------------------------------------------------------------------

  /** A new best bid/offer of the reference market. */
  onReferenceTop(top: ReferenceTop): void {
    const t = this.tracer;
    if (t === undefined) {
      this.referenceTop(top);
      return;
    }
    t.enter(TickStage.FairValue);
    try {
      this.referenceTop(top);
    } finally {
      t.leave();
    }
  }

  private referenceTop(top: ReferenceTop): void {
    const started = performance.now();
    const now = this.clock.now();
    this.lastTop = top;
    this.fairValue.update(top, now);
    const fv = this.fairValue.value(now);
    if (fv === undefined) return;
    this.volatility.update(fv, now);
    this.records.fairValue(fv);
    if (fv !== this.fairValueNumber) {
      this.fairValueNumber = fv;
      if (now - this.lastMarkMs >= MARK_TO_MARKET_INTERVAL_MS) {
        this.lastMarkMs = now;
        this.risk.markToMarket(this.fairValueText!);
      }
      this.records.referencePrice(top.product, top.bidPrice, top.askPrice, fv, now);
    }
    // A sub-half-tick move cannot move an anchor or make an order unsafe by more than it was: skip the pass
    // (the loop still runs every loopIntervalMs for expiries and budget refills).
    if (
      !this.planDirty &&
      this.lastPlannedFairValue !== undefined &&
      Math.abs(fv - this.lastPlannedFairValue) < this.halfTick
    ) {
      return;
    }
    if (this.requote() > 0) this.observer.tickToWire?.((performance.now() - started) / 1000);
  }

  /** The fair value as a decimal string (8 places at most), formatted once per value. */
  private get fairValueText(): string | undefined {
    const fv = this.fairValueNumber;
    if (fv === undefined) return undefined;
    if (fv !== this.fairValueTextOf) {
      this.fairValueTextCache = toDecimalString(fv, 8);
      this.fairValueTextOf = fv;
    }
    return this.fairValueTextCache;
  }

  private clearFairValue(): void {
    this.fairValue.reset();
    this.fairValueNumber = undefined;
  }

  /** The reference feed's state changed; anything but `live` pulls every quote. */
  onReferenceState(state: ReferenceState): void {
    this.referenceState = state;
    this.logger.info({ state }, 'reference feed state');
    if (state !== 'live') {
      this.clearFairValue();
      this.requote();
    }
  }

  /**
   * The reference feed's liveness (Coinbase sends a heartbeat every second: silence for 1.5 of them means the
   * book may be frozen). While it is not live, no order is placed and every quote is pulled.
   */
  onReferenceLiveness(live: boolean): void {
    if (live === this.referenceLive) return;
    this.referenceLive = live;
    this.logger.info({ live }, 'reference feed liveness');
    this.planDirty = true;
    this.requote();
  }

  /**
   * The venue's liveness (FixClient 'liveness'): when requests go unanswered for 1.5 heartbeat intervals nothing
   * new is sent, quotes are pulled (cancels queue at worst) and pending orders keep counting as live.
   */
  onSessionLiveness(responsive: boolean): void {
    if (responsive === this.venueResponsive) return;
    this.venueResponsive = responsive;
    this.logger.warn({ responsive }, 'venue liveness');
    this.planDirty = true;
    this.requote();
  }

  /** An inbound sequence gap opened or closed (FixClient 'gap'): while open, only cancels are sent. */
  onSessionGap(open: boolean): void {
    if (open === this.gapOpen) return;
    this.gapOpen = open;
    this.logger.warn({ open }, 'inbound sequence gap');
    this.planDirty = true;
    this.requote();
  }

  /** The reference book became unusable (crossed, gap): pull quotes until the next good top. */
  onReferenceInvalid(reason: string): void {
    if (this.stopping) return;
    this.logger.warn({ reason }, 'reference book invalid: pulling quotes');
    this.clearFairValue();
    this.requote();
  }

  /** The FIX session's state changed (`active` = logged on and usable). */
  onSessionState(state: string): void {
    const previous = this.sessionState;
    this.sessionState = state;
    this.logger.info({ state }, 'FIX session state');
    if (state === 'active' && previous !== 'active' && this.reconcileOnReconnect && this.sessionsSeen > 0) {
      // The caller settles every order with the venue (fills during the outage included) before quoting resumes.
      this.hold('reconciling after reconnect');
      this.emit('session-restored');
    } else if (state === 'active' && previous !== 'active') {
      // Orders from a previous connection may still rest at TrueX: pull them before quoting again.
      const stale = this.adapter.liveOrders();
      if (stale.length > 0) {
        this.logger.warn(
          { count: stale.length },
          'FIX session re-established: cancelling orders from the previous connection',
        );
        this.cancelAll('session re-established');
      }
      this.policy.reanchor();
    }
    if (state === 'active' && previous !== 'active') this.sessionsSeen++;
    this.planDirty = true;
  }

  /**
   * Holds quoting for `reason` until {@link release} with the same reason: nothing is sent meanwhile (orders rest as
   * they are), e.g. while reconciliation settles their states with the venue.
   */
  hold(reason: string): void {
    this.holds.add(reason);
    this.planDirty = true;
    this.requote();
  }

  release(reason: string): void {
    if (!this.holds.delete(reason)) return;
    this.planDirty = true;
    this.policy.reanchor();
    this.requote();
  }

  /** Leaves HALTED after an operator reset; quoting resumes unless paused. */
  resetHalt(by: string): boolean {
    if (this.risk.state !== 'HALTED') return false;
    this.risk.setState('ACTIVE', `halt reset by ${by}`);
    this.observer.tradingState?.(this.paused ? 'PAUSED' : 'ACTIVE');
    this.policy.reanchor();
    this.planDirty = true;
    this.requote();
    return true;
  }

  /** An inbound FIX application message (35=8, 9, j). */
  onVenueMessage(msg: FixMessage): void {
    this.adapter.onMessage(msg);
  }

  // --- operator controls -----------------------------------------------------------------------------------

  pause(reason: string): void {
    if (this.paused) return;
    this.paused = true;
    this.logger.warn({ reason }, 'quoting paused: cancelling all orders');
    this.observer.tradingState?.('PAUSED');
    this.emit('state', 'PAUSED');
    this.requote();
  }

  /** Resumes quoting; returns false (and does nothing) while HALTED. */
  resume(reason: string): boolean {
    if (this.risk.state === 'HALTED') {
      this.logger.warn({ reason }, 'resume refused: trading is HALTED');
      return false;
    }
    this.paused = false;
    this.observer.tradingState?.(this.risk.state);
    this.emit('state', this.risk.state);
    this.logger.warn({ reason }, 'quoting resumed');
    this.policy.reanchor();
    this.requote();
    return true;
  }

  kill(reason: string): void {
    this.risk.kill(reason);
  }

  /**
   * Graceful stop: no more quotes; cancels every live order, paced by the message budget, until none is left, the
   * session is down or the deadline passes (default: enough budget for every cancel, plus 3 s, at least 10 s).
   * Returns the orders still believed live at the venue (empty on a clean stop).
   */
  async stop(timeoutMs?: number): Promise<TrackedOrder[]> {
    if (this.stopping) return [...this.adapter.liveOrders()];
    this.stopping = true;
    const rate = Math.max(1, this.risk.messageBudget().ratePerSec);
    const deadlineMs = timeoutMs ?? Math.max(10_000, Math.ceil((this.adapter.liveOrderCount() / rate) * 1000) + 3000);
    const deadline = this.clock.now() + deadlineMs;
    this.requote();
    while (this.adapter.liveOrderCount() > 0 && this.clock.now() < deadline && this.sessionState === 'active') {
      await new Promise<void>((resolve) => this.clock.setTimeout(resolve, 25));
    }
    this.clock.clearTimeout(this.loopTimer);
    this.records.flush();
    const leftovers = [...this.adapter.liveOrders()];
    if (leftovers.length > 0) {
      this.logger.error(
        { count: leftovers.length, clOrdIds: leftovers.map((o) => o.clOrdId) },
        'orders still live at stop',
      );
    }
    return leftovers;
  }

  // --- wiring --------------------------------------------------------------------------------------------

  private wire(): void {
    this.adapter.on('order', (order) => this.onOrder(order));
    this.adapter.on('fill', (fill) => this.onFill(fill));
    this.adapter.on('throttle', (reject) => {
      this.observer.throttleReject?.();
      this.risk.onThrottleReject();
      this.logger.warn(
        { text: reject.text, budget: this.risk.messageBudget() },
        'TrueX throttle reject: message budget reduced',
      );
    });
    this.adapter.on('status-needed', (request) => this.queryStatus(request.clOrdId, request.orderId, request.reason));
    this.adapter.on('halt-request', (reason) => this.risk.kill(`order state anomaly: ${reason}`));
    this.adapter.on('reject', (order, text) => {
      this.observer.orderRejected?.(text);
      this.risk.onReject(text, { openOrders: this.adapter.liveOrderCount() });
      this.logger.warn(
        { clOrdId: order.clOrdId, side: order.side, price: order.price, text },
        'order rejected by TrueX',
      );
    });
    // A replace refused under one of the venue's price rules is a venue reject like a refused new order: the reject
    // storm counts it, so a replace refused on every tick halts instead of looping.
    this.adapter.on('cancel-reject', (_order, text) => {
      if (!PRICE_RULE_REJECT.test(text)) return;
      this.observer.orderRejected?.(text);
      this.risk.onReject(text, { openOrders: this.adapter.liveOrderCount() });
    });
    this.adapter.on('execution', (er, raw) => {
      this.records.flush();
      this.sink?.record({
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
      this.observer.tradingState?.('HALTED');
      this.emit('state', 'HALTED');
      this.requote();
    });
    this.risk.on('limit-learned', (limit, value) => {
      if (limit === 'maxOpenOrders') this.openOrderLimit = Math.min(this.config.risk.maxOpenOrders, value);
    });
    this.risk.on('state', (state: TradingState) => {
      if (!this.paused) this.observer.tradingState?.(state);
      this.emit('state', state);
    });
  }

  private onOrder(order: TrackedOrder): void {
    const now = this.clock.now();
    this.planDirty = true;
    if (order.state === 'New' && order.ackedAtMs !== undefined && order.ackedAtMs === order.updatedAtMs) {
      this.stats.acknowledged(order.ackedAtMs - order.createdAtMs);
      this.observer.orderAcknowledged?.(order.ackedAtMs - order.createdAtMs);
    }
    if (TERMINAL_STATES.has(order.state)) {
      this.expiries.delete(order.clOrdId);
      if (order.ackedAtMs !== undefined) this.stats.ended(order.clOrdId, now - order.ackedAtMs);
    }
    this.observer.openOrders?.(this.adapter.liveOrderCount());
    this.records.order(order, now, this.stats.placementFairValue(order.clOrdId));
  }

  private onFill(fill: Fill): void {
    this.observer.fill?.(fill.side);
    this.stats.filled(fill.clOrdId, fill.side, fill.quantity, fill.price, this.fairValueText);
    this.risk.applyFill({
      execId: fill.execId,
      side: fill.side,
      quantity: fill.quantity,
      price: fill.price,
      fee: fill.fee,
      fees: fill.fees,
    });
    const position = this.risk.ledger.snapshot(this.fairValueText);
    this.observer.position?.(Number(position.base), Number(position.realizedPnl), Number(position.unrealizedPnl));
    this.logger.info(
      { clOrdId: fill.clOrdId, side: fill.side, qty: fill.quantity, px: fill.price, position: position.base },
      'fill',
    );
    const now = this.clock.now();
    this.records.flush();
    this.sink?.record({ type: 'fill', runId: this.runId, ...fill, timeMs: now });
    this.sink?.record({ type: 'position', runId: this.runId, ...position, fairValue: this.fairValueText, timeMs: now });
    this.emit('fill', fill);
  }

  // --- the quoting loop ----------------------------------------------------------------------------------

  /** Asks the venue about an order and applies its answer (at most one query per order per second). */
  private queryStatus(clOrdId: string, orderId: string | undefined, reason: string): void {
    const source = this.venueStatus;
    if (!source) return;
    const now = this.clock.now();
    if ((this.statusQueries.get(clOrdId) ?? 0) > now) return;
    this.statusQueries.set(clOrdId, Number.POSITIVE_INFINITY);
    this.logger.info({ clOrdId, orderId, reason }, 'asking the venue for an order status');
    source.orderStatus({ clOrdId, orderId }).then(
      (status) => {
        this.statusQueries.set(clOrdId, this.clock.now() + STATUS_RETRY_MS);
        if (status === undefined) return;
        if (status === null) {
          this.adapter.forgetOrder(clOrdId, 'the venue has no such order');
        } else {
          const result = this.adapter.applyVenueStatus({ ...status, clOrdId }, 'rest');
          this.logger.info(
            { clOrdId, state: result?.state, filled: result?.fill?.quantity },
            'order status from the venue',
          );
        }
        this.planDirty = true;
      },
      (error: unknown) => {
        this.statusQueries.set(clOrdId, this.clock.now() + STATUS_RETRY_MS);
        this.logger.warn({ clOrdId, err: (error as Error).message }, 'order status query failed; will retry');
      },
    );
  }

  private scheduleLoop(): void {
    this.loopTimer = this.clock.setTimeout(() => {
      this.adapter.checkTimeouts();
      if (this.venueStatus) {
        for (const r of this.adapter.ordersNeedingStatus()) this.queryStatus(r.clOrdId, r.orderId, r.reason);
      }
      this.planDirty = true;
      this.requote();
      if (!this.stopping || this.adapter.liveOrderCount() > 0) this.scheduleLoop();
    }, this.config.loopIntervalMs);
  }

  /** Brings live orders towards the policy's ladder; returns the number of messages sent. */
  private requote(): number {
    if (!this.started) return 0;
    const now = this.clock.now();
    const block = this.quoteBlock(now);
    if (block !== undefined) {
      if (block !== this.lastQuoteBlock) this.logger.warn({ reason: block }, 'not quoting');
      this.lastQuoteBlock = block;
      // A hold (reconciliation in progress) sends nothing at all: the orders' states are being settled with the
      // venue. Every other block pulls the quotes.
      if (this.holds.size > 0 && !this.stopping && !this.paused && this.risk.state !== 'HALTED') return 0;
      return this.sessionState === 'active' ? this.cancelAll(block) : 0;
    }
    if (this.lastQuoteBlock !== undefined) {
      this.logger.info({ was: this.lastQuoteBlock }, 'quoting');
      this.policy.reanchor();
    }
    this.lastQuoteBlock = undefined;
    const t = this.tracer;
    t?.enter(TickStage.Plan);
    const fairValue = this.fairValueText!;
    this.planDirty = false;
    this.lastPlannedFairValue = this.fairValueNumber;
    // The adapter's own list: read before execute() below changes the adapter.
    const liveOrders = this.adapter.liveOrdersView();
    const vol = this.volatility.value();
    const budget = this.risk.messageBudgetInto(this.budgetFigures);
    const actions = this.policy.plan({
      fairValue,
      position: this.risk.ledger.basePosition(),
      volatilityBps: vol === undefined ? undefined : vol * 10_000,
      nowMs: now,
      live: this.policyOrders(liveOrders, now),
      // A limit the venue taught us (its "Open order limit exceeded") lowers ours: the ladder shrinks, outer levels
      // first, instead of hammering the venue into a reject storm.
      openOrderLimit: this.openOrderLimit,
      budget,
    });
    t?.leave();
    if (actions.length === 0) return 0;
    const book = this.workingBook(liveOrders);
    let sent = 0;
    for (let i = 0; i < actions.length; i++) if (this.execute(actions[i]!, fairValue, book, now)) sent++;
    return sent;
  }

  /**
   * The live orders as the policy reads them, in objects and an array reused from pass to pass (the policy copies
   * what it keeps).
   */
  private policyOrders(orders: readonly TrackedOrder[], now: number): QuotePolicyOrder[] {
    const out = this.policyOrderList;
    const pool = this.policyOrderPool;
    while (pool.length < orders.length) pool.push(new PolicyOrderView());
    out.length = orders.length;
    for (let i = 0; i < orders.length; i++) {
      const o = orders[i]!;
      const v = pool[i]!;
      v.clOrdId = o.clOrdId;
      v.side = o.side;
      v.price = o.price;
      v.pending = PENDING_STATES.has(o.state);
      v.expiresAtMs = this.expiries.get(o.clOrdId) ?? now;
      out[i] = v;
    }
    return out;
  }

  /** Why quoting must not happen now, or undefined when it may. */
  private quoteBlock(now: number): string | undefined {
    if (this.stopping) return 'stopping';
    if (this.paused) return 'paused by operator';
    if (this.risk.state === 'HALTED') return 'trading halted';
    if (this.holds.size > 0) return [...this.holds].join('; ');
    if (this.sessionState !== 'active') return `FIX session ${this.sessionState}`;
    if (this.referenceState !== 'live') return `reference feed ${this.referenceState}`;
    if (!this.referenceLive) return 'reference feed silent beyond its heartbeat';
    if (!this.venueResponsive) return 'venue unresponsive';
    if (this.gapOpen) return 'inbound sequence gap open: cancels only';
    const age = this.fairValue.ageMs(now);
    if (this.fairValueNumber === undefined || age === undefined) return 'no fair value yet';
    if (age > this.config.risk.maxReferenceAgeMs) return `fair value ${age} ms old`;
    return undefined;
  }

  /**
   * A live order by ClOrdID (the adapter's own index: no map of the pass to build). An order replaced during this
   * pass is PendingReplace by now, so the pending test that follows skips it, as it skips any in-flight order.
   */
  private liveOrder(clOrdId: string): TrackedOrder | undefined {
    const order = this.adapter.order(clOrdId);
    return order === undefined || TERMINAL_STATES.has(order.state) ? undefined : order;
  }

  /** The working book of this pass: counts and quantities, in an object reused from pass to pass. */
  private workingBook(orders: readonly TrackedOrder[]): WorkingBook {
    const book = this.book;
    book.count = orders.length;
    book.buyUnits = 0;
    book.sellUnits = 0;
    book.referenceCrossed = this.lastTop ? Number(this.lastTop.bidPrice) >= Number(this.lastTop.askPrice) : undefined;
    for (let i = 0; i < orders.length; i++) {
      const o = orders[i]!;
      if (o.side === 'buy') book.buyUnits += remainingUnits(o);
      else book.sellUnits += remainingUnits(o);
    }
    return book;
  }

  /** The risk context of one check, in an object reused from check to check (the gate keeps none of it). */
  private riskContext(book: WorkingBook, exclude?: TrackedOrder): RiskContext {
    const excludedUnits = exclude ? remainingUnits(exclude) : 0;
    const ctx = this.context;
    ctx.fairValue = this.fairValueText;
    ctx.referenceAgeMs = this.fairValue.ageMs(this.clock.now());
    ctx.referenceCrossed = book.referenceCrossed;
    ctx.openOrders = book.count;
    ctx.workingBuyQty = this.buyQty.text(book.buyUnits - (exclude?.side === 'buy' ? excludedUnits : 0));
    ctx.workingSellQty = this.sellQty.text(book.sellUnits - (exclude?.side === 'sell' ? excludedUnits : 0));
    return ctx;
  }

  private execute(action: QuoteAction, fairValue: string, book: WorkingBook, now: number): boolean {
    if (action.kind === 'cancel') {
      const order = this.liveOrder(action.clOrdId!);
      if (!order || PENDING_STATES.has(order.state)) return false;
      return this.sendCancel(order, book, action.reason, fairValue, now);
    }
    const replaced = action.kind === 'replace' ? this.liveOrder(action.clOrdId!) : undefined;
    if (action.kind === 'replace' && (!replaced || PENDING_STATES.has(replaced.state))) return false;
    const t = this.tracer;
    t?.enter(TickStage.Risk);
    const price = action.price!;
    const quantity = action.quantity!;
    const request = this.riskRequest;
    request.side = action.side;
    request.price = price;
    request.quantity = quantity;
    request.kind = action.kind;
    const decision = this.risk.check(request, this.riskContext(book, replaced));
    t?.leave();
    if (!decision.allowed) {
      this.observer.riskDenied?.(decision.reason);
      if (this.logger.isLevelEnabled('debug')) {
        this.logger.debug(
          { action: action.kind, side: action.side, price, reason: decision.reason, detail: decision.detail },
          'risk denied',
        );
      }
      return false;
    }
    t?.enter(TickStage.Adapter);
    let order: TrackedOrder | undefined;
    if (action.kind === 'new') {
      const placement = this.placement;
      placement.key = orderKey(action.side, action.level ?? 0);
      placement.side = action.side;
      placement.price = price;
      placement.quantity = quantity;
      order = this.adapter.placeOrder(placement);
    } else {
      const change = this.change;
      change.price = price;
      change.quantity = quantity;
      order = this.adapter.replaceOrder(replaced!.clOrdId, change);
    }
    t?.leave();
    if (!order) return false;
    t?.enter(TickStage.Bookkeeping);
    const addedUnits = cachedUnits(quantity) - (replaced ? remainingUnits(replaced) : 0);
    if (action.side === 'buy') book.buyUnits += addedUnits;
    else book.sellUnits += addedUnits;
    if (!replaced) book.count++;
    const lifetimeMs = action.lifetimeMs ?? this.config.policy.maxLifetimeMs;
    this.expiries.set(order.clOrdId, now + lifetimeMs);
    this.policy.recordSent(action, now);
    this.stats.placed(order.clOrdId, action.side, price, fairValue);
    if (this.listenerCount('action') > 0) {
      this.emit('action', {
        kind: action.kind,
        clOrdId: order.clOrdId,
        targetClOrdId: replaced?.clOrdId,
        side: action.side,
        price,
        quantity,
        level: action.level,
        fairValue,
        replacedAgeMs: replaced ? now - replaced.createdAtMs : undefined,
        lifetimeMs,
        reason: action.reason,
        timeMs: now,
      });
    }
    this.records.sent(
      action.kind,
      order.clOrdId,
      replaced?.clOrdId,
      action.side,
      price,
      quantity,
      action.level,
      fairValue,
      action.reason,
      now,
    );
    t?.leave();
    return true;
  }

  private sendCancel(
    order: TrackedOrder,
    book: WorkingBook,
    reason: string,
    fairValue: string | undefined,
    now: number,
  ): boolean {
    const t = this.tracer;
    t?.enter(TickStage.Risk);
    // Always allowed by risk; the check charges the budget (cancels may borrow against it).
    const request = this.riskRequest;
    request.side = order.side;
    request.price = order.price;
    request.quantity = order.quantity;
    request.kind = 'cancel';
    this.risk.check(request, this.riskContext(book));
    t?.leave();
    t?.enter(TickStage.Adapter);
    const cancelled = this.adapter.cancelOrder(order.clOrdId);
    t?.leave();
    if (!cancelled) return false;
    t?.enter(TickStage.Bookkeeping);
    this.policy.recordSent({ reason: reasonOf(reason) }, now);
    if (this.listenerCount('action') > 0) {
      this.emit('action', {
        kind: 'cancel',
        clOrdId: order.clOrdId,
        targetClOrdId: order.clOrdId,
        side: order.side,
        price: order.price,
        quantity: order.quantity,
        fairValue,
        reason,
        timeMs: now,
      });
    }
    this.records.cancel(order.clOrdId, order.side, order.price, reason, now);
    t?.leave();
    return true;
  }

  /**
   * Cancels live orders, paced: as many as the message budget allows now plus `safetyBurst` borrowed (cancels keep
   * priority, but a burst beyond the venue's throttle would only be rejected). Pending orders are cancelled on a
   * later pass, once settled. Returns the number sent.
   */
  cancelAll(reason: string): number {
    const now = this.clock.now();
    const live = this.adapter.liveOrders();
    const book = this.workingBook(live);
    const floor = -this.config.policy.safetyBurst;
    let sent = 0;
    for (const order of live) {
      if (PENDING_STATES.has(order.state)) continue;
      if (this.risk.availableMessages() - 1 < floor) break;
      if (this.sendCancel(order, book, reason, this.fairValueText, now)) sent++;
    }
    if (sent > 0) this.logger.info({ count: sent, reason }, 'cancel all');
    return sent;
  }

  /** Figures for /status: what the engine believes, with the policy's shape, anchors and pacing. */
  status(): EngineStatus {
    const now = this.clock.now();
    const live = this.adapter.liveOrders();
    const position = this.risk.ledger.snapshot(this.fairValueText);
    const ages = live.filter((o) => o.ackedAtMs !== undefined).map((o) => now - o.ackedAtMs!);
    return {
      runId: this.runId,
      symbol: this.config.symbol,
      fairPrice: this.fairValueText ?? null,
      fairValueAgeMs: this.fairValue.ageMs(now) ?? null,
      volatilityBps: (() => {
        const v = this.volatility.value();
        return v === undefined ? null : Math.round(v * 10_000 * 1000) / 1000;
      })(),
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
      venue: { responsive: this.venueResponsive, sequenceGapOpen: this.gapOpen },
      refreshAgeMs:
        ages.length === 0
          ? null
          : { max: Math.max(...ages), mean: Math.round(ages.reduce((a, b) => a + b, 0) / ages.length) },
      messageBudget: this.risk.messageBudget(),
      learnedVenueLimits: this.risk.learnedLimits(),
      policy: this.policy.status(),
      risk: this.risk.counters(),
      adapter: this.adapter.counters(),
      ...this.stats.snapshot(),
    };
  }
}

export interface EngineStatus {
  runId: string;
  symbol: string;
  fairPrice: string | null;
  fairValueAgeMs: number | null;
  volatilityBps: number | null;
  reference: { bid: string; ask: string } | null;
  openOrders: number;
  activeOrders: number;
  pendingOrders: number;
  bids: number;
  asks: number;
  position: string;
  quoteBalance: string;
  averageEntryPrice: string | null;
  realizedPnl: string;
  unrealizedPnl: string;
  fees: string;
  tradingState: string;
  quoting: true | { blocked: string };
  venue: { responsive: boolean; sequenceGapOpen: boolean };
  refreshAgeMs: { max: number; mean: number } | null;
  messageBudget: { ratePerSec: number; available: number; maxRatePerSec: number };
  learnedVenueLimits: ReturnType<RiskGate['learnedLimits']>;
  policy: QuotePolicyStatus;
  risk: ReturnType<RiskGate['counters']>;
  adapter: ReturnType<OrderAdapter['counters']>;
  ordersAcknowledged: number;
  ordersFilled: number;
  fillRate: number | null;
  spreadCapture: number | null;
  ackLatencyMs: { p50: number; p99: number; max: number } | null;
  orderLifetimeMs: { p50: number; p99: number; min: number; max: number } | null;
}

const POLICY_REASONS: ReadonlySet<string> = new Set(['safety', 'refill', 'rebalance', 'excess', 'refresh']);

/** A cancel's reason as the policy's message-usage category (operator and shutdown cancels count as excess). */
function reasonOf(reason: string): 'safety' | 'refill' | 'rebalance' | 'excess' | 'refresh' {
  return POLICY_REASONS.has(reason) ? (reason as 'safety') : 'excess';
}
