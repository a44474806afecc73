import { EventEmitter } from 'node:events';
import type { Clock } from '@truex-mm/clock';
import {
  type BusinessMessageReject,
  type ExecutionReport,
  type FixMessage,
  type NewOrderSingle,
  type OrderCancelReject,
  type OrderCancelReplaceRequest,
  type OrderCancelRequest,
  buildNewOrderSingle,
  buildOrderCancelReplaceRequest,
  buildOrderCancelRequest,
  parseUtcTimestamp,
  readBusinessMessageReject,
  readOrderCancelReject,
} from '@truex-mm/fix-codec';
import pino, { type Logger } from 'pino';
import { type CancelRetryPolicy, DEFAULT_CANCEL_RETRY, cancelRetryDelayMs, isThrottleText } from './cancel-retry';
import { ClOrdIdGenerator } from './cl-ord-id-generator';
import { ExecIdWindow } from './exec-id-window';
import { ExecutedQuantity } from './executed-quantity';
import { type InboundReport, isKnownExecType, readInboundReport } from './execution-report-reader';
import type { FixSender } from './fix-sender';
import { OrderAdapterError } from './order-adapter-error';
import { isPositiveDecimal, leavesQuantity, sumDecimals } from './order-quantity';
import { ORDER_STATES, type OrderState, canTransition, isPending, isTerminal } from './order-state';
import { fromUnits, toUnits } from './quantity-units';
import type { Fill, FillFee, OrderSide, StatusNeededReason, TrackedOrder } from './tracked-order';
import type {
  AdoptedOrder,
  CancelAllResult,
  CancelBudget,
  CancelRetry,
  ExecutionAnomaly,
  ExecutionAnomalyKind,
  StatusRequest,
  VenueOrderStatus,
  VenueStatusResult,
} from './venue-truth';

export interface OrderAdapterOptions {
  /** TRUEX_CLIENT_ID: sent as Parties 448 with role 452=3 on every D/F/G. Never a secret, but required. */
  partyId: string;
  /** Default 'BTC-PYUSD'. */
  symbol?: string;
  /** ExecInst 18=6 (Add Liquidity Only). Default true. */
  postOnly?: boolean;
  /** SelfMatchPreventionInstruction (2964) on new orders; not sent when unset. */
  selfMatchPreventionInstruction?: string;
  /** A request unanswered this long is timed out (cancel, then Unknown). Default 5000. */
  ackTimeoutMs?: number;
  /** Terminal orders stay matchable by late reports this long, then are forgotten. Default 60 000. */
  terminalRetentionMs?: number;
  /** Duplicate ExecIDs are recognised for at least this long. Default 600 000. */
  execIdMemoryMs?: number;
  /** Fees (138) in this currency, or without a currency, make up `Fill.fee`. Default: the symbol's quote ('PYUSD'). */
  quoteCurrency?: string;
  /** Re-sends of a cancel that went unanswered, for orders under {@link OrderAdapter.cancelAll}. Default 2. */
  cancelResends?: number;
  /** Backoff of cancels the venue throttled (35=j 380=8/9/10, or a 35=9 with a throttle text). */
  cancelRetry?: CancelRetryPolicy;
  /** Charged for the cancels the adapter sends on its own; pass the RiskGate. Default: nothing charged. */
  cancelBudget?: CancelBudget;
  /**
   * 'order' and 'cancel-reject' listeners receive a copy of the order (default true). False: they receive the
   * adapter's own TrackedOrder, to be read during the call only (neither kept nor changed), and no copy is made per
   * event; for a listener on the per-tick path that copies what it keeps, like the quoting engine.
   */
  copyOrderEvents?: boolean;
  clock: Clock;
  logger?: Logger;
  sender: FixSender;
  clOrdIds?: ClOrdIdGenerator;
}

export interface OrderAdapterCounters {
  /** Reports that would have moved an order along a transition the table forbids (not applied). */
  illegalTransitions: number;
  duplicateExecIds: number;
  /** Order rejects (35=8 150=8, or 35=j on a D/G), throttle rejects excluded. */
  rejects: number;
  /** Requests unanswered past ackTimeoutMs. */
  timeouts: number;
  /** Orders given up as Unknown (even the cancel went unanswered). */
  unknownOrders: number;
  cancelRejects: number;
  /** 35=j with BusinessRejectReason 8/9/10 (throttle). */
  throttleRejects: number;
  /** Requests not sent: session down (send returned undefined), malformed price/quantity, or order not live. */
  requestFailures: number;
  /** Inbound messages that failed to decode. */
  malformedMessages: number;
  /** Reports for ClOrdIDs we do not know (another run's orders, or pruned ones). */
  unmatchedReports: number;
  /** Reports carrying an enum value we do not know (kept raw and logged). */
  unknownEnumValues: number;
  /** Fee entries whose amount was not a decimal (the fill was booked without them). */
  unreadableFees: number;
  /** Trade reports (150=F) without a usable LastQty/LastPx: no fill, status requested. */
  tradesWithoutFill: number;
  /** Fill reports whose quantity a REST status or an adopted order's history had already booked. */
  fillsAlreadyBooked: number;
  /** Fills synthesized from a venue order status. */
  synthesizedFills: number;
  overfills: number;
  lastQtyBeyondCumQty: number;
  cumQtyRegressions: number;
  /** 'status-needed' events. */
  statusRequests: number;
  /** Cancels re-sent because the first went unanswered. */
  cancelResends: number;
  /** Cancels the venue throttled (each is retried with backoff). */
  cancelsThrottled: number;
  /** Retries of throttled cancels sent. */
  cancelRetries: number;
}

export type RequestFailureReason = 'SESSION_DOWN' | 'INVALID_REQUEST' | 'NOT_LIVE';

/** Adapter-internal bookkeeping around the public view of an order. */
interface OrderRecord {
  readonly view: TrackedOrder;
  /** The state to restore if the venue refuses our cancel/replace. */
  prior?: OrderState;
  /** Since when we are waiting for an answer (undefined = not waiting). */
  awaitingSinceMs?: number;
  /** For an order being replaced: its replacement. */
  replacement?: OrderRecord;
  /** For a replacement: the order it replaces. */
  replaces?: OrderRecord;
  /** ClOrdIDs of our cancel requests for this order, and MsgSeqNums of every request, for pruning (built lazily). */
  cancelIds: string[] | undefined;
  /** MsgSeqNum of the first request (most orders have one), then {@link seqNums} for the others. */
  firstSeqNum: number;
  seqNums: number[] | undefined;
  terminalAtMs?: number;
  /** Executed quantity of the venue order; a replacement shares its original's. */
  executed: ExecutedQuantity;
  /** Cancel as soon as the venue acknowledges the order (set by cancelAll while a new/replace is in flight). */
  cancelOnAck?: boolean;
  /** Unanswered cancels still to re-send before giving the order up as Unknown. */
  cancelResendsLeft: number;
  /** Throttled cancel attempts (reset when the order ends). */
  cancelAttempts: number;
  /** When the next retry of a throttled cancel is due. */
  retryAtMs?: number;
  /** Cancels sent while the order was Unknown (bounded, see cancelOrder). */
  unknownCancels: number;
}

// One shared silent logger: creating a pino instance per object is not free.
const SILENT_LOGGER = pino({ level: 'silent' });
const THROTTLE_REASONS = new Set([8, 9, 10]);
const UNKNOWN_ORDER = '1';
/** BusinessRejectReason of the 'throttle' summary built from a 35=9 with a throttle text. */
const THROTTLE_LIMIT_EXCEEDED = 8;
/**
 * The live orders: a Map that notes when its entries change, so that {@link OrderAdapter.liveOrdersView} rebuilds its
 * list only then.
 */
