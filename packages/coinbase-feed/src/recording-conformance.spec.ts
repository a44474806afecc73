import { readFileSync } from 'node:fs';
import path from 'node:path';

import { type ExchangeMessage, parseExchangeMessage } from './exchange-messages';
import { OrderBook } from './order-book';

/**
 * Conformance against 30 s of real Coinbase Exchange traffic (cryptofeed's COINBASE.ws.28.0): every frame
 * parses, every book stays uncrossed after every update, and the final top of each book equals a deliberately
 * naive recomputation from the raw file.
 */
const RECORDING = path.resolve(__dirname, '../../../../shared/coinbase/recordings/COINBASE.ws.28.0');

interface RecordedFrame {
  direction: 'received' | 'sent' | 'connect';
  json?: string;
}

function readRecording(): RecordedFrame[] {
  return readFileSync(RECORDING, 'utf8')
    .split('\n')
    .filter((line) => line.length > 0)
    .map((line): RecordedFrame => {
      if (line.includes(' <-> ')) return { direction: 'connect' };
      const sent = line.includes(' <- ');
      const json = line.slice(line.indexOf(': ') + 2);
      return { direction: sent ? 'sent' : 'received', json };
    });
}

describe('COINBASE.ws.28.0 recording', () => {
  const frames = readRecording();
  const received = frames.filter((f) => f.direction === 'received').map((f) => f.json!);

  it('every received frame parses into a known message type', () => {
    const counts = new Map<string, number>();
    for (const text of received) {
      const m = parseExchangeMessage(text);
      counts.set(m.type, (counts.get(m.type) ?? 0) + 1);
    }
    expect(Object.fromEntries(counts)).toEqual({
      l2update: 9719,
      snapshot: 10,
      ticker: 107,
      match: 97,
      last_match: 10,
      subscriptions: 3,
    });
    expect(frames.filter((f) => f.direction === 'sent')).toHaveLength(3);
    for (const f of frames.filter((x) => x.direction === 'sent'))
      expect(parseExchangeMessage(f.json!).type).toBe('other');
  });

  it('books stay uncrossed after every update and end at the naively computed top of book', () => {
    const books = new Map<string, OrderBook>();
    let updates = 0;
    for (const text of received) {
      const m: ExchangeMessage = parseExchangeMessage(text);
      if (m.type === 'snapshot') {
        const book = new OrderBook();
        book.applySnapshot(m.bids, m.asks);
        books.set(m.product_id, book);
      } else if (m.type === 'l2update') {
        const book = books.get(m.product_id);
        if (book === undefined) continue; // before its snapshot: dropped, as the feed does
        for (const [side, price, size] of m.changes) book.set(side === 'buy' ? 'bid' : 'ask', price, size);
        updates++;
        if (book.isCrossed()) {
          throw new Error(
            `${m.product_id} crossed after update ${updates}: ${book.bestBid()?.price} >= ${book.bestAsk()?.price}`,
          );
        }
      } else {
        continue;
      }
      const book = books.get(m.product_id)!;
      expect(book.isCrossed()).toBe(false);
    }
    expect(books.size).toBe(10);
    expect(updates).toBeGreaterThan(9000);

    const naive = naiveTopOfBook(received);
    expect([...naive.keys()].sort()).toEqual([...books.keys()].sort());
    for (const [product, top] of naive) {
      const book = books.get(product)!;
      expect({ product, bid: Number(book.bestBid()!.price), bidSize: Number(book.bestBid()!.size) }).toEqual({
        product,
        bid: top.bid,
        bidSize: top.bidSize,
      });
      expect({ product, ask: Number(book.bestAsk()!.price), askSize: Number(book.bestAsk()!.size) }).toEqual({
        product,
        ask: top.ask,
        askSize: top.askSize,
      });
    }
  });
});

/**
 * Independent of OrderBook and the parser: plain JSON, float-keyed maps (safe here: prices have at most 8
 * decimals, so equal values parse to equal doubles), a linear scan for the best level at the end.
 */
function naiveTopOfBook(lines: string[]): Map<string, { bid: number; bidSize: number; ask: number; askSize: number }> {
  const sides = new Map<string, { buy: Map<number, number>; sell: Map<number, number> }>();
  for (const line of lines) {
    const msg = JSON.parse(line) as {
      type: string;
      product_id: string;
      bids: string[][];
      asks: string[][];
      changes: string[][];
    };
    if (msg.type === 'snapshot') {
      const s = { buy: new Map<number, number>(), sell: new Map<number, number>() };
      for (const [p, q] of msg.bids) if (Number(q) !== 0) s.buy.set(Number(p), Number(q));
      for (const [p, q] of msg.asks) if (Number(q) !== 0) s.sell.set(Number(p), Number(q));
      sides.set(msg.product_id, s);
    } else if (msg.type === 'l2update' && sides.has(msg.product_id)) {
      const s = sides.get(msg.product_id)!;
      for (const [side, p, q] of msg.changes) {
        const levels = side === 'buy' ? s.buy : s.sell;
        if (Number(q) === 0) levels.delete(Number(p));
        else levels.set(Number(p), Number(q));
      }
    }
  }
  const out = new Map<string, { bid: number; bidSize: number; ask: number; askSize: number }>();
  for (const [product, s] of sides) {
    let bid = -Infinity;
    let ask = Infinity;
    for (const p of s.buy.keys()) if (p > bid) bid = p;
    for (const p of s.sell.keys()) if (p < ask) ask = p;
    out.set(product, { bid, bidSize: s.buy.get(bid)!, ask, askSize: s.sell.get(ask)! });
  }
  return out;
}
