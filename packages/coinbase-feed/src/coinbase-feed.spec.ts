import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';

import { ManualClock } from '@truex-mm/clock';
import pino from 'pino';

import { CoinbaseFeed } from './coinbase-feed';
import { CoinbaseFeedError } from './errors';
import { exchangeSignature } from './exchange-auth';
import type { CoinbaseFeedOptions, FeedState, TopOfBook, Trade } from './feed-types';
import { FakeCoinbaseServer, type FakeConnection, until } from './fake-coinbase-server.test-util';

const T0 = Date.UTC(2026, 0, 1, 12, 0, 0);
const iso = (ms: number): string => new Date(ms).toISOString().replace('Z', '000Z');

const snapshot = (product: string, bids: string[][], asks: string[][]) => ({
  type: 'snapshot',
  product_id: product,
  bids,
  asks,
});
const l2update = (product: string, changes: string[][], timeMs = T0) => ({
  type: 'l2update',
  product_id: product,
  changes,
  time: iso(timeMs),
});
const match = (product: string, tradeId: number, type = 'match') => ({
  type,
  trade_id: tradeId,
  sequence: tradeId * 3,
  maker_order_id: 'm',
  taker_order_id: 't',
  side: 'sell',
  size: '0.5',
  price: '100.5',
  product_id: product,
  time: iso(T0),
});

interface Harness {
  feed: CoinbaseFeed;
  clock: ManualClock;
  server: FakeCoinbaseServer;
  states: FeedState[];
  tops: TopOfBook[];
  trades: Trade[];
  invalid: Array<[string, string]>;
  errors: CoinbaseFeedError[];
}

let active: Harness | undefined;
afterEach(async () => {
  if (active) {
    await active.feed.stop();
    await active.server.close();
    active = undefined;
  }
});

async function startFeed(options: Partial<CoinbaseFeedOptions> = {}, serverOptions = {}): Promise<Harness> {
  const server = await FakeCoinbaseServer.start(serverOptions);
  const clock = new ManualClock(T0);
  const feed = new CoinbaseFeed({
    url: server.url,
    clock,
    reconnect: { initialDelayMs: 1000, maxDelayMs: 8000, random: () => 0 },
    ...options,
  });
  const h: Harness = { feed, clock, server, states: [], tops: [], trades: [], invalid: [], errors: [] };
  feed.on('state', (s) => h.states.push(s));
  feed.on('top', (t) => h.tops.push(t));
  feed.on('trade', (t) => h.trades.push(t));
  feed.on('book-invalid', (p, r) => h.invalid.push([p, r]));
  feed.on('error', (e) => h.errors.push(e));
  active = h;
  feed.start();
  return h;
}

/** Connects, answers the subscribe, and loads a BTC-USD book 100/101. */
async function liveWithBook(h: Harness, index = 0): Promise<FakeConnection> {
  const c = await h.server.connection(index);
  await c.framesAtLeast(1);
  c.send({ type: 'subscriptions', channels: [] });
  c.send(
    snapshot(
      'BTC-USD',
      [
        ['100.00', '1'],
        ['99', '2'],
      ],
      [
        ['101', '3'],
        ['102', '4'],
      ],
    ),
  );
  await until(() => h.feed.topOfBook('BTC-USD') !== undefined);
  return c;
}

