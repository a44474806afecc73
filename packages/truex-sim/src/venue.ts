import { Decimal } from 'decimal.js';
import pino, { type Logger } from 'pino';
import { SeededRandom, systemClock, type Clock, type TimerHandle } from '@truex-mm/clock';
import type { FixBody, FixMessage } from '@truex-mm/fix-codec';
import { FaultPlan } from './fault-plan';
import { DEFAULT_INSTRUMENT_INCREMENTS, incrementsForPrice, type InstrumentIncrements } from './increments';
import {
  cancelRejectBody,
  earlyRejectBody,
  orderReportBody,
  type EchoedOrderFields,
  type FillDetails,
} from './execution-report-layout';
import { ClientSettingsStore } from './client-settings';
import { OrderBook } from './order-book';
import {
  RejectText,
  authorisedClientId,
  checkIncrements,
  isMarketable,
  isOutsidePriceBand,
  isValidClOrdId,
  parsePositiveDecimal,
} from './order-entry-rules';
import type { ReferencePriceSource } from './reference-price-source';
import { SerialScheduler } from './serial-scheduler';
import type { VenueOrder, VenueSide } from './venue-order';
import { VenueIds, VenueTimestamps } from './venue-timestamps';
import { OrderRecords, type OrderLookup, type OrderRecordView } from './rest/order-records';

/** A FIX session as the venue sees it: where reports go and which client ids its API key may use. */
export interface VenueRoute {
  readonly key: string;
  readonly allowedClientIds: ReadonlySet<string>;
}

export interface VenueOptions {
  symbol?: string;
  /** Increments per symbol, merged over the defaults (BTC-PYUSD 0.5 / 0.0001 / 1). Other symbols use the buckets. */
  increments?: Record<string, InstrumentIncrements>;
  openOrderLimit?: number;
  priceBandPct?: number;
  referencePrice?: ReferencePriceSource;
  /** Chance that a resting order the reference price moved through is filled on that move (default 1). */
  fillProbability?: number;
  /** Chance that such a fill is partial (default 0). */
  partialFillProbability?: number;
  ackLatencyMs?: number;
  fillLatencyMs?: number;
  makerFeeBps?: number;
  takerFeeBps?: number;
  seed?: number;
  clock?: Clock;
  logger?: Logger;
  faults?: FaultPlan;
  /**
   * Initial cancel-on-disconnect setting of every client id (default false, a guess); changed per client with
   * `clientSettings.update` (REST PATCH /client). See {@link TrueXVenue.cancelOnDisconnect}.
   */
  cancelOnDisconnect?: boolean;
  /** Terminal orders remembered for status queries (REST), oldest forgotten first (default 20 000). */
  terminalOrderRetention?: number;
  /** Hands an outbound application message to the session registered under `routeKey`. */
  deliver: (routeKey: string, msgType: string, body: FixBody) => void;
}

export interface OpenOrderView {
  orderId: string;
  clOrdId: string;
  clientId: string;
  symbol: string;
  side: VenueSide;
  price: string;
  orderQty: string;
  cumQty: string;
  leavesQty: string;
}

export interface FillView {
  execId: string;
  orderId: string;
  clOrdId: string;
  clientId: string;
  side: VenueSide;
  lastQty: string;
  lastPx: string;
  fee: string;
  lastLiquidityInd: '1' | '2';
  trdMatchId: string;
  timeMs: number;
}

export interface VenueCounters {
  ordersAccepted: number;
  ordersRejected: number;
  cancels: number;
  replaces: number;
  cancelRejects: number;
  fills: number;
  iocExpired: number;
}

/**
 * The matching side of the simulated venue: order-entry rules, the price-time book, and simulated takers that
 * fill resting orders when the reference price moves through them. I/O-free: FIX messages in (already past the
 * session layer), report bodies out through `deliver`, time from the injected clock.
 */
