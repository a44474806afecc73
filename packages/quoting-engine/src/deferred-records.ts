import type { TrackedOrder } from '@truex-mm/order-adapter';
import type { EventSink } from '@truex-mm/persistence';
import { toDecimalString } from '@truex-mm/pricing';
import type { Logger } from 'pino';
import type { EngineObserver } from './engine-events';

const enum Kind {
  ReferencePrice,
  Order,
  Sent,
  Cancel,
}

/** One preallocated entry: the fields of whichever record it holds (strings are shared, never copied). */
class Slot {
  kind = Kind.Order;
  timeMs = 0;
  product: string | undefined = undefined;
  bidPrice: string | undefined = undefined;
  askPrice: string | undefined = undefined;
  fairValue = 0;
  fairValueText: string | undefined = undefined;
  clOrdId: string | undefined = undefined;
  origClOrdId: string | undefined = undefined;
  orderId: string | undefined = undefined;
  side: 'buy' | 'sell' = 'buy';
  price: string | undefined = undefined;
  quantity: string | undefined = undefined;
  cumQty: string | undefined = undefined;
  leavesQty: string | undefined = undefined;
  state: string | undefined = undefined;
  text: string | undefined = undefined;
  action: 'new' | 'replace' | 'cancel' = 'new';
  level: number | undefined = undefined;

  clear(): void {
    this.product = this.bidPrice = this.askPrice = this.fairValueText = undefined;
    this.clOrdId = this.origClOrdId = this.orderId = this.price = this.quantity = undefined;
    this.cumQty = this.leavesQty = this.state = this.text = undefined;
  }
}

export interface DeferredRecordsDeps {
  readonly runId: string;
  readonly symbol: string;
  readonly sink: EventSink | undefined;
  readonly logger: Logger;
  readonly observer: EngineObserver;
  /** Runs the hand-off after the current tick; default setImmediate. */
  readonly defer?: (flush: () => void) => void;
}

const CAPACITY = 1024;

/**
 * What the engine records and logs on the quoting path, kept out of it: each tick's reference price, order changes
 * and sent-order log lines (with their metric hooks) go into preallocated slots, in order, and are handed to the
 * sink, the logger and the observer in one batch after the tick (setImmediate), when the FIX bytes are out; the
 * fair-value gauge gets the batch's latest value. Anything recorded directly (executions, fills, positions) calls
 * {@link flush} first, so the sink still sees every event in the order it happened. A tick that fills every slot hands
 * them off at once.
 */
export class DeferredRecords {
  private readonly slots: Slot[] = Array.from({ length: CAPACITY }, () => new Slot());
  private count = 0;
  private scheduled = false;
  private readonly defer: (flush: () => void) => void;
  private readonly flushNow = (): void => this.flush();
  /** The latest fair value for observer.fairValue (a gauge: only the last one of a tick matters). */
  private pendingFairValue: number | undefined;

  constructor(private readonly deps: DeferredRecordsDeps) {
    this.defer = deps.defer ?? ((flush) => void setImmediate(flush));
  }

  referencePrice(product: string, bidPrice: string, askPrice: string, fairValue: number, timeMs: number): void {
    if (this.deps.sink === undefined) return;
    const s = this.next(Kind.ReferencePrice, timeMs);
    s.product = product;
    s.bidPrice = bidPrice;
    s.askPrice = askPrice;
    s.fairValue = fairValue;
  }

  /** `quotedFairValue`: fair value when the order was sent (spread capture's quoted edge), when known. */
  order(order: TrackedOrder, timeMs: number, quotedFairValue?: string): void {
    if (this.deps.sink === undefined) return;
    const s = this.next(Kind.Order, timeMs);
    s.fairValueText = quotedFairValue;
    s.clOrdId = order.clOrdId;
    s.origClOrdId = order.origClOrdId;
    s.orderId = order.orderId;
    s.side = order.side;
    s.price = order.price;
    s.quantity = order.quantity;
    s.cumQty = order.cumQty;
    s.leavesQty = order.leavesQty;
    s.state = order.state;
    s.text = order.rejectText;
  }