describe('CoinbaseFeed (exchange dialect)', () => {
  it('subscribes on open to heartbeat, ticker, level2_batch and matches, with product ids per channel', async () => {
    const h = await startFeed({ products: ['BTC-USD', 'ETH-USD'] });
    const c = await h.server.connection(0);
    const [sub] = await c.framesAtLeast(1);
    expect(sub).toEqual({
      type: 'subscribe',
      channels: ['heartbeat', 'ticker', 'level2_batch', 'matches'].map((name) => ({
        name,
        product_ids: ['BTC-USD', 'ETH-USD'],
      })),
    });
    expect(h.feed.state).toBe('subscribing');
    c.send({ type: 'subscriptions', channels: [{ name: 'level2_50', product_ids: ['BTC-USD'] }] });
    await until(() => h.feed.state === 'live');
    expect(h.states).toEqual(['connecting', 'subscribing', 'live']);
  });

  it('builds the book from snapshot + l2update and publishes top-of-book only when it changes', async () => {
    const h = await startFeed();
    const c = await liveWithBook(h);
    expect(h.feed.topOfBook('BTC-USD')).toEqual({
      product: 'BTC-USD',
      bidPrice: '100',
      bidSize: '1',
      askPrice: '101',
      askSize: '3',
      receivedAtMs: T0,
    });
    c.send(l2update('BTC-USD', [['buy', '98.5', '7']], T0 - 40)); // below the top: no 'top'
    c.send(
      l2update(
        'BTC-USD',
        [
          ['buy', '100.00000000', '0.00000000'],
          ['sell', '100.5', '0.25'],
        ],
        T0 - 5,
      ),
    );
    await until(() => h.tops.length === 2);
    expect(h.tops[1]).toEqual({
      product: 'BTC-USD',
      bidPrice: '99',
      bidSize: '2',
      askPrice: '100.5',
      askSize: '0.25',
      exchangeTimeMs: T0 - 5,
      receivedAtMs: T0,
    });
    expect(h.feed.orderBook('BTC-USD')!.depth('bid')).toBe(2); // 99 and 98.5
    expect(h.feed.metrics().lagMs).toMatchObject({ samples: 2, last: 5, max: 40 });
  });

  it('invalidates a crossed book, resubscribes level2_batch for that product, and recovers on the next snapshot', async () => {
    const h = await startFeed();
    const c = await liveWithBook(h);
    c.send(l2update('BTC-USD', [['buy', '101.5', '1']]));
    await until(() => h.invalid.length === 1);
    expect(h.invalid[0]).toEqual(['BTC-USD', 'crossed book: bid 101.5 >= ask 101']);
    expect(h.feed.topOfBook('BTC-USD')).toBeUndefined();
    const frames = await c.framesAtLeast(3);
    expect(frames.slice(1)).toEqual([
      { type: 'unsubscribe', channels: [{ name: 'level2_batch', product_ids: ['BTC-USD'] }] },
      { type: 'subscribe', channels: [{ name: 'level2_batch', product_ids: ['BTC-USD'] }] },
    ]);
    c.send(l2update('BTC-USD', [['buy', '99.5', '1']])); // in flight before the new snapshot: dropped
    c.send(snapshot('BTC-USD', [['200', '1']], [['201', '1']]));
    await until(() => h.feed.topOfBook('BTC-USD') !== undefined);
    expect(h.feed.topOfBook('BTC-USD')).toMatchObject({ bidPrice: '200', askPrice: '201' });
    expect(h.feed.metrics()).toMatchObject({ bookInvalidations: 1, updatesWithoutBook: 1 });
  });

  it('emits trades with the taker side, skips last_match and duplicates, and treats a trade_id gap as a book fault', async () => {
    const h = await startFeed();
    const c = await liveWithBook(h);
    c.send(match('BTC-USD', 10, 'last_match'));
    c.send(match('BTC-USD', 11));
    c.send(match('BTC-USD', 11));
    c.send(match('BTC-USD', 14));
    await until(() => h.trades.length === 2);
    expect(h.trades.map((t) => [t.tradeId, t.side, t.makerSide, t.price])).toEqual([
      [11, 'buy', 'sell', '100.5'],
      [14, 'buy', 'sell', '100.5'],
    ]);
    expect(h.invalid).toEqual([['BTC-USD', 'trade_id gap: 11 -> 14']]);
    expect(h.feed.topOfBook('BTC-USD')).toBeUndefined();
    expect(h.feed.metrics()).toMatchObject({ tradeIdGaps: 1, duplicates: 1 });
  });

  it('counts and skips malformed frames, then keeps processing', async () => {
    const h = await startFeed();
    const c = await liveWithBook(h);
    c.send('{"type":"l2update",');
    c.send(l2update('BTC-USD', [['buy', 'abc', '1']]));
    c.send('[1,2]');
    c.send({ type: 'noop_test' }); // unknown types are ignored, not malformed
    c.send(snapshot('BTC-USD', [['100', '5']], [['101', '5']]));
    await until(() => h.feed.topOfBook('BTC-USD')?.bidSize === '5');
    expect(h.feed.metrics().malformed).toBe(3);
  });

  it('survives a throwing listener and reports it as an INTERNAL error', async () => {
    const h = await startFeed();
    h.feed.once('top', () => {
      throw new Error('consumer bug');
    });
    const c = await liveWithBook(h);
    expect(h.errors[0]).toMatchObject({ code: 'INTERNAL' });
    expect(h.errors[0]!.message).toContain('consumer bug');
    c.send(l2update('BTC-USD', [['sell', '100.75', '1']]));
    await until(() => h.feed.topOfBook('BTC-USD')?.askPrice === '100.75');
    expect(h.feed.state).toBe('live');
  });

  it('surfaces Coinbase error messages with their reason and drops a product Coinbase rejects for good', async () => {
    const h = await startFeed({ products: ['BTC-USD', 'LOOM-USDC'] });
    const c = await h.server.connection(0);
    await c.framesAtLeast(1);
    c.send({ type: 'error', message: 'Failed to subscribe', reason: 'LOOM-USDC is delisted' });
    c.send({
      type: 'error',
      message: 'Failed to subscribe',
      reason: 'level2, level3, and full channels now require authentication',
    });
    await until(() => h.errors.length === 2);
    expect(h.errors[0]).toMatchObject({ code: 'SUBSCRIBE_REJECTED', reason: 'LOOM-USDC is delisted' });
    expect(h.feed.products).toEqual(['BTC-USD']);
    expect(h.errors[1]!.code).toBe('VENUE_ERROR');
    expect(h.errors[1]!.message).toContain('level2_batch');
    expect(h.feed.metrics().venueErrors).toBe(2);
  });

  it('goes stale after staleAfterMs of silence, invalidates books, and reconnects after the backoff', async () => {
    const h = await startFeed({ staleAfterMs: 3000 });
    const c = await liveWithBook(h);
    h.clock.advance(2000);
    c.send({ type: 'heartbeat', sequence: 1, last_trade_id: 0, product_id: 'BTC-USD', time: iso(T0 + 2000) });
    await until(() => h.feed.metrics().messages === 3);
    h.clock.advance(2999); // 2999 ms after the heartbeat: still fine
    expect(h.feed.state).toBe('live');
    h.clock.advance(1);
    expect(h.states.slice(-2)).toEqual(['stale', 'disconnected']);
    expect(h.invalid).toEqual([['BTC-USD', 'disconnected: stale: no message for 3000 ms']]);
    expect(h.feed.topOfBook('BTC-USD')).toBeUndefined();
    h.clock.advance(499); // backoff with random 0: 1000/2
    expect(h.feed.state).toBe('disconnected');
    h.clock.advance(1);
    expect(h.feed.state).toBe('connecting');
    const c2 = await liveWithBook(h, 1);
    expect((await c2.framesAtLeast(1))[0]).toMatchObject({ type: 'subscribe' });
    expect(h.feed.metrics()).toMatchObject({ reconnects: 1, staleEvents: 1 });
  });

  it('on a server drop, invalidates books and backs off exponentially while connections keep failing', async () => {
    const h = await startFeed();
    const c = await liveWithBook(h);
    c.socket.terminate();
    await until(() => h.feed.state === 'disconnected');
    expect(h.invalid[0]![0]).toBe('BTC-USD');
    const delays: number[] = [];
    for (let i = 1; i <= 3; i++) {
      let waited = 0;
      while (h.feed.state === 'disconnected') {
        h.clock.advance(250);
        waited += 250;
      }
      delays.push(waited);
      const next = await h.server.connection(i);
      next.socket.terminate(); // refuse service: the attempt fails
      await until(() => h.feed.state === 'disconnected');
    }
    expect(delays).toEqual([500, 1000, 2000]);
  });

  it('pings and reconnects when no pong comes back', async () => {
    const h = await startFeed({ staleAfterMs: 60_000, pingIntervalMs: 1000, pongTimeoutMs: 500 }, { autoPong: false });
    const c = await liveWithBook(h);
    let pinged = false;
    c.socket.on('ping', () => (pinged = true));
    h.clock.advance(1000);
    await until(() => pinged);
    h.clock.advance(499);
    expect(h.feed.state).toBe('live');
    h.clock.advance(1);
    expect(h.feed.state).toBe('disconnected');
    expect(h.invalid[0]![1]).toBe('disconnected: no pong within 500 ms');
  });

  it('keeps the connection when pongs come back', async () => {
    const h = await startFeed({ staleAfterMs: 60_000, pingIntervalMs: 1000, pongTimeoutMs: 500 });
    const c = await liveWithBook(h);
    let pings = 0;
    c.socket.on('ping', () => pings++);
    for (let i = 1; i <= 3; i++) {
      h.clock.advance(1000); // ping i; the previous ping's pong deadline passes on the way
      await until(() => pings === i);
      await new Promise((r) => setTimeout(r, 20)); // let the real pong travel back
      expect([i, h.feed.state, h.invalid]).toEqual([i, 'live', []]);
    }
    h.clock.advance(1000);
    expect(h.feed.state).toBe('live');
  });

  it('stop() closes the socket and never reconnects', async () => {
    const h = await startFeed();
    const c = await liveWithBook(h);
    const closed = new Promise((r) => c.socket.once('close', r));
    await h.feed.stop();
    await closed;
    h.clock.advance(60_000);
    expect(h.feed.state).toBe('stopped');
    expect(h.server.connections).toHaveLength(1);
  });

  it('signs an authenticated level2 subscribe and keeps the secret out of frames and logs', async () => {
    const secret = Buffer.from('super-secret-signing-key').toString('base64');
    const lines: string[] = [];
    const logger = pino(
      { level: 'trace' },
      new Writable({ write: (chunk, _e, cb) => (lines.push(String(chunk)), cb()) }),
    );
    const h = await startFeed({ auth: { key: 'api-key', passphrase: 'phrase', secret }, logger });
    const c = await h.server.connection(0);
    const [sub] = (await c.framesAtLeast(1)) as Array<Record<string, unknown>>;
    expect(sub!['channels']).toContainEqual({ name: 'level2', product_ids: ['BTC-USD'] });
    expect(sub).toMatchObject({ key: 'api-key', passphrase: 'phrase', timestamp: (T0 / 1000).toFixed(3) });
    expect(sub!['signature']).toBe(exchangeSignature(secret, (T0 / 1000).toFixed(3)));
    c.socket.terminate();
    await until(() => h.feed.state === 'disconnected');
    expect(lines.length).toBeGreaterThan(0);
    expect(lines.join('') + c.frames.join('')).not.toContain(secret);
  });

  it('backs off for rateLimitedDelayMs after an HTTP 429 at upgrade and reports the connection error', async () => {
    const http = createServer();
    http.on('upgrade', (_req, socket) => socket.end('HTTP/1.1 429 Too Many Requests\r\nContent-Length: 0\r\n\r\n'));
    await new Promise<void>((r) => http.listen(0, '127.0.0.1', r));
    try {
      const clock = new ManualClock(T0);
      const { port } = http.address() as AddressInfo;
      const feed = new CoinbaseFeed({
        url: `ws://127.0.0.1:${port}`,
        clock,
        reconnect: { random: () => 0, rateLimitedDelayMs: 16_000 },
      });
      const errors: CoinbaseFeedError[] = [];
      feed.on('error', (e) => errors.push(e));
      feed.start();
      await until(() => feed.state === 'disconnected');
      expect(errors[0]).toMatchObject({ code: 'CONNECTION_ERROR' });
      expect(errors[0]!.message).toContain('429');
      clock.advance(15_999);
      expect(feed.state).toBe('disconnected');
      clock.advance(1);
      expect(feed.state).toBe('connecting');
      await feed.stop();
    } finally {
      await new Promise((r) => http.close(r));
    }
  });

  it('rejects bad configuration with a typed error', () => {
    expect(() => new CoinbaseFeed({ products: [] })).toThrow(CoinbaseFeedError);
    expect(() => new CoinbaseFeed({ auth: { key: 'k', passphrase: '', secret: 's' } })).toThrow(
      /key, passphrase and secret/,
    );
  });
});