export class TrueXVenue {
  readonly symbol: string;
  /** Per-client settings (cancel on disconnect, self-trade prevention) shown and changed over REST. */
  readonly clientSettings: ClientSettingsStore;
  private readonly book = new OrderBook();
  private readonly incrementOverrides: Record<string, InstrumentIncrements>;
  private openOrderLimit: number;
  private readonly priceBandPct: number;
  private readonly referencePrice: ReferencePriceSource | undefined;
  private readonly fillProbability: number;
  private readonly partialFillProbability: number;
  private readonly ackLatencyMs: number;
  private readonly fillLatencyMs: number;
  private readonly makerFeeBps: Decimal;
  private readonly takerFeeBps: Decimal;
  private readonly random: SeededRandom;
  private readonly clock: Clock;
  private readonly logger: Logger;
  private readonly faults: FaultPlan;
  private readonly deliver: VenueOptions['deliver'];
  private readonly ids: VenueIds;
  private readonly timestamps: VenueTimestamps;
  private readonly scheduler: SerialScheduler;
  private readonly fillTimers = new Set<TimerHandle>();
  private readonly fillLog: FillView[] = [];
  private readonly orderRecords: OrderRecords;
  private readonly orderListeners = new Set<(view: OrderRecordView) => void>();
  private nextPriority = 0;
  private unsubscribe: (() => void) | undefined;
  private readonly stats: VenueCounters = {
    ordersAccepted: 0,
    ordersRejected: 0,
    cancels: 0,
    replaces: 0,
    cancelRejects: 0,
    fills: 0,
    iocExpired: 0,
  };

  constructor(options: VenueOptions) {
    this.symbol = options.symbol ?? 'BTC-PYUSD';
    this.incrementOverrides = { ...DEFAULT_INSTRUMENT_INCREMENTS, ...options.increments };
    this.openOrderLimit = options.openOrderLimit ?? 50;
    this.priceBandPct = options.priceBandPct ?? 2.5;
    this.referencePrice = options.referencePrice;
    this.fillProbability = options.fillProbability ?? 1;
    this.partialFillProbability = options.partialFillProbability ?? 0;
    this.ackLatencyMs = options.ackLatencyMs ?? 0;
    this.fillLatencyMs = options.fillLatencyMs ?? 0;
    this.makerFeeBps = new Decimal(options.makerFeeBps ?? 0);
    this.takerFeeBps = new Decimal(options.takerFeeBps ?? 0);
    this.random = new SeededRandom(options.seed ?? 1);
    this.clock = options.clock ?? systemClock;
    this.logger = options.logger ?? pino({ level: 'silent' });
    this.faults = options.faults ?? new FaultPlan();
    this.deliver = options.deliver;
    this.ids = new VenueIds(this.clock.now());
    this.timestamps = new VenueTimestamps(this.clock);
    this.scheduler = new SerialScheduler(this.clock);
    this.orderRecords = new OrderRecords(options.terminalOrderRetention);
    this.clientSettings = new ClientSettingsStore({ cancelOnDisconnect: options.cancelOnDisconnect });
  }

  /** Starts listening to the reference price (simulated takers). */
  start(): void {
    if (this.unsubscribe || !this.referencePrice) return;
    this.unsubscribe = this.referencePrice.onChange((price) => this.onReferencePrice(price));
  }

  stop(): void {
    this.unsubscribe?.();
    this.unsubscribe = undefined;
    this.scheduler.clear();
    for (const t of this.fillTimers) this.clock.clearTimeout(t);
    this.fillTimers.clear();
  }

  setOpenOrderLimit(n: number): void {
    if (!Number.isInteger(n) || n < 0) throw new RangeError(`open order limit must be a non-negative integer: ${n}`);
    this.openOrderLimit = n;
  }

  counters(): VenueCounters {
    return { ...this.stats };
  }

  openOrders(clientId?: string): OpenOrderView[] {
    return this.book
      .orders()
      .filter((o) => clientId === undefined || o.clientId === clientId)
      .map((o) => ({
        orderId: o.orderId,
        clOrdId: o.clOrdId,
        clientId: o.clientId,
        symbol: o.symbol,
        side: o.side,
        price: o.price.toFixed(),
        orderQty: o.orderQty.toFixed(),
        cumQty: o.cumQty.toFixed(),
        leavesQty: o.leavesQty.toFixed(),
      }));
  }