class LiveRecords extends Map<string, OrderRecord> {
  changed = true;

  override set(key: string, value: OrderRecord): this {
    this.changed = true;
    return super.set(key, value);
  }

  override delete(key: string): boolean {
    const deleted = super.delete(key);
    if (deleted) this.changed = true;
    return deleted;
  }

  override clear(): void {
    this.changed = true;
    super.clear();
  }
}

const ANOMALY_COUNTERS: Record<ExecutionAnomalyKind, keyof OrderAdapterCounters> = {
  overfill: 'overfills',
  'lastqty-exceeds-cumqty': 'lastQtyBeyondCumQty',
  'cumqty-regression': 'cumQtyRegressions',
};

/**
 * Turns strategy orders into TrueX FIX requests (D/F/G with Parties, 40=2, 59=1, 18=6) and tracks every order
 * through the {@link ORDER_TRANSITIONS} state machine, driven by execution reports (35=8), cancel rejects (35=9),
 * business rejects (35=j) and, when the FIX answers leave an order uncertain, the venue's order status over REST
 * ({@link applyVenueStatus}). Fills are booked by quantity (see executed-quantity.ts): each unit of an order's
 * CumQty is booked exactly once, whichever of a FIX report or a REST status told us first. See the package README
 * for the event and timeout rules.
 */
export class OrderAdapter extends EventEmitter {
  private readonly clock: Clock;
  private readonly logger: Logger;
  private readonly sender: FixSender;
  private readonly clOrdIds: ClOrdIdGenerator;
  private readonly partyIds: string[];
  private readonly symbol: string;
  private readonly quoteCurrency: string;
  private readonly execInst: string | undefined;
  private readonly selfMatchPrevention: string | undefined;
  private readonly ackTimeoutMs: number;
  private readonly terminalRetentionMs: number;
  private readonly cancelResends: number;
  private readonly cancelRetry: Required<CancelRetryPolicy>;
  private readonly cancelBudget: CancelBudget | undefined;
  private readonly byClOrdId = new Map<string, OrderRecord>();
  private readonly byOrderId = new Map<string, OrderRecord>();
  private readonly byCancelClOrdId = new Map<string, OrderRecord>();
  /** MsgSeqNum of each request (D, F or G) → its order, to match business rejects that carry only RefSeqNum. */
  private readonly bySeqNum = new Map<number, OrderRecord>();
  private readonly live = new LiveRecords();
  /** {@link liveOrdersView}'s list, rebuilt when {@link live} changed. */
  private readonly liveView: TrackedOrder[] = [];
  private readonly copyOrderEvents: boolean;
  // One message object per order-entry type, refilled for every request when the sender takes typed messages.
  private readonly newOrderSingle: NewOrderSingle;
  private readonly cancelRequest: OrderCancelRequest;
  private readonly replaceRequest: OrderCancelReplaceRequest;
  private readonly awaiting = new Set<OrderRecord>();
  private readonly terminalQueue: OrderRecord[] = [];
  /** Throttled cancels waiting for their retry. */
  private readonly throttledCancels = new Set<OrderRecord>();
  /** Orders waiting for the venue's status. */
  private readonly needingStatus = new Set<OrderRecord>();
  private readonly execIds: ExecIdWindow;
  private readonly stats: OrderAdapterCounters = {
    illegalTransitions: 0,
    duplicateExecIds: 0,
    rejects: 0,
    timeouts: 0,
    unknownOrders: 0,
    cancelRejects: 0,
    throttleRejects: 0,
    requestFailures: 0,
    malformedMessages: 0,
    unmatchedReports: 0,
    unknownEnumValues: 0,
    unreadableFees: 0,
    tradesWithoutFill: 0,
    fillsAlreadyBooked: 0,
    synthesizedFills: 0,
    overfills: 0,
    lastQtyBeyondCumQty: 0,
    cumQtyRegressions: 0,
    statusRequests: 0,
    cancelResends: 0,
    cancelsThrottled: 0,
    cancelRetries: 0,
  };

  constructor(options: OrderAdapterOptions) {
    super();
    if (!options.partyId) throw new OrderAdapterError('BAD_OPTIONS', 'partyId (TRUEX_CLIENT_ID) is required');
    this.clock = options.clock;
    this.logger = options.logger ?? SILENT_LOGGER;
    this.sender = options.sender;
    this.clOrdIds = options.clOrdIds ?? new ClOrdIdGenerator({ clock: options.clock });
    this.partyIds = [options.partyId];
    this.symbol = options.symbol ?? 'BTC-PYUSD';
    this.quoteCurrency = options.quoteCurrency ?? this.symbol.slice(this.symbol.indexOf('-') + 1);
    this.execInst = options.postOnly === false ? undefined : '6';
    this.selfMatchPrevention = options.selfMatchPreventionInstruction;
    this.ackTimeoutMs = options.ackTimeoutMs ?? 5000;
    this.terminalRetentionMs = options.terminalRetentionMs ?? 60_000;
    this.cancelResends = Math.max(0, options.cancelResends ?? 2);
    this.cancelRetry = { ...DEFAULT_CANCEL_RETRY, ...options.cancelRetry };
    this.cancelBudget = options.cancelBudget;
    this.execIds = new ExecIdWindow({ generationMs: options.execIdMemoryMs ?? 600_000 }, options.clock.now());
    this.copyOrderEvents = options.copyOrderEvents ?? true;
    this.newOrderSingle = {
      clOrdId: '',
      execInst: this.execInst,
      selfMatchPreventionInstruction: this.selfMatchPrevention,
      partyIds: this.partyIds,
      symbol: this.symbol,
      side: '1',
      orderQty: '',
      ordType: '2',
      price: '',
      timeInForce: '1',
    };
    this.cancelRequest = { clOrdId: '', origClOrdId: '', partyIds: this.partyIds };
    this.replaceRequest = {
      clOrdId: '',
      origClOrdId: '',
      partyIds: this.partyIds,
      ordType: '2',
      orderQty: '',
      price: '',
    };
  }

  /** Sends a post-only GTC limit order (35=D). Undefined if it was not sent (see the 'request-failed' event). */
  placeOrder(o: { key: string; side: OrderSide; price: string; quantity: string }): TrackedOrder | undefined {
    if (!isPositiveDecimal(o.price) || !isPositiveDecimal(o.quantity) || (o.side !== 'buy' && o.side !== 'sell')) {
      this.requestFailed('INVALID_REQUEST', `bad order ${o.side} ${o.quantity} @ ${o.price}`, undefined);
      return undefined;
    }
    const clOrdId = this.clOrdIds.next();
    const now = this.clock.now();
    const record = newRecord(
      {
        clOrdId,
        // Present from the start (undefined until acknowledged): a property added later costs the order an
        // out-of-object property store.
        orderId: undefined,
        key: o.key,
        side: o.side,
        price: o.price,
        quantity: o.quantity,
        cumQty: '0',
        leavesQty: o.quantity,
        state: 'PendingNew',
        createdAtMs: now,
        ackedAtMs: undefined,
        updatedAtMs: now,
      },
      new ExecutedQuantity(),
    );
    // Registered before sending, so a report that arrives during send() still finds its order.
    this.byClOrdId.set(clOrdId, record);
    this.live.set(clOrdId, record);
    const seq = this.sendNewOrderSingle(clOrdId, o.side, o.quantity, o.price);
    if (seq === undefined) {
      this.byClOrdId.delete(clOrdId);
      this.live.delete(clOrdId);
      this.requestFailed('SESSION_DOWN', 'session not active: order not sent', clOrdId);
      return undefined;
    }
    this.sent(record, seq);
    this.emitOrder(record);
    return record.view;
  }

