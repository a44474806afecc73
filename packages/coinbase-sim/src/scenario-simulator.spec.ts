import { ManualClock } from '@truex-mm/clock';
import { CoinbaseFeed } from '@truex-mm/coinbase-feed';
import type { TopOfBook } from '@truex-mm/coinbase-feed';
import { CoinbaseSimulator } from './coinbase-simulator';
import type { MarketScenario } from './market-scenario';
import { ScenarioMarket } from './scenario-market';
import { formatPriceCents, formatSizeLots } from './synthetic-market';

/** A jump scenario compressed to a few seconds, so one run covers diffusion, drift and the jump's sweep. */
const SCENARIO: MarketScenario = {
  name: 'short-jump',
  startPrice: '97000',
  sigmaUsdPerSec: 8,
  driftUsdPerSec: 3,
  jump: { atMs: 2_000, pct: -3 },
  stepMs: 100,
};
const SEED = 17;
const STEPS = 60;
const PRODUCT = 'BTC-USD';

/** Decimal string without trailing fraction zeros: the feed reports canonical prices, the simulator Coinbase's. */
const canonical = (s: string): string => (s.includes('.') ? s.replace(/\.?0+$/, '') : s);

describe('CoinbaseSimulator with a scenario equals ScenarioMarket', () => {
  let sim: CoinbaseSimulator | undefined;
  let feed: CoinbaseFeed | undefined;

  afterEach(async () => {
    await feed?.stop();
    await sim?.stop();
    feed = sim = undefined;
  });

  it('server truth after every step of the injected clock', async () => {
    const clock = new ManualClock(Date.UTC(2026, 3, 1));
    sim = new CoinbaseSimulator({ clock, seed: SEED, scenario: SCENARIO, products: [PRODUCT, 'ETH-USD'] });
    await sim.start();
    const reference = new ScenarioMarket({ scenario: SCENARIO, seed: SEED });
    const expected = reference.advanceTo(STEPS * 100);
    const served: string[] = [];
    const snapshot = (): string => {
      const m = sim!.market(PRODUCT)!;
      const bid = m.bestBidCents()!;
      const ask = m.bestAskCents()!;
      return [
        formatPriceCents(bid),
        formatSizeLots(m.size('buy', bid)!),
        formatPriceCents(ask),
        formatSizeLots(m.size('sell', ask)!),
        m.mid(),
      ].join(' ');
    };
    served.push(snapshot());
    for (let k = 1; k <= STEPS; k++) {
      clock.advance(100);
      if (served[served.length - 1] !== snapshot()) served.push(snapshot());
    }
    expect(served).toEqual(expected.map((t) => [t.bidPrice, t.bidSize, t.askPrice, t.askSize, t.mid].join(' ')));
    expect(sim.mid(PRODUCT)).toBe(reference.mid());
    expect(sim.mid('ETH-USD')).not.toBe(reference.mid()); // other products get their own seed
  });

  it('the tops a CoinbaseFeed client sees over the socket', async () => {
    const clock = new ManualClock(Date.UTC(2026, 3, 1));
    sim = new CoinbaseSimulator({ clock, seed: SEED, scenario: SCENARIO });
    const { url } = await sim.start();
    const tops: TopOfBook[] = [];
    feed = new CoinbaseFeed({ url, products: [PRODUCT] });
    feed.on('top', (t) => tops.push(t));
    feed.start();
    const waitFor = async (condition: () => boolean, what: string): Promise<void> => {
      const deadline = Date.now() + 5_000;
      while (!condition()) {
        if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
        await new Promise((resolve) => setTimeout(resolve, 2));
      }
    };
    await waitFor(() => tops.length === 1, 'the snapshot top');
    const expected = new ScenarioMarket({ scenario: SCENARIO, seed: SEED }).advanceTo(STEPS * 100);
    for (let k = 1; k <= STEPS; k++) {
      clock.advance(100);
      if (k % 10 === 0) await new Promise((resolve) => setImmediate(resolve));
    }
    await waitFor(() => tops.length >= expected.length, `${expected.length} tops`);
    const key = (t: { bidPrice: string; bidSize: string; askPrice: string; askSize: string }): string =>
      [canonical(t.bidPrice), t.bidSize, canonical(t.askPrice), t.askSize].join(' ');
    expect(tops.map(key)).toEqual(expected.map(key));
    expect(feed.metrics()).toMatchObject({ malformed: 0, bookInvalidations: 0, tradeIdGaps: 0 });
  });

  it('refuses a scenario with volatilityBps or in replay mode', () => {
    expect(() => new CoinbaseSimulator({ scenario: 'btc', volatilityBps: 1 })).toThrow(/exclusive/);
    expect(() => new CoinbaseSimulator({ scenario: 'btc', mode: 'replay', replayText: '{}' })).toThrow(/synthetic/);
    expect(() => new CoinbaseSimulator({ scenario: 'nope' as 'btc' })).toThrow(/unknown market scenario/);
  });
});
