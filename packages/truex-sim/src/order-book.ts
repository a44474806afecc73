import type { Decimal } from 'decimal.js';
import type { VenueOrder, VenueSide } from './venue-order';

/**
 * Resting orders of one symbol in price-time priority: bids best (highest) first, asks best (lowest) first, older
 * first within a price. Orders are also indexed by OrderID and by (client id, live ClOrdID).
 */
export class OrderBook {
  private readonly bids: VenueOrder[] = [];
  private readonly asks: VenueOrder[] = [];
  private readonly byOrderId = new Map<string, VenueOrder>();
  private readonly byClOrdId = new Map<string, VenueOrder>();
  private readonly perClient = new Map<string, number>();

  get size(): number {
    return this.byOrderId.size;
  }

  add(order: VenueOrder): void {
    const side = this.sideOf(order.side);
    side.splice(this.insertionIndex(side, order), 0, order);
    this.byOrderId.set(order.orderId, order);
    this.byClOrdId.set(clOrdKey(order.clientId, order.clOrdId), order);
    this.perClient.set(order.clientId, this.countFor(order.clientId) + 1);
  }

  remove(order: VenueOrder): boolean {
    if (this.byOrderId.get(order.orderId) !== order) return false;
    const side = this.sideOf(order.side);
    side.splice(side.indexOf(order), 1);
    this.byOrderId.delete(order.orderId);
    this.byClOrdId.delete(clOrdKey(order.clientId, order.clOrdId));
    this.perClient.set(order.clientId, this.countFor(order.clientId) - 1);
    return true;
  }

  /** Re-files an order after its price, priority or ClOrdID changed (cancel/replace). */
  update(order: VenueOrder, previousClOrdId: string): void {
    const side = this.sideOf(order.side);
    side.splice(side.indexOf(order), 1);
    side.splice(this.insertionIndex(side, order), 0, order);
    this.byClOrdId.delete(clOrdKey(order.clientId, previousClOrdId));
    this.byClOrdId.set(clOrdKey(order.clientId, order.clOrdId), order);
  }

  byId(orderId: string): VenueOrder | undefined {
    return this.byOrderId.get(orderId);
  }

  byClientClOrdId(clientId: string, clOrdId: string): VenueOrder | undefined {
    return this.byClOrdId.get(clOrdKey(clientId, clOrdId));
  }

  /** Orders a taker selling down to `price` would hit, best first: bids priced at or above it. */
  bidsAtOrAbove(price: Decimal): VenueOrder[] {
    const out: VenueOrder[] = [];
    for (const o of this.bids) {
      if (o.price.lt(price)) break;
      out.push(o);
    }
    return out;
  }

  /** Orders a taker buying up to `price` would lift, best first: asks priced at or below it. */
  asksAtOrBelow(price: Decimal): VenueOrder[] {
    const out: VenueOrder[] = [];
    for (const o of this.asks) {
      if (o.price.gt(price)) break;
      out.push(o);
    }
    return out;
  }

  bestBid(): VenueOrder | undefined {
    return this.bids[0];
  }

  bestAsk(): VenueOrder | undefined {
    return this.asks[0];
  }

  /** Every resting order, bids then asks, each in priority order. */
  orders(): VenueOrder[] {
    return [...this.bids, ...this.asks];
  }

  /** Number of resting orders of a client. */
  countFor(clientId: string): number {
    return this.perClient.get(clientId) ?? 0;
  }

  private sideOf(side: VenueSide): VenueOrder[] {
    return side === '1' ? this.bids : this.asks;
  }

  /** Binary search for the first order that `order` has priority over. */
  private insertionIndex(side: VenueOrder[], order: VenueOrder): number {
    let lo = 0;
    let hi = side.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (ranksBefore(side[mid]!, order)) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}

function ranksBefore(a: VenueOrder, b: VenueOrder): boolean {
  const cmp = a.price.cmp(b.price);
  if (cmp !== 0) return a.side === '1' ? cmp > 0 : cmp < 0;
  return a.priority < b.priority;
}

function clOrdKey(clientId: string, clOrdId: string): string {
  return `${clientId}\u0001${clOrdId}`;
}