  /**
   * Sends a cancel (35=F). False if the order is unknown, finished, already being cancelled, or the session is down.
   * Cancelling a replacement still in flight cancels both it and the order it replaces (whichever the venue has).
   * An Unknown order may be cancelled (it may still rest at the venue), at most `cancelResends + 1` times.
   */
  cancelOrder(clOrdId: string): boolean {
    const record = this.byClOrdId.get(clOrdId);
    if (!record || isTerminal(record.view.state) || record.view.state === 'PendingCancel') {
      this.requestFailed('NOT_LIVE', `cancel: ${clOrdId} is not a live order`, clOrdId);
      return false;
    }
    if (record.replacement && !isTerminal(record.replacement.view.state)) {
      this.requestFailed('NOT_LIVE', `cancel: ${clOrdId} is being replaced; cancel its replacement`, clOrdId);
      return false;
    }
    if (record.view.state === 'Unknown' && record.unknownCancels > this.cancelResends) {
      this.requestFailed('NOT_LIVE', `cancel: ${clOrdId} is Unknown; waiting for the venue's status`, clOrdId);
      return false;
    }
    if (record.replaces && record.view.state === 'PendingReplace') return this.cancelReplaceChain(record, false);
    return this.requestCancel(record, false);
  }

  /**
   * Cancels every order on our books: acknowledged and Unknown ones now; a new or replace still in flight as soon as
   * the venue acknowledges it; a cancel already in flight is re-sent if it goes unanswered (up to `cancelResends`
   * times, then the order is Unknown and its status is requested). Each cancel sent is charged to `cancelBudget`.
   * Call it again freely: it never re-sends a cancel that is in flight or waiting for a throttle retry.
   */
  cancelAll(reason: string): CancelAllResult {
    const result: CancelAllResult = { sent: 0, deferred: 0, inFlight: 0, retrying: 0 };
    for (const record of [...this.live.values()]) {
      const state = record.view.state;
      if (state === 'PendingNew' || (state === 'PendingReplace' && record.replaces)) {
        record.cancelOnAck = true;
        result.deferred++;
      } else if (state === 'PendingCancel') {
        record.cancelResendsLeft = Math.max(record.cancelResendsLeft, this.cancelResends);
        if (this.throttledCancels.has(record)) result.retrying++;
        else result.inFlight++;
      } else if (state === 'Unknown' && record.unknownCancels > this.cancelResends) {
        continue; // cancelled as often as we may: the venue's status decides
      } else if (this.requestCancel(record, true)) {
        record.cancelResendsLeft = this.cancelResends;
        result.sent++;
      }
    }
    if (result.sent + result.deferred > 0) this.logger.info({ reason, ...result }, 'cancel all');
    return result;
  }

  /**
   * Sends a cancel/replace (35=G) for a New or PartiallyFilled order. `quantity` is the new total OrderQty (38),
   * filled part included. Returns the replacement (state PendingReplace; it is the live order from now on) or
   * undefined if nothing was sent.
   */
  replaceOrder(clOrdId: string, o: { price: string; quantity: string }): TrackedOrder | undefined {
    const original = this.byClOrdId.get(clOrdId);
    if (!original || (original.view.state !== 'New' && original.view.state !== 'PartiallyFilled')) {
      this.requestFailed('NOT_LIVE', `replace: ${clOrdId} is not a New or PartiallyFilled order`, clOrdId);
      return undefined;
    }
    if (!isPositiveDecimal(o.price) || !isPositiveDecimal(o.quantity)) {
      this.requestFailed('INVALID_REQUEST', `replace: bad ${o.quantity} @ ${o.price}`, clOrdId);
      return undefined;
    }
    const newClOrdId = this.clOrdIds.next();
    const now = this.clock.now();
    const replacement = newRecord(
      {
        clOrdId: newClOrdId,
        origClOrdId: clOrdId,
        orderId: original.view.orderId,
        key: original.view.key,
        side: original.view.side,
        price: o.price,
        quantity: o.quantity,
        cumQty: original.view.cumQty,
        leavesQty: leavesQuantity(o.quantity, original.view.cumQty),
        state: 'PendingReplace',
        createdAtMs: now,
        ackedAtMs: undefined,
        updatedAtMs: now,
      },
      // One venue order: CumQty carries across the replace (FIX), so both ClOrdIDs book against one quantity.
      original.executed,
    );
    replacement.replaces = original;
    this.byClOrdId.set(newClOrdId, replacement);
    const seq = this.sendReplaceRequest(newClOrdId, clOrdId, o.quantity, o.price);
    if (seq === undefined) {
      this.byClOrdId.delete(newClOrdId);
      this.requestFailed('SESSION_DOWN', 'session not active: replace not sent', clOrdId);
      return undefined;
    }
    original.prior = original.view.state;
    original.replacement = replacement;
    this.setState(original, 'PendingReplace', undefined);
    this.live.delete(clOrdId);
    this.live.set(newClOrdId, replacement);
    this.sent(replacement, seq);
    this.emitOrder(replacement);
    return replacement.view;
  }

  /** Feed every inbound application message here (35=8, 9, j; others are ignored). */
  onMessage(msg: FixMessage): void {
    switch (msg.msgType) {
      case '8':
        this.onExecutionReport(msg);
        break;
      case '9':
        this.onCancelReject(msg);
        break;
      case 'j':
        this.onBusinessReject(msg);
        break;
      default:
        break;
    }
  }

  /**
   * Orders not terminal, pending and Unknown ones included (an Unknown order may still rest at the venue, so it
   * counts towards open orders and working quantity until resolved); an order being replaced is represented by its
   * replacement.
   */
  liveOrders(): ReadonlyArray<TrackedOrder> {
    return Array.from(this.live.values(), (r) => r.view);
  }

  /**
   * {@link liveOrders} without building a list per call: the adapter's own list, rebuilt only when an order joined
   * or left the live orders. Read it before the next call into the adapter (placing, replacing or cancelling an order
   * or feeding a message may change it); do not keep or change it.
   */
  liveOrdersView(): ReadonlyArray<TrackedOrder> {
    const live = this.live;
    const view = this.liveView;
    if (live.changed) {
      live.changed = false;
      view.length = live.size;
      let i = 0;
      for (const record of live.values()) view[i++] = record.view;
    }
    return view;
  }

  /** How many orders {@link liveOrders} would return, without building the list. */
  liveOrderCount(): number {
    return this.live.size;
  }

  /** Looks up any order still remembered (live or recently terminal). */
  order(clOrdId: string): TrackedOrder | undefined {
    return this.byClOrdId.get(clOrdId)?.view;
  }

  /** Orders waiting for the venue's status (each was announced once by 'status-needed'). */
  ordersNeedingStatus(): ReadonlyArray<StatusRequest> {
    return Array.from(this.needingStatus, (r) => statusRequest(r, r.view.statusNeeded ?? 'no-answer'));
  }

  /** Cancels the venue throttled that wait for a retry; size a stop deadline by these. */
  pendingCancelRetries(): ReadonlyArray<CancelRetry> {
    return Array.from(this.throttledCancels, (r) => ({
      clOrdId: r.view.clOrdId,
      attempts: r.cancelAttempts,
      nextAttemptAtMs: r.retryAtMs ?? this.clock.now(),
    }));
  }

