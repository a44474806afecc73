import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { systemClock } from '@truex-mm/clock';
import { loadConfig } from '@truex-mm/deployment';
import pino from 'pino';
import { startMarketMaker } from './app';

/** Venue rules are limits to live within, not reasons to halt or to flood the venue (real time, simulators). */
jest.setTimeout(120_000);

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
const units = (qty: string): number => Math.round(Number(qty) * 1e8);
const netUnits = (fills: ReadonlyArray<{ side: string; lastQty: string }>): number =>
  fills.reduce((sum, f) => sum + (f.side === '1' ? 1 : -1) * units(f.lastQty), 0);

async function until(what: string, probe: () => boolean, timeoutMs: number): Promise<void> {
  const started = Date.now();
  while (!probe()) {
    if (Date.now() - started > timeoutMs) throw new Error(`timed out after ${timeoutMs} ms waiting for: ${what}`);
    await sleep(50);
  }
}

describe('venue limits (real time, simulators)', () => {
  const dirs: string[] = [];
  afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

  it('a venue open-order limit of 40 lowers ours to 40 and never halts', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'mm-limit-'));
    dirs.push(dataDir);
    const config = loadConfig({ MM_HTTP_PORT: '0', MM_DATA_DIR: dataDir, LOG_LEVEL: 'silent' });
    const app = await startMarketMaker(config, {
      clock: systemClock,
      logger: pino({ level: 'silent' }),
      http: false,
      venueOpenOrderLimit: 40,
    });
    try {
      const venue = app.simulators.venue!;
      await until('40 orders at the venue', () => venue.openOrders().length === 40, 30_000);
      await sleep(3000);
      expect(app.engine.risk.state).toBe('ACTIVE');
      expect(app.engine.quoting.status().learnedVenueLimits.maxOpenOrders?.value).toBe(40);
      expect(venue.openOrders().length).toBeGreaterThanOrEqual(36);
      const rejectsBefore = app.engine.adapter.counters().rejects;
      await sleep(3000);
      // Having learned the limit, it stops asking for more than the venue allows.
      expect(app.engine.adapter.counters().rejects - rejectsBefore).toBeLessThanOrEqual(1);
      expect(app.engine.risk.state).toBe('ACTIVE');
      // Our view against the venue's: its active orders now (both sides move: they must agree within a moment) and,
      // once quoting is paused, its net fills.
      const ours = (): string =>
        app.engine.adapter
          .liveOrders()
          .map((o) => o.clOrdId)
          .sort()
          .join();
      const theirs = (): string =>
        venue
          .openOrders()
          .map((o) => o.clOrdId)
          .sort()
          .join();
      await until('our live orders to equal the venue’s active orders', () => ours() === theirs(), 5000);
      app.engine.pause('end of scenario');
      await until('no orders at the venue', () => venue.openOrders().length === 0, 20_000);
      await sleep(500);
      expect(units(app.engine.risk.ledger.snapshot().base)).toBe(netUnits(venue.fills()));
      expect(app.engine.adapter.liveOrders()).toEqual([]);
    } finally {
      await app.stop('end of test');
    }
  });

  it('against a venue throttling at 5 msg/s a graceful stop is paced by the budget: no throttle storm, nothing left', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'mm-throttle-'));
    dirs.push(dataDir);
    const base = loadConfig({ MM_HTTP_PORT: '0', MM_DATA_DIR: dataDir, LOG_LEVEL: 'silent' });
    // 20 orders keep the test short; the pacing is what is checked.
    const config = {
      ...base,
      strategy: { ...base.strategy, ordersPerSide: 10 },
      risk: { ...base.risk, messagesPerSecond: 4, messageBurst: 1, venueMessageLimitPerSec: 5 },
      simulator: { ...base.simulator, messageRateLimitPerSec: 5 },
    };
    const app = await startMarketMaker(config, { clock: systemClock, logger: pino({ level: 'silent' }), http: false });
    const venue = app.simulators.venue!;
    await until('20 orders at the venue', () => venue.openOrders().length === 20, 40_000);
    const throttledBefore = app.engine.adapter.counters().throttleRejects;
    let sent = 0;
    app.engine.on('action', () => sent++);
    const started = Date.now();
    const stopped = await app.stop('end of test');
    const elapsedMs = Date.now() - started;
    expect(stopped.leftoverOrders).toBe(0);
    expect(venue.openOrders()).toHaveLength(0);
    // 20 cancels at 4/s: about 5 s, not thousands of messages in a burst.
    expect(sent).toBeLessThanOrEqual(23);
    expect(app.engine.adapter.counters().throttleRejects - throttledBefore).toBeLessThanOrEqual(1);
    expect(elapsedMs).toBeGreaterThanOrEqual(3500);
    expect(app.engine.adapter.liveOrders()).toEqual([]);
    expect(units(app.engine.risk.ledger.snapshot().base)).toBe(netUnits(venue.fills()));
  });
});
