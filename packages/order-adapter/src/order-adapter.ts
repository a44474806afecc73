import { EventEmitter } from 'node:events';
import type { Clock } from '@truex-mm/clock';
import {
  type BusinessMessageReject,
  type ExecutionReport,
  type FixMessage,
  type OrderCancelReject,
  buildNewOrderSingle,
  buildOrderCancelReplaceRequest,
  buildOrderCancelRequest,
  parseUtcTimestamp,
  readBusinessMessageReject,
  readExecutionReport,
  readOrderCancelReject,
} from '@truex-mm/fix-codec';
import { Decimal } from 'decimal.js';
import pino, { type Logger } from 'pino';
import { ClOrdIdGenerator } from './cl-ord-id-generator';
import { ExecIdWindow } from './exec-id-window';
import type { FixSender } from './fix-sender';
import { OrderAdapterError } from './order-adapter-error';
import { isPositiveDecimal, leavesQuantity } from './order-quantity';
import { type OrderState, canTransition, isPending, isTerminal } from './order-state';
import type { Fill, OrderSide, TrackedOrder } from './tracked-order';

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
  /** ClOrdIDs of our cancel requests for this order, and MsgSeqNums of every request, for pruning. */
  cancelIds: string[];
  seqNums: number[];
  terminalAtMs?: number;
}

// One shared silent logger: creating a pino instance per object is not free.
const SILENT_LOGGER = pino({ level: 'silent' });
const THROTTLE_REASONS = new Set([8, 9, 10]);
const UNKNOWN_ORDER = '1';

/**
 * Turns strategy orders into TrueX FIX requests (D/F/G with Parties, 40=2, 59=1, 18=6) and tracks every order
 * through the {@link ORDER_TRANSITIONS} state machine, driven by execution reports (35=8), cancel rejects (35=9)
 * and business rejects (35=j). See the package README for the event and timeout rules.
 */
