import fc from 'fast-check';

import { formatPriceKey, isZeroDecimal, priceKey } from './decimal-price';
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

describe('OrderBook number keys and bigint keys', () => {
  /** Mostly BTC-like cents, some prices only the bigint path holds (12 decimals, > 2^53 units of 1e-8). */
  const price = fc.oneof(
    {
      weight: 6,
      arbitrary: fc
        .integer({ min: 1, max: 300 })
        .map((c) => `${Math.floor(c / 100)}.${String(c % 100).padStart(2, '0')}`),
    },
    {
      weight: 2,
      arbitrary: fc
        .integer({ min: 1, max: 300 })
        .map((c) => `${Math.floor(c / 100)}.${String(c % 100).padStart(2, '0')}0000000`),
    },
    {
      weight: 1,
      arbitrary: fc.integer({ min: 1, max: 300 }).map((c) => `${c / 100}00000000001`.replace(/^(\d+)0{8}/, '$1.')),
    },
    { weight: 1, arbitrary: fc.constantFrom('1.000000000001', '2.500000000001', '100000000.5', '90071992.54740992') },
  );
  const size = fc.constantFrom('0', '0.0', '0.00000000', '1', '2.5', '0.001');
  const op = fc.tuple(fc.constantFrom<'bid' | 'ask'>('bid', 'ask'), price, size);
  const snapshotSide = fc.array(fc.tuple(price, size), { maxLength: 8 });

  /** The same book pushed onto the bigint path first (a wide price added, then removed). */
  function widened(): OrderBook {
    const book = new OrderBook();
    book.set('bid', '0.000000000000000001', '1');
    book.set('bid', '0.000000000000000001', '0');
    return book;
  }

  it('the fast path and the bigint path hold the same levels after every update', () => {
    fc.assert(
      fc.property(snapshotSide, snapshotSide, fc.array(op, { maxLength: 120 }), (bids, asks, ops) => {
        const fast = new OrderBook();
        const wide = widened();
        fast.applySnapshot(bids, asks);
        wide.applySnapshot(bids, asks);
        wide.set('ask', '0.000000000000000001', '1'); // the snapshot reset it: widen again
        wide.set('ask', '0.000000000000000001', '0');
        const model = { bid: new Map<bigint, string>(), ask: new Map<bigint, string>() };
        for (const [p, s] of bids) if (!isZeroDecimal(s)) model.bid.set(priceKey(p), s);
        for (const [p, s] of asks) if (!isZeroDecimal(s)) model.ask.set(priceKey(p), s);
        for (const [side, p, s] of ops) {
          fast.set(side, p, s);
          wide.set(side, p, s);
          if (isZeroDecimal(s)) model[side].delete(priceKey(p));
          else model[side].set(priceKey(p), s);
          for (const sd of ['bid', 'ask'] as const) {
            expect(fast.levels(sd)).toEqual(wide.levels(sd));
            expect(fast.depth(sd)).toBe(model[sd].size);
          }
          expect(fast.bestBid()).toEqual(wide.bestBid());
          expect(fast.bestAsk()).toEqual(wide.bestAsk());
          expect(fast.isCrossed()).toBe(wide.isCrossed());
        }
        const order = (a: bigint, b: bigint): number => (a < b ? -1 : a > b ? 1 : 0);
        const bidKeys = [...model.bid.keys()].sort((a, b) => order(b, a));
        const askKeys = [...model.ask.keys()].sort(order);
        expect(fast.levels('bid')).toEqual(bidKeys.map((k) => ({ price: formatPriceKey(k), size: model.bid.get(k) })));
        expect(fast.levels('ask')).toEqual(askKeys.map((k) => ({ price: formatPriceKey(k), size: model.ask.get(k) })));
      }),
      { numRuns: 300 },
    );
  });

  it('moves to bigint keys on a price with more than 8 decimals without losing or reordering levels', () => {
    const book = new OrderBook();
    book.applySnapshot(
      [
        ['100.5', '1'],
        ['99', '2'],
      ],
      [['101.25', '3']],
    );
    book.set('bid', '100.500000000001', '4');
    expect(book.levels('bid')).toEqual([
      { price: '100.500000000001', size: '4' },
      { price: '100.5', size: '1' },
      { price: '99', size: '2' },
    ]);
    book.set('bid', '100.50000000', '0');
    book.set('ask', '100.500000000001', '1');
    expect(book.isCrossed()).toBe(true); // locked at 100.500000000001, compared exactly
    book.set('ask', '100.500000000001', '0');
    expect(book.isCrossed()).toBe(false);
    expect(book.bestAsk()).toEqual({ price: '101.25', size: '3' });
  });

  it('setFromText applies the same update as set, reading price and size out of a larger text', () => {
    const a = new OrderBook();
    const b = new OrderBook();
    const text = '["buy","0100.50","2.5"]["sell","7.000000000001","0.0"]["buy","1e3","1"]';
    const at = (needle: string, from = 0): [number, number] => {
      const start = text.indexOf(needle, from);
      return [start, start + needle.length];
    };
    a.set('bid', '0100.50', '2.5');
    b.setFromText('bid', text, ...at('0100.50'), ...at('2.5'));
    expect(b.levels('bid')).toEqual(a.levels('bid'));
    expect(b.bestBid()).toEqual({ price: '100.5', size: '2.5' });
    b.setFromText('ask', text, ...at('7.000000000001'), ...at('0.0')); // wide price, zero size: nothing to remove
    expect(b.depth('ask')).toBe(0);
    expect(() => b.setFromText('bid', text, ...at('1e3'), ...at('1', 70))).toThrow(
      new RangeError('not a decimal: "1e3"'),
    );
    expect(() => b.setFromText('bid', text, ...at('0100.50'), ...at('1e3'))).toThrow(
      new RangeError('not a size: "1e3"'),
    );
    expect(b.levels('bid')).toEqual(a.levels('bid'));
  });
});