  fills(): ReadonlyArray<FillView> {
    return this.fillLog;
  }

  /** Every order that got an OrderID (terminal ones until retention drops them), as last reported. */
  orderRecordViews(clientIds?: ReadonlySet<string>): OrderRecordView[] {
    const out: OrderRecordView[] = [];
    for (const record of this.orderRecords.all()) {
      if (!clientIds || clientIds.has(record.order.clientId)) out.push(OrderRecords.view(record));
    }
    return out;
  }

  /** One order by ClOrdID (any it had) or OrderID, limited to `clientIds`; terminal orders included. */
  findOrderRecord(
    clientIds: ReadonlySet<string> | undefined,
    ref: string,
    lookup: OrderLookup,
  ): OrderRecordView | undefined {
    const record = this.orderRecords.find(clientIds, ref, lookup);
    return record ? OrderRecords.view(record) : undefined;
  }

  /** Called with the new state after every execution report about an accepted order. Returns unsubscribe. */
  onOrderUpdate(listener: (view: OrderRecordView) => void): () => void {
    this.orderListeners.add(listener);
    return () => this.orderListeners.delete(listener);
  }

  /**
   * A cancel that did not come over FIX (REST `DELETE /orders/{ref}`): the order leaves the book at once and its
   * FIX session gets an unsolicited `150=4 39=4` (11 and 41 = the live ClOrdID, as for an IOC expiry). TrueX's
   * exact report for a REST cancel is not captured.
   */
  cancelOrderRecord(
    clientIds: ReadonlySet<string> | undefined,
    ref: string,
    lookup: OrderLookup,
  ): { outcome: 'canceled' | 'not-found' | 'not-active'; order?: OrderRecordView } {
    const record = this.orderRecords.find(clientIds, ref, lookup);
    if (!record) return { outcome: 'not-found' };
    const order = record.order;
    if (this.book.byId(order.orderId) !== order) return { outcome: 'not-active', order: OrderRecords.view(record) };
    this.book.remove(order);
    order.leavesQty = new Decimal(0);
    this.stats.cancels++;
    this.logger.info({ orderId: order.orderId, clOrdId: order.clOrdId }, 'order cancelled over REST');
    this.report(order, {
      execType: '4',
      ordStatus: '4',
      origClOrdId: order.clOrdId,
      leavesQty: '0',
      cumQty: order.cumQty.toFixed(),
    });
    return { outcome: 'canceled', order: OrderRecords.view(record) };
  }

  /**
   * Venue-truth fault: fills up to `n` of the client's resting orders now, in full, at their own price (maker,
   * `851=1`), in the book's order (bids best first, then asks). Each `150=F` goes to the order's FIX session like any
   * fill: written if it is logged on, otherwise stored for a resend (a continuing logon gets it, a 141=Y logon loses
   * it, and the client must find it over REST). Returns the fills.
   */
  fillRestingOrders(clientId: string, n: number): FillView[] {
    const chosen = this.book
      .orders()
      .filter((o) => o.clientId === clientId)
      .slice(0, Math.max(0, Math.floor(n)));
    const before = this.fillLog.length;
    for (const order of chosen) this.fill(order, order.leavesQty, order.price, '1');
    this.logger.info({ clientId, asked: n, filled: chosen.length }, 'fault: resting orders filled');
    return this.fillLog.slice(before);
  }

