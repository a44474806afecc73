import { ManualClock } from '@truex-mm/clock';

import { CoinbaseFeed } from './coinbase-feed';
import type { CoinbaseFeedOptions, FeedState } from './feed-types';
import { FakeCoinbaseServer, type FakeConnection, until } from './fake-coinbase-server.test-util';

const T0 = Date.UTC(2026, 0, 1, 12, 0, 0);
const heartbeat = (sequence: number) => ({
  type: 'heartbeat',
  sequence,
  last_trade_id: 0,
  product_id: 'BTC-USD',
  time: new Date(T0).toISOString(),
});

interface Harness {
  feed: CoinbaseFeed;
  clock: ManualClock;
  server: FakeCoinbaseServer;
  connection: FakeConnection;
  states: FeedState[];
  liveness: Array<[boolean, number]>;
  invalid: string[];
}

let active: Harness | undefined;
afterEach(async () => {
  await active?.feed.stop();
  await active?.server.close();
  active = undefined;
});

/** A feed on a ManualClock, live with a BTC-USD book 100/101 at T0. */
async function liveFeed(options: Partial<CoinbaseFeedOptions> = {}): Promise<Harness> {
  const server = await FakeCoinbaseServer.start();
  const clock = new ManualClock(T0);
  const feed = new CoinbaseFeed({
    url: server.url,
    clock,
    reconnect: { initialDelayMs: 1000, maxDelayMs: 8000, random: () => 0 },
    ...options,
  });
  const states: FeedState[] = [];
  const liveness: Array<[boolean, number]> = [];
  const invalid: string[] = [];
  feed.on('state', (s) => states.push(s));
  feed.on('liveness', (live, ageMs) => liveness.push([live, ageMs]));
  feed.on('book-invalid', (_p, reason) => invalid.push(reason));
  feed.start();
  const connection = await server.connection(0);
  await connection.framesAtLeast(1);
  connection.send({ type: 'subscriptions', channels: [] });
  connection.send({ type: 'snapshot', product_id: 'BTC-USD', bids: [['100', '1']], asks: [['101', '2']] });
  await until(() => feed.topOfBook('BTC-USD') !== undefined);
  active = { feed, clock, server, connection, states, liveness, invalid };
  return active;
}

/** Sends a frame and waits until the feed has read it (the ManualClock does not move meanwhile). */
async function deliver(h: Harness, message: unknown): Promise<void> {
  const before = h.feed.metrics().messages;
  h.connection.send(message);
  await until(() => h.feed.metrics().messages > before);
}

