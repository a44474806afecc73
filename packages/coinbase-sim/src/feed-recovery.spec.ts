import { ManualClock } from '@truex-mm/clock';
import { CoinbaseFeed } from '@truex-mm/coinbase-feed';
import type { FeedState, TopOfBook } from '@truex-mm/coinbase-feed';
import { CoinbaseSimulator } from './coinbase-simulator';

/**
 * The real client (CoinbaseFeed, system clock, short stale timeout, fast backoff) against the simulator.
 * The simulator runs on a ManualClock pumped at about real time, so the test can freeze the market and compare
 * the client's top of book with the server's exactly.
 */
const PRODUCT = 'BTC-USD';
const STALE_AFTER_MS = 600;

describe('CoinbaseFeed recovers from every simulator fault', () => {
  let clock: ManualClock;
  let sim: CoinbaseSimulator;
  let feed: CoinbaseFeed;
  let pump: NodeJS.Timeout | undefined;
  let violations: string[];
  let states: FeedState[];

  const startPump = (): void => {
    pump ??= setInterval(() => clock.advance(20), 20);
  };
  const stopPump = (): void => {
    clearInterval(pump);
    pump = undefined;
  };

  async function waitFor(condition: () => boolean, what: string, timeoutMs = 4000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!condition()) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what} (state ${feed.state})`);
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  }

  /** The client's top equals the simulator's, with the market frozen so the comparison is exact. */
  function topMatchesServer(): boolean {
    const top = feed.topOfBook(PRODUCT);
    const market = sim.market(PRODUCT)!;
    if (feed.state !== 'live' || !top) return false;
    const cents = (p: string): number => Math.round(Number(p) * 100);
    const lots = (s: string): number => Math.round(Number(s) * 1e8);
    const bid = market.bestBidCents()!;
    const ask = market.bestAskCents()!;
    return (
      cents(top.bidPrice) === bid &&
      cents(top.askPrice) === ask &&
      lots(top.bidSize) === market.size('buy', bid) &&
      lots(top.askSize) === market.size('sell', ask)
    );
  }

  async function expectRecovered(): Promise<void> {
    stopPump();
    await waitFor(topMatchesServer, 'a live top of book equal to the server book');
    startPump();
  }

  function checkInvariant(where: string): void {
    const top = feed.topOfBook(PRODUCT);
    if (top === undefined) return;
    if (feed.state !== 'live' && feed.state !== 'stale') violations.push(`${where}: top exposed while ${feed.state}`);
    if (Number(top.bidPrice) >= Number(top.askPrice))
      violations.push(`${where}: crossed ${top.bidPrice}/${top.askPrice}`);
  }

  beforeEach(async () => {
    clock = new ManualClock(Date.UTC(2026, 3, 1));
    sim = new CoinbaseSimulator({ clock, seed: 11, tradesPerSecond: 10 });
    const { url } = await sim.start();
    violations = [];
    states = [];
    feed = new CoinbaseFeed({
      url,
      products: [PRODUCT],
      staleAfterMs: STALE_AFTER_MS,
      reconnect: { initialDelayMs: 20, maxDelayMs: 50, random: () => 0.5 },
    });
    feed.on('state', (s) => {
      states.push(s);
      checkInvariant(`state ${s}`);
    });
    feed.on('top', (t: TopOfBook) => {
      checkInvariant('top');
      if (Number(t.bidPrice) >= Number(t.askPrice)) violations.push(`crossed top event ${t.bidPrice}/${t.askPrice}`);
    });
    feed.on('error', () => undefined); // venue errors (ErrSlowConsume) are expected in these tests
    startPump();
    feed.start();
    await expectRecovered();
    states = [];
  });

  afterEach(async () => {
    stopPump();
    await feed.stop();
    await sim.stop();
    expect(violations).toEqual([]);
  });

  it('abrupt drop: invalid while disconnected, then a fresh snapshot', async () => {
    sim.faults.dropAll();
    await waitFor(() => feed.state !== 'live', 'the feed to notice the drop');
    expect(feed.topOfBook(PRODUCT)).toBeUndefined();
    await expectRecovered();
    expect(states).toEqual(expect.arrayContaining(['disconnected', 'connecting', 'subscribing', 'live']));
    expect(feed.metrics().reconnects).toBe(1);
  });

  it('silent stall: goes stale (no top exposed), reconnects, recovers', async () => {
    const sampler = setInterval(() => checkInvariant('sample'), 5);
    try {
      sim.faults.stall(5000);
      await waitFor(() => states.includes('stale'), 'stale');
      await waitFor(() => feed.state !== 'stale' && feed.state !== 'live', 'leaving stale');
      expect(feed.topOfBook(PRODUCT)).toBeUndefined();
      await expectRecovered();
    } finally {
      clearInterval(sampler);
    }
    expect(feed.metrics().staleEvents).toBeGreaterThanOrEqual(1);
  });

  it('garbage frame: counted as malformed, book stays valid', async () => {
    const before = feed.metrics().malformed;
    sim.faults.sendGarbage();
    await waitFor(() => feed.metrics().malformed === before + 1, 'the garbage to be counted');
    await expectRecovered();
    expect(feed.metrics().reconnects).toBe(0);
  });

  it('slow-consumer disconnect: ErrSlowConsume, reconnect, fresh snapshot', async () => {
    sim.faults.slowConsumerDisconnect();
    await waitFor(() => feed.metrics().reconnects === 1, 'a reconnect');
    await expectRecovered();
    expect(sim.metrics().slowConsumerDisconnects).toBe(1);
  });

  it('duplicated frames: book updates are idempotent, duplicate trades ignored', async () => {
    sim.faults.duplicateNext(2, 'match');
    await waitFor(() => feed.metrics().duplicates === 2, 'the duplicate trades to be ignored');
    const framesBefore = feed.metrics().messages;
    sim.faults.duplicateNext(40);
    await waitFor(() => feed.metrics().messages >= framesBefore + 80, 'the duplicated frames');
    await expectRecovered();
    expect(feed.metrics().bookInvalidations).toBe(0);
    expect(feed.metrics().tradeIdGaps).toBe(0);
  });

  it('reordered trades: the trade_id gap invalidates the book, which resyncs', async () => {
    const invalidations = feed.metrics().bookInvalidations;
    sim.faults.reorderNext(1, 'match');
    await waitFor(() => feed.metrics().tradeIdGaps === 1, 'the trade_id gap');
    expect(feed.metrics().bookInvalidations).toBe(invalidations + 1);
    await expectRecovered();
    expect(feed.metrics().reconnects).toBe(0);
  });
});
