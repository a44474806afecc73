import { ManualClock } from '@truex-mm/clock';
import { CoinbaseSimulator } from './coinbase-simulator';
import type { CoinbaseSimulatorOptions } from './coinbase-simulator';
import { exchangeSignature } from './exchange-auth';
import { RawFeedClient } from './test-client.test-util';
import type { FeedMessage } from './test-client.test-util';

const COINBASE_TIME = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/;
const DECIMAL = /^\d+\.\d+$/;

describe('CoinbaseSimulator protocol (raw ws client)', () => {
  let clock: ManualClock;
  let sim: CoinbaseSimulator;
  let url: string;
  const clients: RawFeedClient[] = [];

  async function startSim(options: CoinbaseSimulatorOptions = {}): Promise<void> {
    clock = new ManualClock(Date.UTC(2026, 3, 1, 12, 0, 0));
    sim = new CoinbaseSimulator({ clock, products: ['BTC-USD', 'ETH-USD'], seed: 42, ...options });
    ({ url } = await sim.start());
  }

  async function connect(): Promise<RawFeedClient> {
    const client = await RawFeedClient.connect(url);
    clients.push(client);
    return client;
  }

  afterEach(async () => {
    await Promise.all(clients.splice(0).map((c) => c.close()));
    await sim.stop();
  });

  it('closes a connection that sends no subscribe within 5 s, and not before', async () => {
    await startSim();
    const client = await connect();
    clock.advance(4999);
    await client.sync('BTC-USD').catch(() => undefined); // a subscribe would clear the deadline: use a fresh client
    const silent = await connect();
    clock.advance(4999);
    // A round trip proves the socket is still open at 4999 ms (an unknown type is not a subscribe).
    silent.send({ type: 'hello' });
    expect(await silent.next()).toEqual({
      type: 'error',
      message: 'Failed to hello',
      reason: 'hello is not a valid type',
    });
    clock.advance(1);
    await expect(silent.closed).resolves.toBe(1000);
    expect(sim.metrics().subscribeDeadlineCloses).toBe(1);
    clock.advance(10_000);
    expect(client.closeCode).toBeUndefined(); // subscribed in time: stays open
  });

  it('answers every subscribe and unsubscribe with the cumulative subscriptions', async () => {
    await startSim();
    const client = await connect();
    client.send({ type: 'subscribe', product_ids: ['BTC-USD'], channels: ['heartbeat'] });
    expect((await client.next((m) => m.type === 'subscriptions'))['channels']).toEqual([
      { name: 'heartbeat', product_ids: ['BTC-USD'], account_ids: null },
    ]);
    client.send({
      type: 'subscribe',
      product_ids: ['ETH-USD'],
      channels: ['heartbeat', { name: 'ticker', product_ids: ['BTC-USD'] }],
    });
    expect((await client.next((m) => m.type === 'subscriptions'))['channels']).toEqual([
      { name: 'heartbeat', product_ids: ['BTC-USD', 'ETH-USD'], account_ids: null },
      { name: 'ticker', product_ids: ['ETH-USD', 'BTC-USD'], account_ids: null },
    ]);
    client.send({ type: 'unsubscribe', channels: ['heartbeat'] });
    expect((await client.next((m) => m.type === 'subscriptions'))['channels']).toEqual([
      { name: 'ticker', product_ids: ['ETH-USD', 'BTC-USD'], account_ids: null },
    ]);
    client.send({ type: 'unsubscribe', channels: [{ name: 'ticker', product_ids: ['ETH-USD'] }] });
    expect((await client.next((m) => m.type === 'subscriptions'))['channels']).toEqual([
      { name: 'ticker', product_ids: ['BTC-USD'], account_ids: null },
    ]);
  });

  it('accepts the level2_50 and ticker_1000 aliases and acknowledges level2_batch as level2_50', async () => {
    await startSim();
    const client = await connect();
    client.send({ type: 'subscribe', product_ids: ['BTC-USD'], channels: ['level2_50', 'ticker_1000'] });
    const reply = await client.next((m) => m.type === 'subscriptions');
    expect((reply['channels'] as Array<{ name: string }>).map((c) => c.name)).toEqual(['level2_50', 'ticker_batch']);
    expect((await client.next())['type']).toBe('snapshot');
    expect((await client.next())['type']).toBe('ticker');
    client.send({ type: 'subscribe', product_ids: ['BTC-USD'], channels: ['level2_batch'] });
    const again = await client.next((m) => m.type === 'subscriptions');
    expect((again['channels'] as unknown[]).length).toBe(2); // same channel under either name
  });

  it('can acknowledge canonical names instead', async () => {
    await startSim({ ackLegacyAliases: false, accountIdsNull: false });
    const client = await connect();
    client.send({ type: 'subscribe', product_ids: ['BTC-USD'], channels: ['level2_50'] });
    expect((await client.next((m) => m.type === 'subscriptions'))['channels']).toEqual([
      { name: 'level2_batch', product_ids: ['BTC-USD'] },
    ]);
  });

  it('errors on unknown products and channels but still subscribes the valid part', async () => {
    await startSim();
    const client = await connect();
    client.send({ type: 'subscribe', product_ids: ['BTC-USD', 'DOGE-XYZ'], channels: ['heartbeat', 'tickerz'] });
    const errors = [await client.next(), await client.next()];
    expect(errors).toEqual([
      { type: 'error', message: 'Failed to subscribe', reason: 'DOGE-XYZ is not a valid product' },
      { type: 'error', message: 'Failed to subscribe', reason: 'tickerz is not a valid channel' },
    ]);
    expect((await client.next())['channels']).toEqual([
      { name: 'heartbeat', product_ids: ['BTC-USD'], account_ids: null },
    ]);
    client.send({ type: 'subscribe', channels: ['heartbeat'] });
    expect(await client.next()).toEqual({
      type: 'error',
      message: 'Failed to subscribe',
      reason: 'You need to specify at least one product ID for channel heartbeat',
    });
    client.send('{"type":"subscribe",');
    expect((await client.next())['message']).toBe('Malformed JSON');
    client.send({ type: 'subscribe', product_ids: ['BTC-USD'] });
    expect((await client.next())['reason']).toBe('No channels provided');
    expect(sim.metrics().rejectedRequests).toBe(5);
  });

  it('rejects the whole request in reject mode', async () => {
    await startSim({ onInvalidSubscribe: 'reject' });
    const client = await connect();
    client.send({ type: 'subscribe', product_ids: ['BTC-USD', 'NOPE-USD'], channels: ['heartbeat'] });
    await client.next((m) => m.type === 'error');
    client.send({ type: 'subscribe', product_ids: ['ETH-USD'], channels: ['heartbeat'] });
    expect((await client.next())['channels']).toEqual([
      { name: 'heartbeat', product_ids: ['ETH-USD'], account_ids: null },
    ]);
  });

  it('refuses unauthenticated level2, and serves it one change per message with a valid signature', async () => {
    const credentials = { key: 'k1', secret: Buffer.from('s3cret').toString('base64'), passphrase: 'pp' };
    await startSim({ credentials: [credentials] });
    const anonymous = await connect();
    anonymous.send({ type: 'subscribe', product_ids: ['BTC-USD'], channels: ['level2'] });
    const error = await anonymous.next();
    expect(error['message']).toBe('Failed to subscribe');
    expect(error['reason']).toMatch(/^level2, level3, and full channels now require authentication/);

    const forged = await connect();
    forged.send({
      type: 'subscribe',
      product_ids: ['BTC-USD'],
      channels: ['level2'],
      key: 'k1',
      passphrase: 'pp',
      timestamp: '1',
      signature: 'bad',
    });
    expect((await forged.next())['message']).toBe('Authentication Failed');
    expect(JSON.stringify(forged.frames)).not.toContain(credentials.secret);

    const trusted = await connect();
    const timestamp = '1775044800.5';
    trusted.send({
      type: 'subscribe',
      product_ids: ['BTC-USD'],
      channels: ['level2'],
      key: 'k1',
      passphrase: 'pp',
      timestamp,
      signature: exchangeSignature(credentials.secret, timestamp),
    });
    expect((await trusted.next())['channels']).toEqual([
      { name: 'level2', product_ids: ['BTC-USD'], account_ids: null },
    ]);
    expect((await trusted.next())['type']).toBe('snapshot');
    sim.step();
    const updates = (await trusted.sync('BTC-USD')).filter((m) => m.type === 'l2update');
    expect(updates.length).toBeGreaterThan(0);
    for (const u of updates) expect((u['changes'] as unknown[]).length).toBe(1);
  });

  it('sends snapshot then l2updates that rebuild the server book, with sequence and trade_id consistent across channels', async () => {
    await startSim({ tradesPerSecond: 10 });
    const client = await connect();
    client.send({
      type: 'subscribe',
      product_ids: ['BTC-USD'],
      channels: ['level2_batch', 'ticker', 'matches', 'heartbeat'],
    });
    await client.next((m) => m.type === 'subscriptions');
    for (let i = 0; i < 60; i++) clock.advance(50);
    const messages = [...(await client.sync('BTC-USD'))];

    const bids = new Map<string, string>();
    const asks = new Map<string, string>();
    const best = (m: Map<string, string>, dir: number): number =>
      Math.max(...[...m.keys()].map((p) => dir * Number(p))) * dir;
    let lastSequence = 0;
    let lastTradeId: number | undefined;
    let tickers = 0;
    const tickerBySequence = new Map<number, FeedMessage>();
    for (const m of messages) {
      if ('time' in m) expect(m['time']).toMatch(COINBASE_TIME);
      if (m.type === 'snapshot') {
        expect(m['bids'] as unknown[]).toHaveLength(50);
        expect(m['asks'] as unknown[]).toHaveLength(50);
        for (const [p, s] of m['bids'] as string[][]) bids.set(p!, s!);
        for (const [p, s] of m['asks'] as string[][]) asks.set(p!, s!);
      } else if (m.type === 'l2update') {
        for (const [side, p, s] of m['changes'] as string[][]) {
          expect(p).toMatch(/^\d+\.\d{2}$/);
          expect(s).toMatch(/^\d+\.\d{8}$/);
          const book = side === 'buy' ? bids : asks;
          if (Number(s) === 0) book.delete(p!);
          else book.set(p!, s!);
        }
        expect(best(bids, 1)).toBeLessThan(best(asks, -1));
      } else if (m.type === 'ticker') {
        tickers++;
        tickerBySequence.set(m['sequence'] as number, m);
        expect(m['price']).toMatch(DECIMAL);
      } else if (m.type === 'match') {
        const ticker = tickerBySequence.get(m['sequence'] as number);
        expect(ticker?.['trade_id']).toBe(m['trade_id']);
        expect(ticker?.['side']).toBe(m['side'] === 'sell' ? 'buy' : 'sell'); // ticker: taker side; match: maker side
        if (lastTradeId !== undefined) expect(m['trade_id']).toBe(lastTradeId + 1);
        lastTradeId = m['trade_id'] as number;
        expect(m['sequence'] as number).toBeGreaterThan(lastSequence);
        lastSequence = m['sequence'] as number;
      } else if (m.type === 'heartbeat') {
        expect(m['sequence'] as number).toBeGreaterThanOrEqual(lastSequence);
        lastSequence = m['sequence'] as number;
        if (lastTradeId !== undefined) expect(m['last_trade_id']).toBe(lastTradeId);
      }
    }
    expect(tickers).toBeGreaterThan(5);
    expect(messages.filter((m) => m.type === 'heartbeat')).toHaveLength(3);
    const market = sim.market('BTC-USD')!;
    const fmt = (levels: Array<[number, number]>): string[][] =>
      levels.map(([c, l]) => [(c / 100).toFixed(2), (l / 1e8).toFixed(8)]);
    const sorted = (m: Map<string, string>, dir: number): string[][] =>
      [...m.entries()].sort((a, b) => dir * (Number(a[0]) - Number(b[0])));
    expect(sorted(bids, -1)).toEqual(fmt(market.levels('buy')));
    expect(sorted(asks, 1)).toEqual(fmt(market.levels('sell')));
    expect(messages.filter((m) => m.type === 'l2update').length).toBeGreaterThanOrEqual(55);
  });

  it('reports the mid to onMid listeners, between the best bid and ask', async () => {
    await startSim();
    const seen: Array<[string, string]> = [];
    const off = sim.onMid((product, mid) => seen.push([product, mid]));
    clock.advance(500);
    off();
    clock.advance(500);
    expect(seen.length).toBeGreaterThan(0);
    expect(seen.length).toBeLessThanOrEqual(20);
    const market = sim.market('BTC-USD')!;
    const mid = sim.mid('BTC-USD')!;
    expect(mid).toMatch(/^\d+\.\d{2,3}$/);
    expect(Number(mid) * 100).toBeGreaterThan(market.bestBidCents()!);
    expect(Number(mid) * 100).toBeLessThan(market.bestAskCents()!);
    expect(sim.mid()).toBe(mid);
    expect(sim.mid('NOPE-USD')).toBeUndefined();

    const reference = sim.referencePriceSource('ETH-USD');
    const ethMids: string[] = [];
    const stop = reference.onChange((price) => ethMids.push(price));
    clock.advance(300);
    stop();
    expect(ethMids.length).toBeGreaterThan(0);
    expect(ethMids[ethMids.length - 1]).toBe(reference.current());
    expect(reference.current()).toBe(sim.mid('ETH-USD'));
  });
});
