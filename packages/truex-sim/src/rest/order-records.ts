import { Decimal } from 'decimal.js';
import type { VenueOrder } from '../venue-order';

/** How a REST request names an order: by ClOrdID (`id_type=client`) or by OrderID (`id_type=exchange`). */
export type OrderLookup = 'client' | 'exchange';

/** An order as the venue last reported it, terminal ones included: what the REST API answers from. */
export interface OrderRecordView {
  orderId: string;
  /** The live ClOrdID (after a replace, the replacement's). */
  clOrdId: string;
  /** Every ClOrdID the order has had, oldest first. */
  clOrdIds: ReadonlyArray<string>;
  clientId: string;
  symbol: string;
  side: '1' | '2';
  ordType: '1' | '2';
  timeInForce: '1' | '3';
  execInst?: string;
  price: string;
  orderQty: string;
  cumQty: string;
  leavesQty: string;
  avgPx?: string;
  /** OrdStatus (39) of the last execution report. */
  ordStatus: string;
  /** Text (58) of the last report, e.g. a reject reason. */
  text?: string;
  terminal: boolean;
  createdAtMs: number;
  updatedAtMs: number;
}

interface OrderRecord {
  readonly order: VenueOrder;
  readonly clOrdIds: string[];
  readonly createdAtMs: number;
  ordStatus: string;
  text: string | undefined;
  updatedAtMs: number;
}

const TERMINAL: ReadonlySet<string> = new Set(['2', '4', '8']);

/**
 * The venue's memory of every order that got an OrderID, by OrderID and by (client id, any ClOrdID it had), so
 * REST status queries also find filled, cancelled and rejected orders. Terminal orders are forgotten oldest first
 * beyond `terminalLimit` (TrueX keeps status for 28 days; a long simulator run must not grow without bound).
 */
export class OrderRecords {
  private readonly byOrderId = new Map<string, OrderRecord>();
  private readonly byClOrdId = new Map<string, OrderRecord>();
  private readonly terminalOrder: string[] = [];

  constructor(private readonly terminalLimit = 20_000) {}

  /** Records the state an execution report just announced. */
  update(order: VenueOrder, ordStatus: string, text: string | undefined, nowMs: number): OrderRecord {
    let record = this.byOrderId.get(order.orderId);
    if (!record) {
      record = { order, clOrdIds: [], createdAtMs: nowMs, ordStatus: '', text, updatedAtMs: nowMs };
      this.byOrderId.set(order.orderId, record);
    }
    if (!record.clOrdIds.includes(order.clOrdId)) record.clOrdIds.push(order.clOrdId);
    this.byClOrdId.set(key(order.clientId, order.clOrdId), record);
    const wasTerminal = isTerminal(record);
    record.ordStatus = ordStatus;
    record.text = text;
    record.updatedAtMs = nowMs;
    if (!wasTerminal && isTerminal(record)) this.retire(order.orderId);
    return record;
  }

  find(clientIds: ReadonlySet<string> | undefined, ref: string, lookup: OrderLookup): OrderRecord | undefined {
    if (lookup === 'exchange') {
      const record = this.byOrderId.get(ref);
      return record && (!clientIds || clientIds.has(record.order.clientId)) ? record : undefined;
    }
    for (const clientId of clientIds ?? this.clientIds()) {
      const record = this.byClOrdId.get(key(clientId, ref));
      if (record) return record;
    }
    return undefined;
  }

  all(): IterableIterator<OrderRecord> {
    return this.byOrderId.values();
  }

  get size(): number {
    return this.byOrderId.size;
  }

  static view(record: OrderRecord): OrderRecordView {
    const o = record.order;
    const view: OrderRecordView = {
      orderId: o.orderId,
      clOrdId: o.clOrdId,
      clOrdIds: [...record.clOrdIds],
      clientId: o.clientId,
      symbol: o.symbol,
      side: o.side,
      ordType: o.ordType,
      timeInForce: o.timeInForce,
      price: o.price.toFixed(),
      orderQty: o.orderQty.toFixed(),
      cumQty: o.cumQty.toFixed(),
      leavesQty: o.leavesQty.toFixed(),
      ordStatus: record.ordStatus,
      terminal: isTerminal(record),
      createdAtMs: record.createdAtMs,
      updatedAtMs: record.updatedAtMs,
    };
    if (o.execInst !== undefined) view.execInst = o.execInst;
    if (!o.cumQty.isZero()) {
      view.avgPx = o.filledNotional.div(o.cumQty).toDecimalPlaces(8, Decimal.ROUND_HALF_UP).toFixed();
    }
    if (record.text !== undefined) view.text = record.text;
    return view;
  }

  private retire(orderId: string): void {
    this.terminalOrder.push(orderId);
    while (this.terminalOrder.length > this.terminalLimit) {
      const old = this.byOrderId.get(this.terminalOrder.shift()!);
      if (!old) continue;
      this.byOrderId.delete(old.order.orderId);
      for (const clOrdId of old.clOrdIds) {
        const k = key(old.order.clientId, clOrdId);
        if (this.byClOrdId.get(k) === old) this.byClOrdId.delete(k);
      }
    }
  }

  private clientIds(): Set<string> {
    return new Set([...this.byOrderId.values()].map((r) => r.order.clientId));
  }
}

function isTerminal(record: OrderRecord): boolean {
  return TERMINAL.has(record.ordStatus);
}

function key(clientId: string, clOrdId: string): string {
  return `${clientId}\u0001${clOrdId}`;
}