  /**
   * Resolves an order from the venue's own status (REST). Quantity first: when the venue's CumQty is above what we
   * have booked, exactly one fill is synthesized for the difference (ExecID `rest:<OrderID>:<CumQty>`, priced from
   * AvgPx so that the order's booked fills average to it, else LastPx, else the order's price); applying the same
   * status again books nothing, and a FIX report of that fill arriving later books nothing either (its CumQty
   * stretch is covered). Then the state: the venue's, except that an answer of New/PartiallyFilled while our cancel or
   * replace is in flight only updates the state to come back to. Returns undefined if the order is not ours or the
   * status is malformed.
   */
  applyVenueStatus(status: VenueOrderStatus, source: 'rest'): VenueStatusResult | undefined {
    const found =
      (status.clOrdId !== undefined
        ? (this.byClOrdId.get(status.clOrdId) ?? this.byCancelClOrdId.get(status.clOrdId))
        : undefined) ?? (status.orderId !== undefined ? this.byOrderId.get(status.orderId) : undefined);
    const cumQty = toUnits(status.cumQty);
    if (!found || cumQty === undefined || toUnits(status.leavesQty) === undefined) {
      this.logger.warn({ status, source }, found ? 'malformed venue status ignored' : 'venue status for unknown order');
      if (!found) this.stats.unmatchedReports++;
      else this.stats.malformedMessages++;
      return undefined;
    }
    if (!ORDER_STATES.includes(status.state)) {
      this.stats.malformedMessages++;
      this.logger.warn({ status, source }, 'venue status with an unknown state ignored');
      return undefined;
    }
    const record = status.state === 'Replaced' ? found : this.follow(found, '');
    const order = record.view;
    const book = record.executed;
    const now = this.clock.now();
    if (status.orderId !== undefined && status.orderId !== 'NONE') this.setOrderId(record, status.orderId);
    if (cumQty < book.maxCumQty) {
      this.anomaly('cumqty-regression', record, undefined, `venue status CumQty ${status.cumQty} < ${order.cumQty}`);
    }
    const orderQty = toUnits(order.quantity);
    if (orderQty !== undefined && cumQty > orderQty) {
      this.anomaly('overfill', record, undefined, `venue status CumQty ${status.cumQty} > OrderQty ${order.quantity}`);
    }
    let fill: Fill | undefined;
    const missing = book.uncoveredUpTo(cumQty);
    if (missing > 0n) {
      const price = book.missingPrice(cumQty, status.avgPx) ?? positiveDecimal(status.lastPx) ?? order.price;
      book.cover(0n, cumQty, 'rest', price);
      const execId = `rest:${order.orderId ?? order.clOrdId}:${fromUnits(cumQty)}`;
      if (this.execIds.add(execId, now)) {
        fill = {
          execId,
          clOrdId: order.clOrdId,
          orderId: order.orderId ?? status.orderId ?? '',
          side: order.side,
          quantity: fromUnits(missing),
          price,
          fee: '0',
          fees: [],
          source: 'rest',
          timeMs: now,
        };
        this.stats.synthesizedFills++;
        this.logger.warn({ execId, quantity: fill.quantity, price }, 'fill synthesized from the venue status');
      }
    }
    book.observeCumQty(cumQty);
    order.cumQty = fromUnits(book.maxCumQty);
    order.leavesQty = status.leavesQty;
    order.updatedAtMs = now;
    order.statusNeeded = undefined;
    this.needingStatus.delete(record);
    if (fill) this.emit('fill', fill);
    const next = status.state;
    const waitingForUs = order.state === 'PendingCancel' || order.state === 'PendingReplace';
    if (next === 'Unknown' || next === order.state) {
      this.emitOrder(record);
    } else if (waitingForUs && (next === 'New' || next === 'PartiallyFilled')) {
      record.prior = next;
      this.emitOrder(record);
    } else {
      // The venue's word is the truth: no transition check.
      if (order.state === 'PendingReplace' && record.replacement) record.replacement = undefined;
      if (!isTerminal(next)) this.live.set(order.clOrdId, record);
      this.setState(record, next, undefined);
    }
    this.logger.info({ clOrdId: order.clOrdId, state: order.state, cumQty: order.cumQty, source }, 'venue status');
    return fill ? { clOrdId: order.clOrdId, state: order.state, fill } : { clOrdId: order.clOrdId, state: order.state };
  }

  /**
   * Takes over an order found at the venue at start (`--adopt-orders`): it is on our books as New (or
   * PartiallyFilled) with its CumQty counted as already booked (the opening position holds those fills). Returns the
   * existing view if the ClOrdID is already tracked, undefined for malformed figures.
   */
  adoptOrder(o: AdoptedOrder): TrackedOrder | undefined {
    const existing = this.byClOrdId.get(o.clOrdId);
    if (existing) return existing.view;
    const cumQty = toUnits(o.cumQty);
    if (
      !isPositiveDecimal(o.price) ||
      !isPositiveDecimal(o.quantity) ||
      cumQty === undefined ||
      toUnits(o.leavesQty) === undefined ||
      (o.side !== 'buy' && o.side !== 'sell')
    ) {
      this.requestFailed('INVALID_REQUEST', `adopt: bad order ${o.clOrdId}`, o.clOrdId);
      return undefined;
    }
    const now = this.clock.now();
    const executed = new ExecutedQuantity();
    executed.cover(0n, cumQty, 'adopted');
    executed.observeCumQty(cumQty);
    const record = newRecord(
      {
        clOrdId: o.clOrdId,
        orderId: o.orderId,
        key: o.key ?? `adopted:${o.clOrdId}`,
        side: o.side,
        price: o.price,
        quantity: o.quantity,
        cumQty: fromUnits(cumQty),
        leavesQty: o.leavesQty,
        state: cumQty > 0n ? 'PartiallyFilled' : 'New',
        createdAtMs: now,
        ackedAtMs: now,
        updatedAtMs: now,
      },
      executed,
    );
    this.byClOrdId.set(o.clOrdId, record);
    this.setOrderId(record, o.orderId);
    this.live.set(o.clOrdId, record);
    this.logger.info({ clOrdId: o.clOrdId, orderId: o.orderId, cumQty: o.cumQty }, 'order adopted');
    this.emitOrder(record);
    return record.view;
  }

  /**
   * Closes an order the venue says is gone (e.g. REST answers "no such order" and its CumQty did not grow): it ends
   * Canceled with `why`, no fill. Use applyVenueStatus when the venue gives a status. False if it is not tracked.
   */
  forgetOrder(clOrdId: string, why: string): boolean {
    const record = this.byClOrdId.get(clOrdId);
    if (!record) return false;
    record.view.statusNeeded = undefined;
    this.needingStatus.delete(record);
    if (!isTerminal(record.view.state)) {
      record.view.rejectText = why;
      record.replacement = undefined;
      this.setState(record, 'Canceled', undefined);
    }
    return true;
  }

  /**
   * Resolves requests unanswered past ackTimeoutMs: a pending new or replace is flagged and cancelled (a replace:
   * both ClOrdIDs, as we cannot know which one the venue holds); an unanswered cancel is re-sent if the order is
   * under cancelAll, else (or when the re-sends are used up) the order becomes Unknown and its status is requested.
   * Sends the throttled cancels that are due first (cancels keep priority). Also forgets terminal orders past their
   * retention. Call it periodically (e.g. every 100 ms to 1 s).
   */
  checkTimeouts(): void {
    const now = this.clock.now();
    this.sendDueCancelRetries(now);
    for (const record of [...this.awaiting]) {
      if (record.awaitingSinceMs === undefined || now - record.awaitingSinceMs < this.ackTimeoutMs) continue;
      this.awaiting.delete(record);
      record.awaitingSinceMs = undefined;
      record.view.timedOut = true;
      this.stats.timeouts++;
      const state = record.view.state;
      this.logger.warn({ clOrdId: record.view.clOrdId, state }, 'order request unanswered');
      if (state === 'PendingNew') {
        if (!this.requestCancel(record, true)) this.markUnknown(record, 'no answer to new order; cancel not sent');
      } else if (state === 'PendingReplace' && record.replaces) {
        if (!this.cancelReplaceChain(record, true)) this.markUnknown(record, 'no answer to replace; cancel not sent');
      } else if (state === 'PendingCancel' && record.cancelResendsLeft > 0) {
        record.cancelResendsLeft--;
        this.stats.cancelResends++;
        if (!this.requestCancel(record, true)) this.markUnknown(record, 'no answer to cancel; re-send not sent');
      } else if (state === 'PendingCancel' || state === 'PendingReplace') {
        this.markUnknown(record, 'no answer to cancel');
      }
    }
    this.prune(now);
  }

