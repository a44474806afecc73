import { Decimal } from 'decimal.js';
import { OrderBook } from './order-book';
import type { VenueOrder, VenueSide } from './venue-order';

let priority = 0;
function order(orderId: string, side: VenueSide, price: string, clientId = 'c1'): VenueOrder {
  const qty = new Decimal('0.01');
  return {
    orderId,
    clOrdId: `cl-${orderId}`,
    clientId,
    route: 'r',
    symbol: 'BTC-PYUSD',
    side,
    ordType: '2',
    timeInForce: '1',
    price: new Decimal(price),
    orderQty: qty,
    cumQty: new Decimal(0),
    leavesQty: qty,
    filledNotional: new Decimal(0),
    priority: priority++,
    fillInFlight: false,
  };
}

describe('OrderBook', () => {
  it('keeps bids best-first and asks best-first, older first within a price', () => {
    const book = new OrderBook();
    for (const o of [
      order('b1', '1', '100'),
      order('b2', '1', '101'),
      order('b3', '1', '100'),
      order('a1', '2', '103'),
      order('a2', '2', '102'),
    ]) {
      book.add(o);
    }
    expect(book.orders().map((o) => o.orderId)).toEqual(['b2', 'b1', 'b3', 'a2', 'a1']);
    expect(book.bidsAtOrAbove(new Decimal('100.5')).map((o) => o.orderId)).toEqual(['b2']);
    expect(book.asksAtOrBelow(new Decimal('103')).map((o) => o.orderId)).toEqual(['a2', 'a1']);
    expect(book.bestBid()?.orderId).toBe('b2');
    expect(book.bestAsk()?.orderId).toBe('a2');
  });

  it('indexes by OrderID and (client, ClOrdID), counts per client, and re-files on update', () => {
    const book = new OrderBook();
    const a = order('x1', '1', '100', 'c1');
    const b = order('x2', '1', '99', 'c2');
    book.add(a);
    book.add(b);
    expect(book.countFor('c1')).toBe(1);
    expect(book.byClientClOrdId('c2', 'cl-x2')).toBe(b);
    expect(book.byClientClOrdId('c1', 'cl-x2')).toBeUndefined();
    b.price = new Decimal('101');
    b.clOrdId = 'renamed';
    book.update(b, 'cl-x2');
    expect(book.bestBid()).toBe(b);
    expect(book.byClientClOrdId('c2', 'renamed')).toBe(b);
    expect(book.byClientClOrdId('c2', 'cl-x2')).toBeUndefined();
    expect(book.remove(a)).toBe(true);
    expect(book.remove(a)).toBe(false);
    expect(book.countFor('c1')).toBe(0);
    expect(book.size).toBe(1);
  });
});