  /**
   * Cancel on disconnect (README §3.9): the FIX session `routeKey` ended, so every resting order entered over it whose
   * client has `cancelOnDisconnect` on is cancelled at once with an unsolicited `150=4 39=4 58=Cancel on disconnect`
   * (stored for a resend, since the session is gone). Which orders, when, and the report are guesses. Returns the
   * number cancelled.
   */
  cancelOnDisconnect(routeKey: string): number {
    const doomed = this.book
      .orders()
      .filter((o) => o.route === routeKey && this.clientSettings.get(o.clientId).cancelOnDisconnect);
    for (const order of doomed) {
      this.book.remove(order);
      order.leavesQty = new Decimal(0);
      this.stats.cancels++;
      this.report(order, {
        execType: '4',
        ordStatus: '4',
        origClOrdId: order.clOrdId,
        leavesQty: '0',
        cumQty: order.cumQty.toFixed(),
        text: RejectText.cancelOnDisconnect,
      });
    }
    if (doomed.length > 0) this.logger.info({ session: routeKey, cancelled: doomed.length }, 'cancel on disconnect');
    return doomed.length;
  }

  /** Takes a 35=D/F/G that passed the session layer; the reply follows after the ack latency. */
  onApplicationMessage(route: VenueRoute, msg: FixMessage): void {
    const delay = this.ackLatencyMs + this.faults.extraAckDelayMs;
    this.scheduler.enqueue(route.key, delay, () => {
      switch (msg.msgType) {
        case 'D':
          this.newOrder(route, msg);
          break;
        case 'F':
          this.cancelOrder(route, msg);
          break;
        case 'G':
          this.replaceOrder(route, msg);
          break;
        default:
          this.logger.warn({ msgType: msg.msgType }, 'venue ignored a message type it does not handle');
      }
    });
  }

  private newOrder(route: VenueRoute, msg: FixMessage): void {
    const parties = readParties(msg);
    const echo: EchoedOrderFields = {
      clOrdId: msg.get(11),
      orderQty: msg.get(38),
      ordType: msg.get(40),
      price: msg.get(44),
      side: msg.get(54),
      symbol: msg.get(55),
      timeInForce: msg.get(59),
      parties,
    };
    const reject = (text: string): void => {
      this.stats.ordersRejected++;
      this.logger.info({ clOrdId: echo.clOrdId, text }, 'order rejected before acceptance');
      this.deliver(route.key, '8', earlyRejectBody(echo, this.ids.take(), text, this.timestamps.next()));
    };
    // Check order matches the captures: ClOrdID before client (an id-less order on BTC-USD got "Invalid ClOrdID").
    if (!isValidClOrdId(echo.clOrdId)) return reject(RejectText.invalidClOrdId);
    const clientId = authorisedClientId(parties, route.allowedClientIds);
    if (clientId === undefined) return reject(RejectText.invalidClient);
    const faultText = this.faults.takeReject();
    if (faultText !== undefined) return reject(faultText);
    if (echo.symbol !== this.symbol) return reject(RejectText.invalidSymbol);
    if (echo.side !== '1' && echo.side !== '2') return reject(RejectText.invalidSide);
    if (echo.ordType !== '1' && echo.ordType !== '2') return reject(RejectText.invalidOrdType);
    const tif = echo.timeInForce ?? '1';
    if (tif !== '1' && tif !== '3') return reject(RejectText.invalidTimeInForce);
    const qty = parsePositiveDecimal(echo.orderQty);
    if (!qty) return reject(RejectText.invalidQuantity);
    const limitPrice = echo.ordType === '2' ? parsePositiveDecimal(echo.price) : undefined;
    if (echo.ordType === '2' && !limitPrice) return reject(RejectText.invalidPrice);
    const reference = this.reference();
    const notionalPrice = limitPrice ?? reference;
    const increments = this.incrementsFor(notionalPrice);
    const incrementProblem = checkIncrements(qty, limitPrice, notionalPrice, increments);
    if (incrementProblem) return reject(incrementProblem);
    if (this.book.byClientClOrdId(clientId, echo.clOrdId)) return reject(RejectText.duplicateClOrdId);
    if (this.book.countFor(clientId) >= this.openOrderLimit) return reject(RejectText.openOrderLimit);

    const orderId = this.ids.take();
    const order: VenueOrder = {
      orderId,
      clOrdId: echo.clOrdId,
      clientId,
      route: route.key,
      symbol: this.symbol,
      side: echo.side,
      ordType: echo.ordType,
      timeInForce: tif,
      execInst: msg.get(18),
      price: limitPrice ?? new Decimal(0),
      orderQty: qty,
      cumQty: new Decimal(0),
      leavesQty: qty,
      filledNotional: new Decimal(0),
      priority: this.nextPriority++,
      fillInFlight: false,
    };
    // PendingNew: ExecID == OrderID, LeavesQty 0 (as captured).
    this.report(order, { execId: orderId, execType: 'A', ordStatus: 'A', leavesQty: '0', cumQty: '0' });

    const rejectAccepted = (text: string): void => {
      this.stats.ordersRejected++;
      this.logger.info({ clOrdId: order.clOrdId, orderId, text }, 'order rejected after PendingNew');
      this.report(order, { execType: '8', ordStatus: '8', leavesQty: '0', cumQty: '0', text });
    };
    if (limitPrice && reference && isOutsidePriceBand(limitPrice, reference, this.priceBandPct)) {
      return rejectAccepted(RejectText.outsidePriceBands);
    }
    const postOnly = order.execInst?.split(' ').includes('6') ?? false;
    if (postOnly && limitPrice && this.wouldTake(order.side, limitPrice, reference)) {
      return rejectAccepted(RejectText.postOnlyWouldCross);
    }

    this.stats.ordersAccepted++;
    this.report(order, { execType: '0', ordStatus: '0', leavesQty: qty.toFixed(), cumQty: '0' });

    const takeAt = reference && (echo.ordType === '1' || isMarketable(order.side, order.price, reference));
    if (takeAt && reference) this.fill(order, order.leavesQty, this.takerPrice(order.side, reference), '2');
    if (order.leavesQty.isZero()) return;
    if (tif === '3' || echo.ordType === '1') {
      this.stats.iocExpired++;
      order.leavesQty = new Decimal(0);
      this.report(order, {
        execType: '4',
        ordStatus: '4',
        origClOrdId: order.clOrdId,
        leavesQty: '0',
        cumQty: order.cumQty.toFixed(),
        text: RejectText.iocExpired,
      });
      return;
    }
    this.book.add(order);
  }

