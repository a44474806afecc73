import { MARKET_SCENARIOS, resolveScenario } from './market-scenario';
import type { MarketScenario, MarketScenarioName } from './market-scenario';
import { ScenarioMarket } from './scenario-market';
import { SyntheticMarket } from './synthetic-market';

const cents = (price: string): number => Math.round(Number(price) * 100);

const paths = new Map<string, number[]>();

/** Mid (in USD, exact to the half cent) after every step of a long seeded run; memoised, the runs take time. */
function midPath(scenario: MarketScenario, seed: number, steps: number): number[] {
  const key = `${scenario.name}/${seed}/${steps}`;
  const cached = paths.get(key);
  if (cached) return cached;
  const market = new ScenarioMarket({ scenario, seed });
  const stepMs = scenario.stepMs ?? 100;
  const mids = [Number(market.mid())];
  for (let k = 1; k <= steps; k++) {
    market.advanceTo(k * stepMs);
    mids.push(Number(market.mid()));
  }
  paths.set(key, mids);
  return mids;
}

/** Mean and standard deviation of the mid's per-step moves, scaled to per-second and per-√second. */
function moveStats(
  mids: readonly number[],
  stepMs: number,
  skip = new Set<number>(),
): { drift: number; sigma: number } {
  const moves: number[] = [];
  for (let i = 1; i < mids.length; i++) if (!skip.has(i)) moves.push(mids[i]! - mids[i - 1]!);
  const mean = moves.reduce((a, b) => a + b, 0) / moves.length;
  const variance = moves.reduce((a, b) => a + (b - mean) ** 2, 0) / (moves.length - 1);
  return { drift: mean / (stepMs / 1000), sigma: Math.sqrt(variance / (stepMs / 1000)) };
}