  counters(): OrderAdapterCounters {
    return { ...this.stats };
  }

  override on(event: 'fill', listener: (fill: Fill) => void): this;
  override on(event: 'order', listener: (order: TrackedOrder, er?: ExecutionReport) => void): this;
  override on(event: 'reject', listener: (order: TrackedOrder, text: string) => void): this;
  override on(event: 'execution', listener: (er: ExecutionReport, raw: string) => void): this;
  override on(
    event: 'cancel-reject',
    listener: (order: TrackedOrder, text: string, reject: OrderCancelReject) => void,
  ): this;
  override on(event: 'throttle', listener: (reject: BusinessMessageReject) => void): this;
  override on(event: 'business-reject', listener: (reject: BusinessMessageReject) => void): this;
  override on(
    event: 'request-failed',
    listener: (reason: RequestFailureReason, detail: string, clOrdId: string | undefined) => void,
  ): this;
  override on(event: 'anomaly', listener: (anomaly: ExecutionAnomaly) => void): this;
  override on(event: 'halt-request', listener: (reason: string, anomaly: ExecutionAnomaly) => void): this;
  override on(event: 'status-needed', listener: (request: StatusRequest) => void): this;
  override on(event: string, listener: (...args: never[]) => void): this {
    return super.on(event, listener as (...args: unknown[]) => void);
  }

  private onExecutionReport(msg: FixMessage): void {
    const report = readInboundReport(msg);
    if ('error' in report) {
      this.malformed(msg, report.error);
      return;
    }
    const er = report.er;
    const now = this.clock.now();
    if (!this.execIds.add(er.execId, now)) {
      this.stats.duplicateExecIds++;
      this.logger.debug({ execId: er.execId }, 'duplicate ExecID ignored');
      return;
    }
    if (report.unknownValues.length > 0) {
      this.stats.unknownEnumValues++;
      this.logger.warn(
        { execId: er.execId, unknown: report.unknownValues },
        'execution report: unknown value kept raw',
      );
    }
    if (report.unreadableFees > 0) {
      this.stats.unreadableFees += report.unreadableFees;
      this.logger.error({ execId: er.execId }, 'execution report: fee amount not a decimal; fill booked without it');
    }
    const found = this.findRecord(er);
    const record = found ? this.follow(found, report.execType) : undefined;
    // Persistence needs figures: a missing or unreadable CumQty/LeavesQty is reported as the order's last known value
    // (the raw frame keeps what the venue sent).
    if (er.cumQty === '') er.cumQty = record?.view.cumQty ?? '0';
    if (er.leavesQty === '') er.leavesQty = record?.view.leavesQty ?? '0';
    // The raw text is built only for someone who listens (it is a copy of the whole frame).
    if (this.listenerCount('execution') > 0) this.emit('execution', er, msg.raw.toString('latin1'));
    if (!record) {
      this.stats.unmatchedReports++;
      this.logger.warn({ clOrdId: er.clOrdId, orderId: er.orderId, execType: er.execType }, 'report for unknown order');
      if (report.execType === 'F') this.emitUnmatchedFill(report, now);
      return;
    }
    const quantitiesTrusted = this.reconcileQuantity(record, report, now);
    if (!isKnownExecType(report.execType)) {
      this.statusNeeded(record, 'unknown-exec-type');
      return;
    }
    this.applyReport(record, report, quantitiesTrusted);
    this.cancelIfRequested(record);
  }

  private findRecord(er: ExecutionReport): OrderRecord | undefined {
    if (er.clOrdId !== undefined) {
      const record = this.byClOrdId.get(er.clOrdId) ?? this.byCancelClOrdId.get(er.clOrdId);
      if (record) return record;
    }
    if (er.origClOrdId !== undefined) {
      const record = this.byClOrdId.get(er.origClOrdId);
      if (record) return record;
    }
    return er.orderId === 'NONE' ? undefined : this.byOrderId.get(er.orderId);
  }

  /**
   * Reports keep following a venue order through its replaces: TrueX may acknowledge a replace (150=5) with the
   * ORIGINAL ClOrdID in 11 (README §11 Q7, unconfirmed) and keep using it afterwards. A 150=5 for an order whose
   * replace is in flight, and any report for a Replaced order, belong to its replacement.
   */
  private follow(record: OrderRecord, execType: string): OrderRecord {
    let current = record;
    for (let hops = 0; hops < 64 && current.replacement; hops++) {
      const state = current.view.state;
      if (state !== 'Replaced' && !(state === 'PendingReplace' && execType === '5')) break;
      current = current.replacement;
    }
    return current;
  }

  /**
   * Books the report's fill by quantity and checks the venue's quantities. Returns false when the report's
   * quantities must not overwrite ours (a CumQty regression).
   */
  private reconcileQuantity(record: OrderRecord, report: InboundReport, now: number): boolean {
    const book = record.executed;
    const order = record.view;
    const cumQty = report.cumQty;
    const isTrade = report.execType === 'F';
    if (isTrade) {
      if (report.lastQty === undefined || report.lastQty <= 0n || report.lastPx === undefined) {
        this.stats.tradesWithoutFill++;
        this.logger.error({ execId: report.er.execId }, 'trade report without usable LastQty/LastPx: no fill');
        this.statusNeeded(record, 'missing-fill');
      } else {
        const hi = cumQty ?? book.top() + report.lastQty;
        const lo = hi - report.lastQty;
        if (lo < 0n) {
          this.anomaly(
            'lastqty-exceeds-cumqty',
            record,
            report,
            `LastQty ${report.er.lastQty} > CumQty ${report.er.cumQty}`,
          );
        }
        const coverage = book.cover(lo < 0n ? 0n : lo, hi, 'fix', report.lastPx);
        if (coverage.overlapFix > 0n) {
          this.anomaly(
            'lastqty-exceeds-cumqty',
            record,
            report,
            `fill ${report.er.execId} overlaps ${fromUnits(coverage.overlapFix)} already booked from other fills at CumQty ${report.er.cumQty}`,
          );
        }
        if (coverage.added > 0n) this.emitFill(record, report, coverage.added, now);
        else if (coverage.overlapFix === 0n) {
          this.stats.fillsAlreadyBooked++;
          this.logger.info({ execId: report.er.execId }, 'fill already booked from the venue status');
        }
      }
    }
    if (cumQty === undefined) return false;
    let trusted = true;
    if (!isTrade && cumQty < book.maxCumQty) {
      trusted = false;
      this.anomaly('cumqty-regression', record, report, `CumQty ${report.er.cumQty} < ${fromUnits(book.maxCumQty)}`);
    }
    const orderQty = report.orderQty ?? toUnits(order.quantity);
    if (orderQty !== undefined && cumQty > orderQty) {
      this.anomaly('overfill', record, report, `CumQty ${report.er.cumQty} > OrderQty ${fromUnits(orderQty)}`);
    }
    book.observeCumQty(cumQty);
    order.cumQty = fromUnits(book.maxCumQty);
    if (book.uncoveredUpTo(book.maxCumQty) > 0n) this.statusNeeded(record, 'missing-fill');
    // A late fill below the highest CumQty says nothing new about what is left.
    return trusted && cumQty === book.maxCumQty;
  }