  /**
   * The checks a cancel (35=F) and a cancel/replace (35=G) share: ClOrdID rule, Parties, the order to amend. On
   * failure the 35=9 is already sent and undefined returned; `refuse` sends further rejects for the same request.
   */
  private orderToAmend(
    route: VenueRoute,
    msg: FixMessage,
    cxlRejResponseTo: '1' | '2',
  ):
    | {
        order: VenueOrder;
        clOrdId: string;
        origClOrdId: string;
        clientId: string;
        refuse: (text: string, reason: string, order?: VenueOrder) => void;
      }
    | undefined {
    const clOrdId = msg.get(11) ?? '';
    const origClOrdId = msg.get(41);
    const refuse = (text: string, reason: string, order?: VenueOrder): void => {
      this.stats.cancelRejects++;
      this.deliver(
        route.key,
        '9',
        cancelRejectBody({
          orderId: order?.orderId ?? 'NONE',
          clOrdId,
          origClOrdId,
          ordStatus: order ? statusOf(order) : undefined,
          cxlRejResponseTo,
          cxlRejReason: reason,
          text,
        }),
      );
    };
    if (!isValidClOrdId(clOrdId)) return void refuse(RejectText.invalidClOrdId, '99');
    const clientId = authorisedClientId(readParties(msg), route.allowedClientIds);
    if (clientId === undefined) return void refuse(RejectText.invalidClient, '99');
    const order = origClOrdId === undefined ? undefined : this.book.byClientClOrdId(clientId, origClOrdId);
    if (!order || origClOrdId === undefined) return void refuse(RejectText.unknownOrder, '1');
    return { order, clOrdId, origClOrdId, clientId, refuse };
  }