describe('CoinbaseFeed (advanced-trade dialect)', () => {
  let seq = 0;
  const envelope = (channel: string, events: unknown[], sequenceNum = seq++) => ({
    channel,
    client_id: '',
    timestamp: '2026-01-01T11:59:59.900000000Z',
    sequence_num: sequenceNum,
    events,
  });
  const level = (side: string, price: string, qty: string) => ({
    side,
    event_time: '1970-01-01T00:00:00Z',
    price_level: price,
    new_quantity: qty,
  });

  beforeEach(() => (seq = 0));

  it('subscribes one channel per message, builds books from l2_data and resyncs every book on a sequence_num gap', async () => {
    const h = await startFeed({ dialect: 'advanced-trade', products: ['BTC-USD', 'ETH-USDC'] });
    const c = await h.server.connection(0);
    const subs = await c.framesAtLeast(4);
    expect(subs).toEqual(
      ['heartbeats', 'level2', 'ticker', 'market_trades'].map((channel) => ({
        type: 'subscribe',
        product_ids: ['BTC-USD', 'ETH-USDC'],
        channel,
      })),
    );
    c.send(envelope('subscriptions', [{ subscriptions: { level2: ['BTC-USD', 'ETH-USD'] } }]));
    c.send(
      envelope('l2_data', [
        { type: 'snapshot', product_id: 'BTC-USD', updates: [level('bid', '100', '1'), level('offer', '101', '2')] },
      ]),
    );
    c.send(
      envelope('l2_data', [
        { type: 'snapshot', product_id: 'ETH-USD', updates: [level('bid', '10', '1'), level('offer', '11', '2')] },
      ]),
    );
    c.send(
      envelope('l2_data', [
        {
          type: 'update',
          product_id: 'BTC-USD',
          updates: [level('offer', '100.5', '3'), level('offer', '101', '0.0')],
        },
      ]),
    );
    await until(() => h.feed.topOfBook('BTC-USD')?.askPrice === '100.5');
    expect(h.feed.topOfBook('ETH-USDC')).toMatchObject({ bidPrice: '10', askPrice: '11' }); // -USD answer mapped back
    expect(h.feed.state).toBe('live');
    expect(h.feed.metrics().lagMs.last).toBe(100);

    c.send(envelope('heartbeats', [{ current_time: 'x', heartbeat_counter: 1 }], 3)); // duplicate sequence_num: ignored
    c.send(envelope('heartbeats', [{ current_time: 'x', heartbeat_counter: 2 }], 7)); // 4..6 lost
    await until(() => h.invalid.length === 2);
    expect(h.invalid.map(([p]) => p).sort()).toEqual(['BTC-USD', 'ETH-USDC']);
    expect(h.invalid[0]![1]).toBe('sequence_num gap: 3 -> 7');
    const frames = await c.framesAtLeast(6);
    expect(frames.slice(4)).toEqual([
      { type: 'unsubscribe', product_ids: ['BTC-USD', 'ETH-USDC'], channel: 'level2' },
      { type: 'subscribe', product_ids: ['BTC-USD', 'ETH-USDC'], channel: 'level2' },
    ]);
    expect(h.feed.metrics()).toMatchObject({ sequenceGaps: 1, duplicates: 1 });
  });

  it('emits market_trades updates (not the snapshot) as trades with the taker side', async () => {
    const h = await startFeed({ dialect: 'advanced-trade' });
    const c = await h.server.connection(0);
    await c.framesAtLeast(4);
    const trade = (id: string, side: string) => ({
      product_id: 'BTC-USD',
      trade_id: id,
      price: '62322.43',
      size: '0.00005535',
      time: '2024-10-08T09:10:52.378779Z',
      side,
    });
    c.send(envelope('market_trades', [{ type: 'snapshot', trades: [trade('1', 'SELL')] }]));
    c.send(envelope('market_trades', [{ type: 'update', trades: [trade('699871154', 'BUY')] }]));
    await until(() => h.trades.length === 1);
    expect(h.trades[0]).toEqual({
      product: 'BTC-USD',
      price: '62322.43',
      size: '0.00005535',
      side: 'sell',
      makerSide: 'buy',
      tradeId: 699871154,
      timeMs: Date.UTC(2024, 9, 8, 9, 10, 52, 378),
    });
  });

  it('surfaces an Advanced Trade error message', async () => {
    const h = await startFeed({ dialect: 'advanced-trade' });
    const c = await h.server.connection(0);
    await c.framesAtLeast(4);
    c.send({ type: 'error', message: 'too many L2 streams requested in a single session' });
    await until(() => h.errors.length === 1);
    expect(h.errors[0]).toMatchObject({
      code: 'VENUE_ERROR',
      message: 'coinbase: too many L2 streams requested in a single session',
    });
  });
});