export class OrderAdapter extends EventEmitter {
  private readonly clock: Clock;
  private readonly logger: Logger;
  private readonly sender: FixSender;
  private readonly clOrdIds: ClOrdIdGenerator;
  private readonly partyIds: string[];
  private readonly symbol: string;
  private readonly execInst: string | undefined;
  private readonly selfMatchPrevention: string | undefined;
  private readonly ackTimeoutMs: number;
  private readonly terminalRetentionMs: number;
  private readonly byClOrdId = new Map<string, OrderRecord>();
  private readonly byOrderId = new Map<string, OrderRecord>();
  private readonly byCancelClOrdId = new Map<string, OrderRecord>();
  /** MsgSeqNum of each request (D, F or G) → its order, to match business rejects that carry only RefSeqNum. */
  private readonly bySeqNum = new Map<number, OrderRecord>();
  private readonly live = new Map<string, OrderRecord>();
  private readonly awaiting = new Set<OrderRecord>();
  private readonly terminalQueue: OrderRecord[] = [];
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
    this.execInst = options.postOnly === false ? undefined : '6';
    this.selfMatchPrevention = options.selfMatchPreventionInstruction;
    this.ackTimeoutMs = options.ackTimeoutMs ?? 5000;
    this.terminalRetentionMs = options.terminalRetentionMs ?? 60_000;
    this.execIds = new ExecIdWindow(options.execIdMemoryMs ?? 600_000, options.clock.now());
  }

  /** Sends a post-only GTC limit order (35=D). Undefined if it was not sent (see the 'request-failed' event). */
  placeOrder(o: { key: string; side: OrderSide; price: string; quantity: string }): TrackedOrder | undefined {
    if (!isPositiveDecimal(o.price) || !isPositiveDecimal(o.quantity) || (o.side !== 'buy' && o.side !== 'sell')) {
      this.requestFailed('INVALID_REQUEST', `bad order ${o.side} ${o.quantity} @ ${o.price}`, undefined);
      return undefined;
    }
    const clOrdId = this.clOrdIds.next();
    const body = buildNewOrderSingle({
      clOrdId,
      execInst: this.execInst,
      selfMatchPreventionInstruction: this.selfMatchPrevention,
      partyIds: this.partyIds,
      symbol: this.symbol,
      side: o.side === 'buy' ? '1' : '2',
      orderQty: o.quantity,
      ordType: '2',
      price: o.price,
      timeInForce: '1',
    });
    const now = this.clock.now();
    const record: OrderRecord = {
      view: {
        clOrdId,
        key: o.key,
        side: o.side,
        price: o.price,
        quantity: o.quantity,
        cumQty: '0',
        leavesQty: o.quantity,
        state: 'PendingNew',
        createdAtMs: now,
        updatedAtMs: now,
      },
      cancelIds: [],
      seqNums: [],
    };
    // Registered before sending, so a report that arrives during send() still finds its order.
    this.byClOrdId.set(clOrdId, record);
    this.live.set(clOrdId, record);
    const seq = this.sender.send('D', body);
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
    if (record.replaces && record.view.state === 'PendingReplace') return this.cancelReplaceChain(record);
    return this.requestCancel(record);
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
    const body = buildOrderCancelReplaceRequest({
      clOrdId: newClOrdId,
      origClOrdId: clOrdId,
      partyIds: this.partyIds,
      ordType: '2',
      orderQty: o.quantity,
      price: o.price,
    });
    const now = this.clock.now();
    const replacement: OrderRecord = {
      view: {
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
        updatedAtMs: now,
      },
      replaces: original,
      cancelIds: [],
      seqNums: [],
    };
    this.byClOrdId.set(newClOrdId, replacement);
    const seq = this.sender.send('G', body);
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

  /** Orders not terminal, pending ones included; an order being replaced is represented by its replacement. */
  liveOrders(): ReadonlyArray<TrackedOrder> {
    return Array.from(this.live.values(), (r) => r.view);
  }

  /** How many orders {@link liveOrders} would return, without building the list. */
  liveOrderCount(): number {
    return this.live.size;
  }

  /** Looks up any order still remembered (live or recently terminal). */
  order(clOrdId: string): TrackedOrder | undefined {
    return this.byClOrdId.get(clOrdId)?.view;
  }

  /**
   * Resolves requests unanswered past ackTimeoutMs: a pending new or replace is flagged and cancelled (a replace:
   * both ClOrdIDs, as we cannot know which one the venue holds); a cancel still unanswered marks the order Unknown.
   * Also forgets terminal orders past their retention. Call it periodically (e.g. every second).
   */
  checkTimeouts(): void {
    const now = this.clock.now();
    for (const record of [...this.awaiting]) {
      if (record.awaitingSinceMs === undefined || now - record.awaitingSinceMs < this.ackTimeoutMs) continue;
      this.awaiting.delete(record);
      record.awaitingSinceMs = undefined;
      record.view.timedOut = true;
      this.stats.timeouts++;
      const state = record.view.state;
      this.logger.warn({ clOrdId: record.view.clOrdId, state }, 'order request unanswered');
      if (state === 'PendingNew') {
        if (!this.requestCancel(record)) this.markUnknown(record, 'no answer to new order; cancel not sent');
      } else if (state === 'PendingReplace' && record.replaces) {
        if (!this.cancelReplaceChain(record)) this.markUnknown(record, 'no answer to replace; cancel not sent');
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
  override on(event: string, listener: (...args: never[]) => void): this {
    return super.on(event, listener as (...args: unknown[]) => void);
  }

  private onExecutionReport(msg: FixMessage): void {
    let er: ExecutionReport;
    try {
      er = readExecutionReport(msg);
    } catch (error) {
      this.malformed(msg, error);
      return;
    }
    const now = this.clock.now();
    if (!this.execIds.add(er.execId, now)) {
      this.stats.duplicateExecIds++;
      this.logger.debug({ execId: er.execId }, 'duplicate ExecID ignored');
      return;
    }
    // The raw text is built only for someone who listens (it is a copy of the whole frame).
    if (this.listenerCount('execution') > 0) this.emit('execution', er, msg.raw.toString('latin1'));
    const record = this.findRecord(er);
    if (er.execType === 'F') this.emitFill(er, record, now);
    if (!record) {
      this.stats.unmatchedReports++;
      this.logger.warn({ clOrdId: er.clOrdId, orderId: er.orderId, execType: er.execType }, 'report for unknown order');
      return;
    }
    this.applyReport(record, er);
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

  private applyReport(record: OrderRecord, er: ExecutionReport): void {
    const order = record.view;
    const target = stateFromReport(er, record);
    // While our own cancel (or a replace of this order) is in flight, interim reports (acks, partial fills) update
    // the state to come back to, not the state itself: the order is still waiting for the answer.
    const shielded =
      order.state === 'PendingCancel' || (order.state === 'PendingReplace' && record.replacement !== undefined);
    if (shielded && (target === 'New' || target === 'PartiallyFilled' || isPending(target))) {
      if (!isPending(target)) record.prior = target;
      this.updateFromReport(record, er);
      this.emitOrder(record, er);
      return;
    }
    // A replacement's own acks (150=A or E) before its outcome: still waiting.
    if (order.state === 'PendingReplace' && record.replaces && isPending(target)) {
      this.updateFromReport(record, er);
      this.emitOrder(record, er);
      return;
    }
    if (!canTransition(order.state, target)) {
      this.stats.illegalTransitions++;
      this.logger.warn(
        { clOrdId: order.clOrdId, from: order.state, to: target, execId: er.execId },
        'illegal order transition ignored',
      );
      return;
    }
    this.updateFromReport(record, er);
    if (target === 'Rejected') order.rejectText = er.text ?? 'rejected';
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

  private updateFromReport(record: OrderRecord, er: ExecutionReport): void {
    const order = record.view;
    if (er.orderId !== 'NONE' && order.orderId !== er.orderId) {
      order.orderId = er.orderId;
      this.byOrderId.set(er.orderId, record);
    } else if (er.orderId !== 'NONE') {
      this.byOrderId.set(er.orderId, record);
    }
    order.cumQty = er.cumQty;
    order.leavesQty = er.leavesQty;
    // A replacement is acknowledged by its Replaced report (150=5), an order by its New (150=0).
    if ((er.execType === '0' || er.execType === '5') && order.ackedAtMs === undefined)
      order.ackedAtMs = this.clock.now();
    order.updatedAtMs = this.clock.now();
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
    this.logger.info({ clOrdId: target.view.clOrdId, reason: reject.cxlRejReason, text }, 'cancel/replace rejected');
    if (replacement && replacement.replaces && !isTerminal(replacement.view.state)) {
      replacement.view.rejectText = text;
      this.setState(replacement, 'Rejected', undefined);
    }
    if (!isTerminal(target.view.state)) {
      if (reject.cxlRejReason === UNKNOWN_ORDER) {
        // The venue no longer has it: gone, whatever our books said.
        target.view.rejectText = `unknown order at venue: ${text}`;
        this.setState(target, 'Canceled', undefined);
      } else if (replacement ? target.view.state === 'PendingReplace' : target.view.state === 'PendingCancel') {
        this.restoreOriginal(target);
      }
    }
    this.emit('cancel-reject', { ...target.view }, text, reject);
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
      if (target && target.view.state === 'PendingCancel') this.restoreOriginal(target);
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

  private requestCancel(record: OrderRecord): boolean {
    const cancelClOrdId = this.clOrdIds.next();
    const seq = this.sender.send(
      'F',
      buildOrderCancelRequest({ clOrdId: cancelClOrdId, origClOrdId: record.view.clOrdId, partyIds: this.partyIds }),
    );
    if (seq === undefined) {
      this.requestFailed('SESSION_DOWN', 'session not active: cancel not sent', record.view.clOrdId);
      return false;
    }
    record.cancelIds.push(cancelClOrdId);
    this.byCancelClOrdId.set(cancelClOrdId, record);
    if (record.view.state !== 'PendingCancel') record.prior = record.view.state;
    this.setState(record, 'PendingCancel', undefined);
    this.live.set(record.view.clOrdId, record);
    this.sent(record, seq);
    return true;
  }

  /** Cancels a replacement in flight and its original: the venue holds exactly one of them, we do not know which. */
  private cancelReplaceChain(replacement: OrderRecord): boolean {
    const original = replacement.replaces;
    const sentReplacement = this.requestCancel(replacement);
    if (original && !isTerminal(original.view.state)) this.requestCancel(original);
    return sentReplacement;
  }

  /** The venue refused our cancel/replace: the order is what it was, and live again. */
  private restoreOriginal(record: OrderRecord): void {
    const prior = record.prior ?? 'New';
    record.prior = undefined;
    record.replacement = undefined;
    this.setState(record, prior, undefined);
    if (!isTerminal(prior)) this.live.set(record.view.clOrdId, record);
  }

  private markUnknown(record: OrderRecord, why: string): void {
    this.stats.unknownOrders++;
    record.view.rejectText = why;
    this.setState(record, 'Unknown', undefined);
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
    if (isTerminal(next)) {
      this.live.delete(order.clOrdId);
      if (record.terminalAtMs === undefined) {
        record.terminalAtMs = order.updatedAtMs;
        this.terminalQueue.push(record);
      }
    } else if (record.terminalAtMs !== undefined) {
      // An Unknown order the venue spoke about again: it is back on our books.
      record.terminalAtMs = undefined;
      if (!record.replacement) this.live.set(order.clOrdId, record);
    }
    this.emitOrder(record, er);
  }

  private sent(record: OrderRecord, seq: number): void {
    record.seqNums.push(seq);
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
      for (const id of record.cancelIds) this.byCancelClOrdId.delete(id);
      for (const seq of record.seqNums) if (this.bySeqNum.get(seq) === record) this.bySeqNum.delete(seq);
      // Drop links so a pruned chain can be collected.
      record.replaces = undefined;
      record.replacement = undefined;
    }
    if (head > 0) queue.splice(0, head);
  }

  private emitFill(er: ExecutionReport, record: OrderRecord | undefined, now: number): void {
    if (er.lastQty === undefined || er.lastPx === undefined || !(Number(er.lastQty) > 0)) {
      this.logger.warn({ execId: er.execId }, 'trade report without LastQty/LastPx: no fill');
      return;
    }
    const fill: Fill = {
      execId: er.execId,
      clOrdId: record?.view.clOrdId ?? er.clOrdId ?? '',
      orderId: er.orderId,
      side: er.side === '1' ? 'buy' : 'sell',
      quantity: er.lastQty,
      price: er.lastPx,
      fee: sumFees(er.fees),
      timeMs: transactTimeMs(er.transactTime) ?? now,
    };
    if (er.lastLiquidityInd !== undefined) fill.liquidity = er.lastLiquidityInd;
    this.emit('fill', fill);
  }

  private emitOrder(record: OrderRecord, er?: ExecutionReport): void {
    if (this.listenerCount('order') > 0) this.emit('order', { ...record.view }, er);
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

/** The state an execution report puts its order in. */
function stateFromReport(er: ExecutionReport, record: OrderRecord): OrderState {
  switch (er.execType) {
    case 'A':
      return 'PendingNew';
    case '0':
      return 'New';
    case 'F':
      return er.ordStatus === '2' || Number(er.leavesQty) === 0 ? 'Filled' : 'PartiallyFilled';
    case '6':
      return 'PendingCancel';
    case '4':
      return 'Canceled';
    case 'E':
      return 'PendingReplace';
    case '5':
      // Reported on the replacement: its new status. On the original (unusual): it is done.
      if (!record.replaces) return 'Replaced';
      return er.ordStatus === '2' ? 'Filled' : er.ordStatus === '1' ? 'PartiallyFilled' : 'New';
    case '8':
      return 'Rejected';
    case 'C':
      return 'Expired';
  }
}

function sumFees(fees: ReadonlyArray<{ amount: string }>): string {
  if (fees.length === 0) return '0';
  if (fees.length === 1) return (fees[0] as { amount: string }).amount;
  let total = new Decimal(0);
  for (const fee of fees) total = total.plus(fee.amount);
  return total.toFixed();
}

function transactTimeMs(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  try {
    return parseUtcTimestamp(text).epochMs;
  } catch {
    return undefined;
  }
}