  private applyReport(record: OrderRecord, report: InboundReport, quantitiesTrusted: boolean): void {
    const order = record.view;
    const er = report.er;
    const target = stateFromReport(report, record);
    // While our own cancel (or a replace of this order) is in flight, interim reports (acks, partial fills) update
    // the state to come back to, not the state itself: the order is still waiting for the answer.
    const shielded =
      order.state === 'PendingCancel' || (order.state === 'PendingReplace' && record.replacement !== undefined);
    if (shielded && (target === 'New' || target === 'PartiallyFilled' || isPending(target))) {
      if (!isPending(target)) record.prior = target;
      this.updateFromReport(record, report, quantitiesTrusted);
      this.emitOrder(record, er);
      return;
    }
    // A replacement's own acks (150=A or E) before its outcome: still waiting.
    if (order.state === 'PendingReplace' && record.replaces && isPending(target)) {
      this.updateFromReport(record, report, quantitiesTrusted);
      this.emitOrder(record, er);
      return;
    }
    if (!canTransition(order.state, target)) {
      this.stats.illegalTransitions++;
      this.logger.warn(
        { clOrdId: order.clOrdId, from: order.state, to: target, execId: er.execId },
        'illegal order transition ignored',
      );
      // The venue says otherwise about an order we consider finished: do not invent a state, ask.
      if (isTerminal(order.state) && target !== order.state) this.statusNeeded(record, 'illegal-transition');
      return;
    }
    this.updateFromReport(record, report, quantitiesTrusted);
    if (target === 'Rejected') order.rejectText = er.text ?? 'rejected';
    if (order.state === 'Unknown' && target !== 'Unknown')
      this.logger.info({ clOrdId: order.clOrdId }, 'Unknown order resolved by a report');
    this.setState(record, target, er);
    if (target === 'Rejected') {
      if (record.replaces?.view.state === 'PendingReplace') this.restoreOriginal(record.replaces);
    } else if (er.execType === '5' || (record.replaces && !isPending(target))) {
      this.completeReplace(record, er);
    }
    if (target === 'Rejected') {
      this.stats.rejects++;
      this.emit('reject', { ...order }, order.rejectText ?? 'rejected');
    }
  }

  /** The replacement is now the order at the venue; the original ends Replaced. */
  private completeReplace(record: OrderRecord, er: ExecutionReport): void {
    const original = record.replaces;
    if (!original || isTerminal(original.view.state)) return;
    if (canTransition(original.view.state, 'Replaced')) {
      this.setState(original, 'Replaced', er);
    }
  }

  private updateFromReport(record: OrderRecord, report: InboundReport, quantitiesTrusted: boolean): void {
    const order = record.view;
    const er = report.er;
    if (er.orderId !== 'NONE') this.setOrderId(record, er.orderId);
    if (quantitiesTrusted && report.leavesQty !== undefined) order.leavesQty = report.leavesQty;
    // A replacement is acknowledged by its Replaced report (150=5), an order by its New (150=0).
    if ((er.execType === '0' || er.execType === '5') && order.ackedAtMs === undefined)
      order.ackedAtMs = this.clock.now();
    order.updatedAtMs = this.clock.now();
  }

  private setOrderId(record: OrderRecord, orderId: string): void {
    record.view.orderId = orderId;
    this.byOrderId.set(orderId, record);
  }

  private onCancelReject(msg: FixMessage): void {
    let reject: OrderCancelReject;
    try {
      reject = readOrderCancelReject(msg);
    } catch (error) {
      this.malformed(msg, error);
      return;
    }
    this.stats.cancelRejects++;
    const text = reject.text ?? `CxlRejReason ${reject.cxlRejReason ?? 'unspecified'}`;
    const viaCancel = this.byCancelClOrdId.get(reject.clOrdId);
    const named = viaCancel ? undefined : this.byClOrdId.get(reject.clOrdId);
    const replacement = named?.replaces ? named : undefined;
    const target =
      viaCancel ??
      replacement?.replaces ??
      (reject.origClOrdId !== undefined ? this.byClOrdId.get(reject.origClOrdId) : undefined) ??
      named;
    if (!target) {
      this.stats.unmatchedReports++;
      this.logger.warn({ clOrdId: reject.clOrdId, origClOrdId: reject.origClOrdId }, 'cancel reject for unknown order');
      return;
    }
    const throttled = reject.cxlRejReason !== UNKNOWN_ORDER && isThrottleText(reject.text);
    this.logger.info({ clOrdId: target.view.clOrdId, reason: reject.cxlRejReason, text }, 'cancel/replace rejected');
    if (replacement && replacement.replaces && !isTerminal(replacement.view.state)) {
      replacement.view.rejectText = text;
      this.setState(replacement, 'Rejected', undefined);
    }
    if (!isTerminal(target.view.state)) {
      if (reject.cxlRejReason === UNKNOWN_ORDER) {
        // The venue no longer has it, but it may have filled before it went: not Canceled; ask for its status.
        if (replacement) target.replacement = undefined;
        this.markUnknown(target, `unknown order at venue: ${text}`, 'unknown-order');
      } else if (throttled && !replacement && target.view.state === 'PendingCancel') {
        this.scheduleCancelRetry(target);
      } else if (replacement ? target.view.state === 'PendingReplace' : target.view.state === 'PendingCancel') {
        this.restoreOriginal(target);
      }
    }
    this.emit('cancel-reject', this.eventOrder(target), text, reject);
    if (throttled) {
      this.stats.throttleRejects++;
      // Summarised as a business reject so one 'throttle' listener (risk's budget) covers both forms.
      const summary: BusinessMessageReject = {
        refMsgType: reject.cxlRejResponseTo === '2' ? 'G' : 'F',
        businessRejectRefId: reject.clOrdId,
        businessRejectReason: THROTTLE_LIMIT_EXCEEDED,
        text,
      };
      this.emit('throttle', summary);
    }
  }

  private onBusinessReject(msg: FixMessage): void {
    let reject: BusinessMessageReject;
    try {
      reject = readBusinessMessageReject(msg);
    } catch (error) {
      this.malformed(msg, error);
      return;
    }
    const throttled = THROTTLE_REASONS.has(reject.businessRejectReason);
    if (throttled) this.stats.throttleRejects++;
    this.logger.warn(
      { refMsgType: reject.refMsgType, reason: reject.businessRejectReason, text: reject.text },
      'business message reject',
    );
    this.emit('business-reject', reject);
    if (throttled) this.emit('throttle', reject);

    const ref = reject.businessRejectRefId;
    const bySeq = reject.refSeqNum !== undefined ? this.bySeqNum.get(reject.refSeqNum) : undefined;
    const text = reject.text ?? `BusinessRejectReason ${reject.businessRejectReason}`;
    if (reject.refMsgType === 'F') {
      const target = (ref !== undefined ? this.byCancelClOrdId.get(ref) : undefined) ?? bySeq;
      if (target && target.view.state === 'PendingCancel') {
        // A throttled cancel is still wanted: retry it with backoff rather than give the order back to the strategy
        // (which would re-send at once, every loop).
        if (throttled) this.scheduleCancelRetry(target);
        else this.restoreOriginal(target);
      }
      return;
    }
    if (reject.refMsgType !== 'D' && reject.refMsgType !== 'G') return;
    const record = (ref !== undefined ? this.byClOrdId.get(ref) : undefined) ?? bySeq;
    if (!record || isTerminal(record.view.state) || !canTransition(record.view.state, 'Rejected')) return;
    record.view.rejectText = text;
    this.setState(record, 'Rejected', undefined);
    if (record.replaces && record.replaces.view.state === 'PendingReplace') this.restoreOriginal(record.replaces);
    if (!throttled) {
      this.stats.rejects++;
      this.emit('reject', { ...record.view }, text);
    }
  }

