import fc from 'fast-check';

import { OrderBook } from './order-book';

describe('OrderBook', () => {
  it('loads a snapshot, skipping zero sizes, with best levels on top', () => {
    const book = new OrderBook();
    book.applySnapshot(
      [
        ['99.5', '1'],
        ['100.25', '2'],
        ['98', '0.0'],
      ],
      [
        ['101', '3'],
        ['100.5', '0.5'],
      ],
    );
    expect(book.bestBid()).toEqual({ price: '100.25', size: '2' });
    expect(book.bestAsk()).toEqual({ price: '100.5', size: '0.5' });
    expect(book.depth('bid')).toBe(2);
    expect(book.levels('ask')).toEqual([
      { price: '100.5', size: '0.5' },
      { price: '101', size: '3' },
    ]);
  });

  it('treats sizes as absolute and removes a level on any spelling of zero', () => {
    const book = new OrderBook();
    book.applySnapshot([['100', '1']], [['101', '1']]);
    book.set('bid', '100.5', '2');
    book.set('bid', '100.5', '3'); // absolute, not +3
    expect(book.bestBid()).toEqual({ price: '100.5', size: '3' });
    for (const zero of ['0', '0.0', '0.00000000']) {
      book.set('bid', '100.5', '1');
      book.set('bid', '100.50000000', zero);
      expect(book.bestBid()?.price).toBe('100');
    }
    book.set('ask', '101', '0'); // removing the only ask leaves the side empty
    expect(book.bestAsk()).toBeUndefined();
    book.set('ask', '250', '0'); // removing an absent level is a no-op
    expect(book.depth('ask')).toBe(0);
  });

  it('keys levels by value, so trailing zeros in updates hit the snapshot level', () => {
    const book = new OrderBook();
    book.applySnapshot([['8442.65', '1']], [['8443', '1']]);
    book.set('bid', '8442.65000000', '4');
    expect(book.depth('bid')).toBe(1);
    expect(book.bestBid()).toEqual({ price: '8442.65', size: '4' });
    book.set('bid', '8442.6500', '0');
    expect(book.depth('bid')).toBe(0);
  });

  it('reports canonical price strings', () => {
    const book = new OrderBook();
    book.applySnapshot([['0100.500', '1']], [['101.000', '1']]);
    expect(book.bestBid()?.price).toBe('100.5');
    expect(book.bestAsk()?.price).toBe('101');
  });

  it('a snapshot replaces the whole book', () => {
    const book = new OrderBook();
    book.applySnapshot(
      [
        ['1', '1'],
        ['2', '1'],
      ],
      [['3', '1']],
    );
    book.applySnapshot([['10', '1']], [['11', '1']]);
    expect(book.levels('bid')).toEqual([{ price: '10', size: '1' }]);
    expect(book.levels('ask')).toEqual([{ price: '11', size: '1' }]);
  });

  it('detects a crossed or locked book', () => {
    const book = new OrderBook();
    book.applySnapshot([['100', '1']], [['101', '1']]);
    expect(book.isCrossed()).toBe(false);
    book.set('bid', '101', '1');
    expect(book.isCrossed()).toBe(true); // locked
    book.set('bid', '101', '0');
    book.set('bid', '102', '1');
    expect(book.isCrossed()).toBe(true);
  });

  it('rejects malformed prices and sizes without corrupting the book', () => {
    const book = new OrderBook();
    book.applySnapshot([['100', '1']], [['101', '1']]);
    expect(() => book.set('bid', '1e2', '1')).toThrow(RangeError);
    expect(() => book.set('bid', '100', '-1')).toThrow(RangeError);
    expect(() => book.set('bid', '100', '')).toThrow(RangeError);
    expect(book.bestBid()).toEqual({ price: '100', size: '1' });
    expect(() => book.applySnapshot([['x', '1']], [])).toThrow(RangeError);
    expect(book.depth('bid') + book.depth('ask')).toBe(0);
  });

  it('stays exact past the price-key cache limit (20k distinct prices, then removals)', () => {
    const book = new OrderBook();
    for (let i = 1; i <= 20_000; i++) book.set('bid', `${i}.50`, '1');
    expect(book.depth('bid')).toBe(20_000);
    expect(book.bestBid()).toEqual({ price: '20000.5', size: '1' });
    for (let i = 20_000; i > 10_000; i--) book.set('bid', `${i}.5`, '0');
    expect(book.depth('bid')).toBe(10_000);
    expect(book.bestBid()?.price).toBe('10000.5');
  });

  it('matches a naive model under random updates (best levels and full depth)', () => {
    const price = fc
      .integer({ min: 1, max: 400 })
      .chain((cents) =>
        fc.constantFrom(
          `${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, '0')}`,
          `${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, '0')}000`,
        ),
      );
    const size = fc.constantFrom('0', '0.0', '0.00000000', '1', '2.5', '0.001');
    const op = fc.tuple(fc.constantFrom<'bid' | 'ask'>('bid', 'ask'), price, size);
    fc.assert(
      fc.property(fc.array(op, { maxLength: 200 }), (ops) => {
        const book = new OrderBook();
        const model = { bid: new Map<number, string>(), ask: new Map<number, string>() };
        for (const [side, p, s] of ops) {
          book.set(side, p, s);
          const cents = Math.round(Number(p) * 100);
          if (Number(s) === 0) model[side].delete(cents);
          else model[side].set(cents, s);
        }
        const bids = [...model.bid.keys()].sort((a, b) => b - a);
        const asks = [...model.ask.keys()].sort((a, b) => a - b);
        expect(book.levels('bid').map((l) => Math.round(Number(l.price) * 100))).toEqual(bids);
        expect(book.levels('ask').map((l) => Math.round(Number(l.price) * 100))).toEqual(asks);
        if (bids.length > 0) expect(book.bestBid()?.size).toBe(model.bid.get(bids[0]!));
      }),
    );
  });
});