  private cancelOrder(route: VenueRoute, msg: FixMessage): void {
    const request = this.orderToAmend(route, msg, '1');
    if (!request) return;
    const { order, clOrdId, origClOrdId } = request;
    this.book.remove(order);
    order.leavesQty = new Decimal(0);
    this.stats.cancels++;
    this.report(order, {
      execType: '4',
      ordStatus: '4',
      clOrdId,
      origClOrdId,
      leavesQty: '0',
      cumQty: order.cumQty.toFixed(),
    });
  }

  private replaceOrder(route: VenueRoute, msg: FixMessage): void {
    const request = this.orderToAmend(route, msg, '2');
    if (!request) return;
    const { order, clOrdId, origClOrdId, clientId, refuse } = request;
    if (clOrdId !== origClOrdId && this.book.byClientClOrdId(clientId, clOrdId)) {
      return refuse(RejectText.duplicateClOrdId, '6', order);
    }
    if (msg.get(40) !== '2') return refuse(RejectText.invalidOrdType, '99', order);
    const qty = parsePositiveDecimal(msg.get(38));
    if (!qty || qty.lte(order.cumQty)) return refuse(RejectText.invalidQuantity, '99', order);
    const price = parsePositiveDecimal(msg.get(44)) ?? order.price;
    const incrementProblem = checkIncrements(qty, price, price, this.incrementsFor(price));
    if (incrementProblem) {
      return refuse(incrementProblem, incrementProblem === RejectText.invalidPriceIncrement ? '18' : '99', order);
    }
    const reference = this.reference();
    if (reference && isOutsidePriceBand(price, reference, this.priceBandPct)) {
      return refuse(RejectText.outsidePriceBands, '8', order);
    }
    const postOnly = order.execInst?.split(' ').includes('6') ?? false;
    if (postOnly && this.wouldTake(order.side, price, reference, order)) {
      return refuse(RejectText.postOnlyWouldCross, '99', order);
    }

    // Queue priority survives only a pure size reduction, as on most venues (TrueX's rule is unknown).
    const keepsPriority = price.eq(order.price) && qty.lte(order.orderQty);
    const previousClOrdId = order.clOrdId;
    order.clOrdId = clOrdId;
    order.price = price;
    order.orderQty = qty;
    order.leavesQty = qty.minus(order.cumQty);
    if (!keepsPriority) order.priority = this.nextPriority++;
    this.book.update(order, previousClOrdId);
    this.stats.replaces++;
    this.report(order, {
      execType: '5',
      ordStatus: order.cumQty.isZero() ? '0' : '1',
      origClOrdId,
      leavesQty: order.leavesQty.toFixed(),
      cumQty: order.cumQty.toFixed(),
    });
  }

  /** Simulated takers: every resting order the new price reached may be hit (fill probability), best first. */
  private onReferencePrice(text: string): void {
    const price = new Decimal(text);
    const reached = [...this.book.bidsAtOrAbove(price), ...this.book.asksAtOrBelow(price)];
    for (const order of reached) {
      if (order.fillInFlight || this.random.next() >= this.fillProbability) continue;
      const qty = this.takerQuantity(order);
      if (this.fillLatencyMs <= 0) {
        this.fill(order, qty, order.price, '1');
        continue;
      }
      order.fillInFlight = true;
      const timer = this.clock.setTimeout(() => {
        this.fillTimers.delete(timer);
        order.fillInFlight = false;
        // The order may have been cancelled, replaced smaller or filled while the taker was on its way.
        if (this.book.byId(order.orderId) !== order) return;
        this.fill(order, Decimal.min(qty, order.leavesQty), order.price, '1');
      }, this.fillLatencyMs);
      this.fillTimers.add(timer);
    }
  }

  private takerQuantity(order: VenueOrder): Decimal {
    const lot = new Decimal(this.incrementsFor(order.price).lotSize);
    const lots = order.leavesQty.div(lot).floor();
    if (lots.lte(1) || this.random.next() >= this.partialFillProbability) return order.leavesQty;
    const take = this.random.int(1, Math.min(lots.toNumber() - 1, Number.MAX_SAFE_INTEGER));
    return lot.mul(take);
  }

