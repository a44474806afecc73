import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { systemClock } from '@truex-mm/clock';
import { loadConfig } from '@truex-mm/deployment';
import { QuoteQuality } from '@truex-mm/quoting-engine';
import pino from 'pino';
import { startMarketMaker, type RunningMarketMaker } from './app';
import { baseUnits, sortedIds, venueNetUnits } from './venue-view.test-util';

/**
 * The quoting promises on the wire, in real time: the default configuration (8 msg/s, the volatility shape) against
 * the simulators' defaults, a BTC-like market (σ ≈ $8/√s at $97k) and a venue throttling at 10 msg/s as TrueX does.
 * Measured from the venue's own view of our orders, sampled every 100 ms after the first ladder is up.
 */
jest.setTimeout(120_000);

const WARMUP_MS = 8_000;
const MEASURE_MS = 15_000;
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

describe('quoting in a BTC-like market with the venue throttling at 10 msg/s (real time)', () => {
  let dataDir: string;
  let app: RunningMarketMaker;
  let report: ReturnType<QuoteQuality['report']>;
  let endTruth: { ours: string[]; venue: string[]; position: string; venueNet: number };

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'mm-btc-e2e-'));
    const config = loadConfig({ MM_HTTP_PORT: '0', MM_DATA_DIR: dataDir, LOG_LEVEL: 'silent' });
    app = await startMarketMaker(config, { clock: systemClock, logger: pino({ level: 'silent' }), http: false });
    const venue = app.simulators.venue!;
    const quality = new QuoteQuality({ fromMs: Date.now() + WARMUP_MS });
    app.engine.on('action', (a) => quality.messageSent(a.timeMs, a.reason));
    app.engine.adapter.on('throttle', (r) => quality.reject(Date.now(), `throttled: ${r.text ?? '35=j'}`));
    app.engine.adapter.on('reject', (_o, text) => quality.reject(Date.now(), text));
    app.engine.adapter.on('order', (o) => {
      if (['Canceled', 'Replaced', 'Filled'].includes(o.state) && o.ackedAtMs !== undefined) {
        quality.orderEnded(Date.now(), Date.now() - o.ackedAtMs);
      }
    });
    const tick = Number(config.strategy.tickSize);
    const end = Date.now() + WARMUP_MS + MEASURE_MS;
    while (Date.now() < end) {
      await sleep(100);
      const fv = app.engine.quoting.fairValue.value(Date.now());
      const shape = app.engine.quoting.policy.status().shape;
      if (fv === undefined || !shape) continue;
      const orders = venue.openOrders(config.truex.clientId).map((o) => ({
        side: o.side === '1' ? ('buy' as const) : ('sell' as const),
        price: o.price,
      }));
      quality.sample(Date.now(), fv, shape.minEdgeTicks * tick, orders);
    }
    report = quality.report();
    // Our view against the venue's: pause quoting, let in-flight reports land, compare.
    app.engine.pause('end of measurement');
    await sleep(4000);
    endTruth = {
      ours: sortedIds(app.engine.adapter.liveOrders()),
      venue: sortedIds(venue.openOrders(config.truex.clientId)),
      position: app.engine.risk.ledger.snapshot().base,
      venueNet: venueNetUnits(venue.fills()),
    };
    process.stdout.write(`btc on the wire: ${JSON.stringify(report)}\n`);
  });

  afterAll(async () => {
    await app?.stop('test end');
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('keeps ≥ 47 of 50 orders live time-averaged and never fewer than 20 on a side for more than 1 s', () => {
    expect(report.liveOrders.mean).toBeGreaterThanOrEqual(47);
    expect(report.minPerSideOver1s.bids).toBeGreaterThanOrEqual(20);
    expect(report.minPerSideOver1s.asks).toBeGreaterThanOrEqual(20);
  });

  it('has a median order lifetime between 3 and 8 s', () => {
    expect(report.lifetimeMs).not.toBeNull();
    expect(report.lifetimeMs!.p50).toBeGreaterThanOrEqual(3000);
    expect(report.lifetimeMs!.p50).toBeLessThanOrEqual(8000);
  });

  it('gets no throttle reject and never rests an order through fair value', () => {
    expect(Object.keys(report.rejectsByText).filter((t) => t.startsWith('throttled'))).toEqual([]);
    expect(app.engine.adapter.counters().throttleRejects).toBe(0);
    expect(report.throughFairValueMs).toBe(0);
  });

  it('ends with our live orders and position equal to the venue’s', () => {
    expect(endTruth.ours).toEqual(endTruth.venue);
    expect(baseUnits(endTruth.position)).toBe(endTruth.venueNet);
  });
});