  /** Sends a 35=F for the order; `charge`: the adapter decided it on its own (charged to cancelBudget). */
  private requestCancel(record: OrderRecord, charge: boolean): boolean {
    const cancelClOrdId = this.clOrdIds.next();
    const seq = this.sendCancelRequest(cancelClOrdId, record.view.clOrdId);
    if (seq === undefined) {
      this.requestFailed('SESSION_DOWN', 'session not active: cancel not sent', record.view.clOrdId);
      return false;
    }
    if (charge) this.cancelBudget?.chargeCancel();
    record.cancelOnAck = false;
    if (record.view.state === 'Unknown') record.unknownCancels++;
    (record.cancelIds ??= []).push(cancelClOrdId);
    this.byCancelClOrdId.set(cancelClOrdId, record);
    if (record.view.state !== 'PendingCancel') record.prior = record.view.state;
    this.setState(record, 'PendingCancel', undefined);
    this.live.set(record.view.clOrdId, record);
    this.sent(record, seq);
    return true;
  }

  /** Cancels a replacement in flight and its original: the venue holds exactly one of them, we do not know which. */
  private cancelReplaceChain(replacement: OrderRecord, charge: boolean): boolean {
    const original = replacement.replaces;
    const sentReplacement = this.requestCancel(replacement, charge);
    if (original && !isTerminal(original.view.state)) this.requestCancel(original, charge);
    return sentReplacement;
  }

  /** A cancel-all that found the order unacknowledged: cancel it now that the venue has acknowledged it. */
  private cancelIfRequested(record: OrderRecord): void {
    const state = record.view.state;
    if (record.cancelOnAck && (state === 'New' || state === 'PartiallyFilled')) {
      record.cancelResendsLeft = this.cancelResends;
      this.requestCancel(record, true);
    }
  }

  /** The venue refused our cancel/replace: the order is what it was, and live again. */
  private restoreOriginal(record: OrderRecord): void {
    const prior = record.prior ?? 'New';
    // A cancel-all waiting for the replacement's ack now applies to the order that stays.
    if (record.replacement?.cancelOnAck) record.cancelOnAck = true;
    record.prior = undefined;
    record.replacement = undefined;
    this.setState(record, prior, undefined);
    if (!isTerminal(prior)) this.live.set(record.view.clOrdId, record);
    this.cancelIfRequested(record);
  }

  /** The venue throttled our cancel: it stays PendingCancel and is re-sent after a backoff, within the budget. */
  private scheduleCancelRetry(record: OrderRecord): void {
    record.cancelAttempts++;
    this.stats.cancelsThrottled++;
    const delay = cancelRetryDelayMs(record.cancelAttempts, this.cancelRetry);
    record.retryAtMs = this.clock.now() + delay;
    record.awaitingSinceMs = undefined;
    this.awaiting.delete(record);
    this.throttledCancels.add(record);
    this.logger.warn(
      { clOrdId: record.view.clOrdId, attempts: record.cancelAttempts, delayMs: delay },
      'cancel throttled by the venue: retry scheduled',
    );
  }

  private sendDueCancelRetries(now: number): void {
    for (const record of [...this.throttledCancels]) {
      if (record.view.state !== 'PendingCancel') {
        this.throttledCancels.delete(record);
        record.retryAtMs = undefined;
        continue;
      }
      if ((record.retryAtMs ?? now) > now) continue;
      // Inside the message budget: a throttling venue is not hammered; the retry waits for a token.
      if (this.cancelBudget && !this.cancelBudget.tryTakeMessage()) return;
      this.throttledCancels.delete(record);
      record.retryAtMs = undefined;
      this.stats.cancelRetries++;
      if (!this.requestCancel(record, false)) {
        // Session down: try again after the same backoff.
        record.retryAtMs = now + cancelRetryDelayMs(record.cancelAttempts, this.cancelRetry);
        this.throttledCancels.add(record);
      }
    }
  }

  private markUnknown(record: OrderRecord, why: string, reason: StatusNeededReason = 'no-answer'): void {
    this.stats.unknownOrders++;
    record.view.rejectText = why;
    record.prior = undefined;
    this.setState(record, 'Unknown', undefined);
    // It may still rest at the venue: it stays on our books until its status resolves it.
    if (!record.replacement) this.live.set(record.view.clOrdId, record);
    this.statusNeeded(record, reason);
  }

  private statusNeeded(record: OrderRecord, reason: StatusNeededReason): void {
    if (record.view.statusNeeded !== undefined) return;
    record.view.statusNeeded = reason;
    this.needingStatus.add(record);
    this.stats.statusRequests++;
    const request = statusRequest(record, reason);
    this.logger.warn(request, 'venue order status needed');
    this.emit('status-needed', request);
  }

  private anomaly(
    kind: ExecutionAnomalyKind,
    record: OrderRecord,
    report: InboundReport | undefined,
    detail: string,
  ): void {
    this.stats[ANOMALY_COUNTERS[kind]]++;
    const anomaly: ExecutionAnomaly = { kind, clOrdId: record.view.clOrdId, detail };
    const orderId = report?.er.orderId ?? record.view.orderId;
    if (orderId !== undefined && orderId !== 'NONE') anomaly.orderId = orderId;
    if (report) {
      anomaly.execId = report.er.execId;
      anomaly.er = report.er;
    }
    this.logger.error({ kind, clOrdId: anomaly.clOrdId, execId: anomaly.execId, detail }, 'execution anomaly');
    this.emit('anomaly', anomaly);
    // Positions may be wrong until the venue's status is applied: stop trading until then.
    this.emit('halt-request', `execution anomaly (${kind}) on ${anomaly.clOrdId}: ${detail}`, anomaly);
    this.statusNeeded(record, 'anomaly');
  }

  /** Applies a state change and its bookkeeping, and emits 'order'. */
  private setState(record: OrderRecord, next: OrderState, er: ExecutionReport | undefined): void {
    const order = record.view;
    order.state = next;
    order.updatedAtMs = this.clock.now();
    if (!isPending(next)) {
      record.awaitingSinceMs = undefined;
      this.awaiting.delete(record);
    }
    if (next !== 'PendingCancel' && this.throttledCancels.delete(record)) record.retryAtMs = undefined;
    if (isTerminal(next)) {
      this.live.delete(order.clOrdId);
      record.cancelOnAck = false;
      record.cancelAttempts = 0;
      if (record.terminalAtMs === undefined) {
        record.terminalAtMs = order.updatedAtMs;
        this.terminalQueue.push(record);
      }
    } else if (record.terminalAtMs !== undefined) {
      // A finished order the venue's status brought back: it is on our books again.
      record.terminalAtMs = undefined;
      if (!record.replacement) this.live.set(order.clOrdId, record);
    }
    this.emitOrder(record, er);
  }

  private sent(record: OrderRecord, seq: number): void {
    if (record.firstSeqNum < 0) record.firstSeqNum = seq;
    else (record.seqNums ??= []).push(seq);
    this.bySeqNum.set(seq, record);
    record.awaitingSinceMs = this.clock.now();
    this.awaiting.add(record);
  }