describe('CoinbaseFeed liveness within the heartbeat', () => {
  it('is not fresh after 1.5 heartbeat intervals of silence, fresh again on the next message, stale at the outer bound', async () => {
    const h = await liveFeed(); // heartbeats 1/s, staleAfterMs 3000
    expect(h.feed.livenessWindowMs).toBe(1500);
    expect(h.liveness).toEqual([[true, 0]]);
    for (let i = 1; i <= 3; i++) {
      h.clock.advance(1000);
      await deliver(h, heartbeat(i)); // on-time heartbeats keep it fresh
    }
    expect(h.feed.metrics().livenessLapses).toBe(0);

    h.clock.advance(1499);
    expect(h.feed.lastMessageAgeMs()).toBe(1499);
    expect(h.feed.isLive()).toBe(true);
    expect(h.feed.topOfBook('BTC-USD')).toBeDefined();
    h.clock.advance(1);
    expect(h.liveness).toEqual([
      [true, 0],
      [false, 1500],
    ]);
    expect(h.feed.isLive()).toBe(false);
    expect(h.feed.topOfBook('BTC-USD')).toBeUndefined();
    expect(h.feed.state).toBe('live'); // the socket is kept: only the outer bound reconnects
    expect(h.invalid).toEqual([]);

    h.clock.advance(500);
    await deliver(h, heartbeat(4)); // late, but before staleAfterMs: the same book is fresh again
    expect(h.liveness[2]).toEqual([true, 0]);
    expect(h.feed.topOfBook('BTC-USD')).toMatchObject({ bidPrice: '100', askPrice: '101' });

    h.clock.advance(1500);
    expect(h.liveness[3]).toEqual([false, 1500]);
    h.clock.advance(1499);
    expect(h.feed.state).toBe('live');
    h.clock.advance(1);
    expect(h.states.slice(-2)).toEqual(['stale', 'disconnected']);
    expect(h.liveness).toHaveLength(4); // already not fresh: going down adds no event
    expect(h.feed.lastMessageAgeMs()).toBeUndefined();
    expect(h.feed.metrics()).toMatchObject({ livenessLapses: 2, staleEvents: 1 });
  });

  it('answers from the clock, not from a timer: a late watchdog never makes an old reference look fresh', async () => {
    const h = await liveFeed();
    const now = h.clock.now();
    expect(h.feed.isLive(now + 1499)).toBe(true);
    expect(h.feed.isLive(now + 1500)).toBe(false); // the ManualClock has not moved: no timer fired yet
    expect(h.feed.lastMessageAgeMs(now + 1600)).toBe(1600);
  });

  it('follows the configured heartbeat cadence, bounded by staleAfterMs', async () => {
    const fast = await liveFeed({ heartbeatIntervalMs: 200 });
    expect(fast.feed.livenessWindowMs).toBe(300);
    fast.clock.advance(299);
    expect(fast.feed.isLive()).toBe(true);
    fast.clock.advance(1);
    expect(fast.liveness.at(-1)).toEqual([false, 300]);
    expect(new CoinbaseFeed({ staleAfterMs: 1000 }).livenessWindowMs).toBe(1000);
    expect(new CoinbaseFeed({ dialect: 'advanced-trade' }).livenessWindowMs).toBe(1500);
    expect(() => new CoinbaseFeed({ heartbeatIntervalMs: 0 })).toThrow(/positive/);
  });

  it('a disconnect ends freshness at once', async () => {
    const h = await liveFeed();
    h.connection.socket.terminate();
    await until(() => h.feed.state === 'disconnected');
    expect(h.liveness.at(-1)?.[0]).toBe(false);
    expect(h.feed.isLive()).toBe(false);
    expect(h.feed.lastMessageAgeMs()).toBeUndefined();
  });
});

describe('CoinbaseFeed inbound error boundary', () => {
  it('a throwing state/liveness/top listener is counted, and the feed still reconnects and rebuilds', async () => {
    const h = await liveFeed();
    const errors: string[] = [];
    h.feed.on('error', (e) => errors.push(e.code));
    for (const event of ['state', 'liveness', 'top'] as const) {
      h.feed.on(event as 'state', () => {
        throw new Error(`${event} consumer bug`);
      });
    }
    h.connection.socket.terminate();
    await until(() => h.feed.state === 'disconnected');
    h.clock.advance(500); // backoff (random 0): the reconnect timer was scheduled despite the throwing listeners
    const c2 = await h.server.connection(1);
    await c2.framesAtLeast(1);
    c2.send({ type: 'subscriptions', channels: [] });
    c2.send({ type: 'snapshot', product_id: 'BTC-USD', bids: [['99', '1']], asks: [['100', '2']] });
    await until(() => h.feed.topOfBook('BTC-USD')?.bidPrice === '99');
    expect(h.feed.metrics().listenerErrors).toBeGreaterThanOrEqual(4);
    expect(errors.every((c) => c === 'INTERNAL')).toBe(true);
  });

  it('a garbled trade_id far ahead does not make every later trade a duplicate', async () => {
    const h = await liveFeed();
    const trades: number[] = [];
    h.feed.on('trade', (t) => trades.push(t.tradeId));
    const match = (tradeId: number) => ({
      type: 'match',
      trade_id: tradeId,
      sequence: 1,
      maker_order_id: 'm',
      taker_order_id: 't',
      side: 'sell',
      size: '1',
      price: '100.5',
      product_id: 'BTC-USD',
      time: new Date(T0).toISOString(),
    });
    await deliver(h, match(10));
    await deliver(h, match(2_000_000_000)); // garbage that parses
    await deliver(h, match(11));
    await deliver(h, match(12));
    expect(trades).toEqual([10, 2_000_000_000, 11, 12]);
    expect(h.feed.metrics()).toMatchObject({ duplicates: 0, tradeIdGaps: 2 });
  });
});
