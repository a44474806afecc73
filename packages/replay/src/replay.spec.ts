import { defaultEngineConfig } from '@truex-mm/quoting-engine';
import { formatReplayTable } from './format-report';
import { runReplay, type ReplayReport } from './replay';

/**
 * The quoting policy's promises, checked on the deterministic replay: the real engine and FIX client against the
 * TrueX simulator in memory on a ManualClock (a minute of market time runs in about a second).
 */
describe('quoting replay', () => {
  let btc: ReplayReport;
  let calm: ReplayReport;

  beforeAll(async () => {
    // BTC-like market (σ ≈ $8/√s at $97k), the venue throttling at 10 msg/s as TrueX does, default configuration.
    btc = await runReplay({ market: { kind: 'scenario', name: 'btc' }, seed: 1, durationMs: 120_000 });
    // Calm market with a 15 msg/s budget (the venue's throttle raised to match).
    const base = defaultEngineConfig({ symbol: 'BTC-PYUSD', partyId: '10000000000000007' });
    calm = await runReplay({
      market: { kind: 'scenario', name: 'calm' },
      seed: 1,
      durationMs: 60_000,
      engine: { ...base, risk: { ...base.risk, messagesPerSecond: 15 } },
      venue: { messageRateLimitPerSec: 20 },
    });
    process.stdout.write(`${formatReplayTable([btc, calm])}\n`);
  });

  it('btc, 8 msg/s budget, venue at 10 msg/s: ≥ 47 of 50 orders live time-averaged', () => {
    expect(btc.quality.liveOrders.mean).toBeGreaterThanOrEqual(47);
  });

  it('btc: never fewer than 20 orders on a side for more than 1 s', () => {
    expect(btc.quality.minPerSideOver1s.bids).toBeGreaterThanOrEqual(20);
    expect(btc.quality.minPerSideOver1s.asks).toBeGreaterThanOrEqual(20);
  });

  it('btc: median order lifetime between 3 and 8 s', () => {
    expect(btc.quality.lifetimeMs).not.toBeNull();
    expect(btc.quality.lifetimeMs!.p50).toBeGreaterThanOrEqual(3000);
    expect(btc.quality.lifetimeMs!.p50).toBeLessThanOrEqual(8000);
  });

  it('btc: no throttle reject, no message burst above the venue limit, no order through fair value', () => {
    expect(Object.keys(btc.quality.rejectsByText).filter((t) => t.startsWith('throttled'))).toEqual([]);
    expect(btc.quality.messagesPerSec.max1s).toBeLessThanOrEqual(10);
    expect(btc.quality.throughFairValueMs).toBe(0);
  });

  it('btc: at the end our live orders and position equal the venue’s', () => {
    expect(btc.venueTruth.ourLiveOrders).toBe(btc.venueTruth.venueActiveOrders);
    expect(Number(btc.venueTruth.ourPosition)).toBe(Number(btc.venueTruth.venueNetFills));
  });

  it('calm, 15 msg/s budget: median lifetime within 3–5 s, ladder full', () => {
    expect(calm.quality.lifetimeMs!.p50).toBeGreaterThanOrEqual(3000);
    expect(calm.quality.lifetimeMs!.p50).toBeLessThanOrEqual(5000);
    expect(calm.quality.liveOrders.mean).toBeGreaterThanOrEqual(47);
    expect(calm.quality.throughFairValueMs).toBe(0);
  });

  it('at 8 msg/s 50 orders cannot all live 3–5 s: the report shows the stretch instead', () => {
    expect(btc.lifetimeStretch).toBeGreaterThan(1);
    expect(calm.lifetimeStretch).toBe(1);
  });

  it('is deterministic: the same seed gives the same report', async () => {
    const again = await runReplay({ market: { kind: 'scenario', name: 'btc' }, seed: 1, durationMs: 120_000 });
    expect(again).toEqual(btc);
  });
});