describe('market scenarios', () => {
  const STEPS = 6_000; // 600 s of market time: the σ estimate's own error is about 1 %

  it.each(Object.keys(MARKET_SCENARIOS) as MarketScenarioName[])(
    '%s: σ over a long seeded run is within ±15 % of the scenario',
    (name) => {
      const scenario = MARKET_SCENARIOS[name];
      const mids = midPath(scenario, 42, STEPS);
      const jumpStep = scenario.jump ? Math.ceil(scenario.jump.atMs / 100) : -1;
      const { sigma } = moveStats(mids, 100, new Set([jumpStep]));
      expect(sigma).toBeGreaterThan(scenario.sigmaUsdPerSec * 0.85);
      expect(sigma).toBeLessThan(scenario.sigmaUsdPerSec * 1.15);
    },
  );

  it('trend: drifts by about +3 USD/s; the others do not drift', () => {
    const trend = moveStats(midPath(MARKET_SCENARIOS.trend, 42, STEPS), 100);
    expect(trend.drift).toBeGreaterThan(3 * 0.85);
    expect(trend.drift).toBeLessThan(3 * 1.15);
    // Without drift the mean move is noise only: 8 USD/√s over 600 s -> a standard error of 0.33 USD/s.
    expect(Math.abs(moveStats(midPath(MARKET_SCENARIOS.btc, 42, STEPS), 100).drift)).toBeLessThan(1);
  });

  it('jump: a 3 % move at once at 30 s, nothing like it before or after', () => {
    const scenario = MARKET_SCENARIOS.jump;
    const market = new ScenarioMarket({ scenario, seed: 5 });
    const before = market.advanceTo(30_000 - 100);
    const atJump = market.advanceTo(30_000);
    const after = market.advanceTo(60_000);
    const lastBefore = before[before.length - 1]!;
    expect(atJump).toHaveLength(1);
    expect(atJump[0]!.atMs).toBe(30_000);
    const move = Number(atJump[0]!.mid) - Number(lastBefore.mid);
    expect(move / Number(lastBefore.mid)).toBeCloseTo(-0.03, 3);
    const biggest = (tops: ReadonlyArray<{ mid: string }>): number =>
      Math.max(...tops.slice(1).map((t, i) => Math.abs(Number(t.mid) - Number(tops[i]!.mid))));
    expect(biggest(before)).toBeLessThan(100);
    expect(biggest(after)).toBeLessThan(100);
  });

  it('jump: takers trade through every bid it crosses, and the far side gaps', () => {
    const market = new SyntheticMarket({
      startPrice: '97000',
      sigmaUsdPerSec: 0,
      stepMs: 100,
      seed: 3,
      jump: { atMs: 1000, pct: -3 },
    });
    const bidsBefore = market.levels('buy');
    for (let i = 0; i < 9; i++) market.step();
    const bidsAtJump = market.levels('buy');
    const events = market.step();
    const trades = events.filter((e) => e.kind === 'trade');
    const sweptBids = bidsAtJump.filter(([p]) => p >= market.bestBidCents()!);
    expect(bidsBefore.length).toBe(50);
    expect(trades.length).toBeGreaterThanOrEqual(sweptBids.length);
    expect(trades.filter((t) => t.takerSide === 'sell').map((t) => t.priceCents)).toEqual(
      expect.arrayContaining(sweptBids.map(([p]) => p)),
    );
    const asks = market.levels('sell').map(([p]) => p);
    const widestGap = Math.max(...asks.slice(1).map((p, i) => p - asks[i]!));
    expect(widestGap).toBeGreaterThan(250_000); // ~2,900 USD of empty book above the new price
    expect(market.bestAskCents()! - market.bestBidCents()!).toBeLessThanOrEqual(3);
  });

  it('is deterministic for a seed, differs across seeds, and prices are exact cents', () => {
    const run = (seed: number): unknown[] => [...new ScenarioMarket({ scenario: 'fast', seed }).advanceTo(20_000)];
    const a = run(9);
    expect(a).toEqual(run(9));
    expect(a).not.toEqual(run(10));
    const problems: string[] = [];
    for (const top of new ScenarioMarket({ scenario: 'btc', seed: 1 }).advanceTo(60_000)) {
      if (!/^\d+\.\d{2}$/.test(top.bidPrice) || !/^\d+\.\d{2}$/.test(top.askPrice)) problems.push(JSON.stringify(top));
      if (!/^\d+\.\d{8}$/.test(top.bidSize) || !/^\d+\.\d{8}$/.test(top.askSize)) problems.push(JSON.stringify(top));
      if (cents(top.bidPrice) >= cents(top.askPrice)) problems.push(`crossed ${JSON.stringify(top)}`);
      if (top.atMs % 100 !== 0) problems.push(`off-step time ${top.atMs}`);
    }
    expect(problems).toEqual([]);
  });

  it('advanceTo: the opening top at 0, whole steps only, split calls equal one call, no going back', () => {
    const whole = new ScenarioMarket({ scenario: 'calm', seed: 2 });
    const split = new ScenarioMarket({ scenario: 'calm', seed: 2 });
    const all = whole.advanceTo(5_000);
    expect(all[0]!.atMs).toBe(0);
    expect(all[0]!.mid).toMatch(/^9(6999\.99|7000\.00)5?$/);
    const parts = [0, 1_234, 1_299, 1_300, 4_999, 5_000].flatMap((t) => split.advanceTo(t));
    expect(parts).toEqual(all);
    expect(split.elapsedMs).toBe(5_000);
    expect(whole.mid()).toBe(all[all.length - 1]!.mid);
    expect(() => split.advanceTo(4_900)).toThrow(RangeError);
    expect(() => split.advanceTo(Number.NaN)).toThrow(RangeError);
  });

  it('validates custom scenarios and names', () => {
    expect(resolveScenario('btc')).toBe(MARKET_SCENARIOS.btc);
    expect(() => resolveScenario('crash' as MarketScenarioName)).toThrow(/unknown market scenario/);
    expect(() => resolveScenario({ name: 'x', startPrice: '97000.001', sigmaUsdPerSec: 1 })).toThrow();
    expect(() => resolveScenario({ name: 'x', startPrice: '97000', sigmaUsdPerSec: -1 })).toThrow(RangeError);
    expect(() => resolveScenario({ name: 'x', startPrice: '97000', sigmaUsdPerSec: 1, stepMs: 0 })).toThrow(RangeError);
    const custom = new ScenarioMarket({
      scenario: { name: 'slow-steps', startPrice: '50000.5', sigmaUsdPerSec: 2, stepMs: 250 },
      seed: 1,
    });
    expect(custom.advanceTo(1_000).every((t) => t.atMs % 250 === 0)).toBe(true);
    expect(Object.isFrozen(MARKET_SCENARIOS.jump) && Object.isFrozen(MARKET_SCENARIOS.jump.jump)).toBe(true);
  });
});