  private prune(now: number): void {
    // Records join the queue when they turn terminal, so the queue is in terminal-time order: prune from the front
    // and stop at the first record still within retention (O(pruned), not O(retained), per call).
    const queue = this.terminalQueue;
    let head = 0;
    for (; head < queue.length; head++) {
      const record = queue[head] as OrderRecord;
      if (record.terminalAtMs === undefined) continue; // revived
      if (now - record.terminalAtMs < this.terminalRetentionMs) break;
      const order = record.view;
      if (this.byClOrdId.get(order.clOrdId) === record) this.byClOrdId.delete(order.clOrdId);
      if (order.orderId !== undefined && this.byOrderId.get(order.orderId) === record) {
        this.byOrderId.delete(order.orderId);
      }
      if (record.cancelIds) for (const id of record.cancelIds) this.byCancelClOrdId.delete(id);
      if (this.bySeqNum.get(record.firstSeqNum) === record) this.bySeqNum.delete(record.firstSeqNum);
      if (record.seqNums)
        for (const seq of record.seqNums) if (this.bySeqNum.get(seq) === record) this.bySeqNum.delete(seq);
      this.needingStatus.delete(record);
      // Drop links so a pruned chain can be collected.
      record.replaces = undefined;
      record.replacement = undefined;
    }
    // Shifted down in place (splice would build an array of the pruned records).
    if (head > 0) {
      queue.copyWithin(0, head);
      queue.length -= head;
    }
  }

  private emitFill(record: OrderRecord, report: InboundReport, units: bigint, now: number): void {
    const er = report.er;
    const fill: Fill = {
      execId: er.execId,
      clOrdId: record.view.clOrdId,
      orderId: er.orderId !== 'NONE' ? er.orderId : (record.view.orderId ?? er.orderId),
      side: report.side ?? record.view.side,
      // The venue's own text when the whole LastQty is booked (lossless); the booked part otherwise.
      quantity: units === report.lastQty && er.lastQty !== undefined ? er.lastQty : fromUnits(units),
      price: report.lastPx as string,
      fee: this.quoteFee(report.fees),
      fees: report.fees,
      source: 'fix',
      timeMs: transactTimeMs(er.transactTime) ?? now,
    };
    if (er.lastLiquidityInd === '1' || er.lastLiquidityInd === '2') fill.liquidity = er.lastLiquidityInd;
    this.emit('fill', fill);
  }

  /** A fill for an order not on our books (another run's, or pruned): booked by ExecID alone. */
  private emitUnmatchedFill(report: InboundReport, now: number): void {
    const er = report.er;
    if (report.lastQty === undefined || report.lastQty <= 0n || report.lastPx === undefined || !report.side) {
      this.stats.tradesWithoutFill++;
      this.logger.error({ execId: er.execId }, 'trade report without LastQty/LastPx/Side: no fill');
      return;
    }
    const fill: Fill = {
      execId: er.execId,
      clOrdId: er.clOrdId ?? '',
      orderId: er.orderId,
      side: report.side,
      quantity: er.lastQty ?? fromUnits(report.lastQty),
      price: report.lastPx,
      fee: this.quoteFee(report.fees),
      fees: report.fees,
      source: 'fix',
      timeMs: transactTimeMs(er.transactTime) ?? now,
    };
    if (er.lastLiquidityInd === '1' || er.lastLiquidityInd === '2') fill.liquidity = er.lastLiquidityInd;
    this.emit('fill', fill);
  }

  /** Sum of the fees in the quote currency (or without one); other currencies are only listed in Fill.fees. */
  private quoteFee(fees: ReadonlyArray<FillFee>): string {
    const amounts: string[] = [];
    for (const fee of fees) {
      if (fee.currency !== undefined && fee.currency !== this.quoteCurrency) continue;
      amounts.push(fee.amount);
    }
    if (amounts.length === 0) return '0';
    return amounts.length === 1 ? (amounts[0] as string) : sumDecimals(amounts);
  }

  private emitOrder(record: OrderRecord, er?: ExecutionReport): void {
    if (this.listenerCount('order') > 0) this.emit('order', this.eventOrder(record), er);
  }

  /** The order as an 'order' or 'cancel-reject' listener receives it (see OrderAdapterOptions.copyOrderEvents). */
  private eventOrder(record: OrderRecord): TrackedOrder {
    return this.copyOrderEvents ? { ...record.view } : record.view;
  }

  /** 35=D: typed when the sender takes typed messages (one message object, refilled), else as a FixBody. */
  private sendNewOrderSingle(clOrdId: string, side: OrderSide, quantity: string, price: string): number | undefined {
    const m = this.newOrderSingle;
    m.clOrdId = clOrdId;
    m.side = side === 'buy' ? '1' : '2';
    m.orderQty = quantity;
    m.price = price;
    const sender = this.sender;
    return sender.sendNewOrderSingle ? sender.sendNewOrderSingle(m) : sender.send('D', buildNewOrderSingle(m));
  }

  /** 35=G, as {@link sendNewOrderSingle}. */
  private sendReplaceRequest(
    clOrdId: string,
    origClOrdId: string,
    quantity: string,
    price: string,
  ): number | undefined {
    const m = this.replaceRequest;
    m.clOrdId = clOrdId;
    m.origClOrdId = origClOrdId;
    m.orderQty = quantity;
    m.price = price;
    const sender = this.sender;
    return sender.sendOrderCancelReplaceRequest
      ? sender.sendOrderCancelReplaceRequest(m)
      : sender.send('G', buildOrderCancelReplaceRequest(m));
  }

  /** 35=F, as {@link sendNewOrderSingle}. */
  private sendCancelRequest(clOrdId: string, origClOrdId: string): number | undefined {
    const m = this.cancelRequest;
    m.clOrdId = clOrdId;
    m.origClOrdId = origClOrdId;
    const sender = this.sender;
    return sender.sendOrderCancelRequest
      ? sender.sendOrderCancelRequest(m)
      : sender.send('F', buildOrderCancelRequest(m));
  }

  private requestFailed(reason: RequestFailureReason, detail: string, clOrdId: string | undefined): void {
    this.stats.requestFailures++;
    this.logger.warn({ reason, clOrdId }, detail);
    this.emit('request-failed', reason, detail, clOrdId);
  }

  private malformed(msg: FixMessage, error: unknown): void {
    this.stats.malformedMessages++;
    this.logger.warn(
      { msgType: msg.msgType, err: error instanceof Error ? error.message : String(error) },
      'malformed order-entry message ignored',
    );
  }
}

function newRecord(view: TrackedOrder, executed: ExecutedQuantity): OrderRecord {
  return {
    view,
    cancelIds: undefined,
    firstSeqNum: -1,
    seqNums: undefined,
    executed,
    cancelResendsLeft: 0,
    cancelAttempts: 0,
    unknownCancels: 0,
  };
}

function statusRequest(record: OrderRecord, reason: StatusNeededReason): StatusRequest {
  const request: StatusRequest = { clOrdId: record.view.clOrdId, reason };
  if (record.view.orderId !== undefined) request.orderId = record.view.orderId;
  return request;
}

/** The state an execution report with a known ExecType puts its order in. */
function stateFromReport(report: InboundReport, record: OrderRecord): OrderState {
  const ordStatus = report.ordStatus;
  switch (report.execType) {
    case 'A':
      return 'PendingNew';
    case '0':
      return 'New';
    case 'F':
      // LeavesQty 0 also means filled (and decides when OrdStatus is one we do not know).
      return ordStatus === '2' || (report.leavesQty !== undefined && toUnits(report.leavesQty) === 0n)
        ? 'Filled'
        : 'PartiallyFilled';
    case '6':
      return 'PendingCancel';
    case '4':
      return 'Canceled';
    case 'E':
      return 'PendingReplace';
    case '5':
      // Reported on the replacement: its new status. On the original (unusual): it is done.
      if (!record.replaces) return 'Replaced';
      return ordStatus === '2' ? 'Filled' : ordStatus === '1' ? 'PartiallyFilled' : 'New';
    case '8':
      return 'Rejected';
    default:
      return 'Expired';
  }
}

function positiveDecimal(text: string | undefined): string | undefined {
  return text !== undefined && isPositiveDecimal(text) ? text : undefined;
}

function transactTimeMs(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  try {
    return parseUtcTimestamp(text).epochMs;
  } catch {
    return undefined;
  }
}