  private fill(order: VenueOrder, qty: Decimal, price: Decimal, liquidity: '1' | '2'): void {
    if (qty.lte(0)) return;
    order.cumQty = order.cumQty.plus(qty);
    order.leavesQty = order.leavesQty.minus(qty);
    order.filledNotional = order.filledNotional.plus(qty.mul(price));
    const feeBps = liquidity === '1' ? this.makerFeeBps : this.takerFeeBps;
    const fee = qty.mul(price).mul(feeBps).div(10_000).toDecimalPlaces(8, Decimal.ROUND_HALF_UP);
    const details: FillDetails = {
      lastQty: qty.toFixed(),
      lastPx: price.toFixed(),
      avgPx: order.filledNotional.div(order.cumQty).toDecimalPlaces(8, Decimal.ROUND_HALF_UP).toFixed(),
      trdMatchId: this.ids.take(),
      fee: fee.toFixed(),
      lastLiquidityInd: liquidity,
    };
    const execId = this.ids.take();
    if (order.leavesQty.isZero()) this.book.remove(order);
    this.stats.fills++;
    this.fillLog.push({
      execId,
      orderId: order.orderId,
      clOrdId: order.clOrdId,
      clientId: order.clientId,
      side: order.side,
      lastQty: details.lastQty,
      lastPx: details.lastPx,
      fee: details.fee,
      lastLiquidityInd: liquidity,
      trdMatchId: details.trdMatchId,
      timeMs: this.clock.now(),
    });
    this.report(order, {
      execId,
      execType: 'F',
      ordStatus: order.leavesQty.isZero() ? '2' : '1',
      leavesQty: order.leavesQty.toFixed(),
      cumQty: order.cumQty.toFixed(),
      fill: details,
    });
  }

  /** A post-only order takes if it reaches the reference price or the best opposite resting order. */
  private wouldTake(side: VenueSide, price: Decimal, reference: Decimal | undefined, self?: VenueOrder): boolean {
    if (reference && isMarketable(side, price, reference)) return true;
    const opposite = side === '1' ? this.book.bestAsk() : this.book.bestBid();
    return opposite !== undefined && opposite !== self && isMarketable(side, price, opposite.price);
  }

  /** An aggressive order fills at the reference price, rounded to the tick in the venue's favour. */
  private takerPrice(side: VenueSide, reference: Decimal): Decimal {
    const tick = new Decimal(this.incrementsFor(reference).tickSize);
    const ticks = reference.div(tick);
    return (side === '1' ? ticks.ceil() : ticks.floor()).mul(tick);
  }

  private reference(): Decimal | undefined {
    const text = this.referencePrice?.current();
    return text === undefined ? undefined : new Decimal(text);
  }

  private incrementsFor(price: Decimal | undefined): InstrumentIncrements {
    return this.incrementOverrides[this.symbol] ?? incrementsForPrice(price ?? new Decimal(0));
  }

  private report(
    order: VenueOrder,
    r: Omit<Parameters<typeof orderReportBody>[1], 'execId' | 'transactTime'> & { execId?: string },
  ): void {
    const body = orderReportBody(order, {
      ...r,
      execId: r.execId ?? this.ids.take(),
      transactTime: this.timestamps.next(),
    });
    const record = this.orderRecords.update(order, r.ordStatus, r.text, this.clock.now());
    if (this.orderListeners.size > 0) {
      const view = OrderRecords.view(record);
      for (const listener of this.orderListeners) listener(view);
    }
    this.deliver(order.route, '8', body);
  }
}

function readParties(msg: FixMessage): Array<{ partyId?: string; partyRole?: string }> {
  return msg.group(453).map((e) => ({ partyId: e.get(448), partyRole: e.get(452) }));
}

function statusOf(order: VenueOrder): string {
  return order.cumQty.isZero() ? '0' : '1';
}