  /** A new or replace sent: its log line and the observer's actionSent. */
  sent(
    action: 'new' | 'replace',
    clOrdId: string,
    replaces: string | undefined,
    side: 'buy' | 'sell',
    price: string,
    quantity: string,
    level: number | undefined,
    fairValue: string,
    reason: string,
    timeMs: number,
  ): void {
    const s = this.next(Kind.Sent, timeMs);
    s.action = action;
    s.clOrdId = clOrdId;
    s.origClOrdId = replaces;
    s.side = side;
    s.price = price;
    s.quantity = quantity;
    s.level = level;
    s.fairValueText = fairValue;
    s.text = reason;
  }

  /** A cancel sent: its log line and the observer's actionSent. */
  cancel(clOrdId: string, side: 'buy' | 'sell', price: string, reason: string, timeMs: number): void {
    const s = this.next(Kind.Cancel, timeMs);
    s.clOrdId = clOrdId;
    s.side = side;
    s.price = price;
    s.text = reason;
  }

  /** The fair value for the observer's gauge, reported once per batch. */
  fairValue(value: number): void {
    if (this.deps.observer.fairValue === undefined) return;
    this.pendingFairValue = value;
    this.schedule();
  }

  /** Hands every pending entry over, in order. */
  flush(): void {
    this.scheduled = false;
    const fairValue = this.pendingFairValue;
    if (fairValue !== undefined) {
      this.pendingFairValue = undefined;
      this.deps.observer.fairValue?.(fairValue);
    }
    const n = this.count;
    if (n === 0) return;
    this.count = 0;
    for (let i = 0; i < n; i++) {
      const s = this.slots[i]!;
      this.handOver(s);
      s.clear();
    }
  }

  private next(kind: Kind, timeMs: number): Slot {
    if (this.count === CAPACITY) this.flush();
    const s = this.slots[this.count++]!;
    s.kind = kind;
    s.timeMs = timeMs;
    this.schedule();
    return s;
  }

  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    this.defer(this.flushNow);
  }

  private handOver(s: Slot): void {
    const { sink, runId, logger, observer } = this.deps;
    switch (s.kind) {
      case Kind.ReferencePrice:
        sink?.record({
          type: 'reference-price',
          runId,
          product: s.product!,
          bidPrice: s.bidPrice!,
          askPrice: s.askPrice!,
          mid: toDecimalString((Number(s.bidPrice) + Number(s.askPrice)) / 2, 8),
          fairValue: toDecimalString(s.fairValue, 8),
          timeMs: s.timeMs,
        });
        return;
      case Kind.Order:
        sink?.record({
          type: 'order',
          runId,
          clOrdId: s.clOrdId!,
          origClOrdId: s.origClOrdId,
          orderId: s.orderId,
          side: s.side,
          symbol: this.deps.symbol,
          price: s.price!,
          quantity: s.quantity!,
          cumQty: s.cumQty!,
          leavesQty: s.leavesQty!,
          state: s.state!,
          rejectReason: s.text,
          quotedFairValue: s.fairValueText,
          timeMs: s.timeMs,
        });
        return;
      case Kind.Sent:
        observer.actionSent?.(s.action, s.text!);
        // Debug: one line per order is the log file's (debug and up), not the operator's terminal (info).
        if (logger.isLevelEnabled('debug')) {
          logger.debug(
            {
              action: s.action,
              clOrdId: s.clOrdId,
              replaces: s.origClOrdId,
              side: s.side,
              price: s.price,
              qty: s.quantity,
              level: s.level,
              fairValue: s.fairValueText,
              reason: s.text,
            },
            s.action === 'new' ? 'new order' : 'replace order',
          );
        }
        return;
      case Kind.Cancel:
        observer.actionSent?.('cancel', s.text!);
        if (logger.isLevelEnabled('debug')) {
          logger.debug({ clOrdId: s.clOrdId, side: s.side, price: s.price, reason: s.text }, 'cancel');
        }
        return;
    }
  }
}
