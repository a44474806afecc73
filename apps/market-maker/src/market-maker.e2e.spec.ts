import { mkdtempSync, rmSync } from 'node:fs';
import { Writable } from 'node:stream';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { systemClock } from '@truex-mm/clock';
import { PositionLedger } from '@truex-mm/risk';
import pino from 'pino';
import { startMarketMaker, type RunningMarketMaker } from './app';
import { loadConfig, type MarketMakerConfig } from '@truex-mm/deployment';
import type { QuoteAction } from './market-maker';

// Real time, against both in-process simulators and the embedded (PGlite) storage: the few end-to-end tests.
jest.setTimeout(120_000);

const STALE_LIMIT_MS = 1000;
const MESSAGES_PER_SECOND = 25;

function testConfig(dataDir: string): MarketMakerConfig {
  const base = loadConfig({ MM_HTTP_PORT: '0', MM_DATA_DIR: dataDir, LOG_LEVEL: 'silent' });
  return {
    ...base,
    // A quiet market and a fixed, tight ladder: order lifetimes, not price moves, drive refreshes, and the
    // simulated takers reach the inner levels so that fills happen.
    strategy: {
      ...base.strategy,
      shape: 'ticks',
      level1OffsetTicks: 4,
      levelSpacingTicks: 2,
      minEdgeTicks: 2,
      skewMaxTicks: 2,
    },
    risk: {
      ...base.risk,
      maxReferenceAgeMs: STALE_LIMIT_MS,
      messagesPerSecond: MESSAGES_PER_SECOND,
      venueMessageLimitPerSec: 30,
    },
    // A calm random walk, and the venue's throttle raised to match this test's 25 msg/s budget.
    simulator: {
      ...base.simulator,
      market: 'random-walk',
      volatilityBps: 0.2,
      fillProbability: 0.2,
      messageRateLimitPerSec: 30,
    },
  };
}

async function until(what: string, probe: () => boolean, timeoutMs: number): Promise<number> {
  const started = Date.now();
  while (!probe()) {
    if (Date.now() - started > timeoutMs) throw new Error(`timed out after ${timeoutMs} ms waiting for: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return Date.now() - started;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

describe('market maker end to end (simulators)', () => {
  let dataDir: string;
  let app: RunningMarketMaker;
  const actions: QuoteAction[] = [];

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'mm-e2e-'));
    app = await startMarketMaker(testConfig(dataDir), {
      clock: systemClock,
      logger: process.env.E2E_LOG
        ? pino({ level: 'info' }, pino.destination({ dest: process.env.E2E_LOG, sync: true }))
        : pino({ level: 'silent' }),
    });
    app.engine.on('action', (a) => actions.push(a));
  });

  afterAll(async () => {
    await app?.stop('test end');
    rmSync(dataDir, { recursive: true, force: true });
  });

  const venue = () => app.simulators.venue!;

  it('holds a 50-order ladder, bids below and asks above fair value at every placement', async () => {
    await until('50 live orders', () => app.engine.adapter.liveOrders().length === 50, 20_000);
    const live = app.engine.adapter.liveOrders();
    expect(live.filter((o) => o.side === 'buy')).toHaveLength(25);
    expect(live.filter((o) => o.side === 'sell')).toHaveLength(25);
    await until('the venue to rest 50 orders', () => venue().openOrders().length === 50, 5000);

    // Let orders live and be refreshed through at least one full lifetime.
    await sleep(6000);
    const placements = actions.filter((a) => a.kind !== 'cancel');
    expect(placements.length).toBeGreaterThan(50);
    for (const p of placements) {
      const price = Number(p.price);
      const fairValue = Number(p.fairValue);
      if (p.side === 'buy') expect(price).toBeLessThan(fairValue);
      else expect(price).toBeGreaterThan(fairValue);
    }
    // Never more than 50 orders at the venue or in flight.
    expect(app.engine.adapter.liveOrders().length).toBeLessThanOrEqual(50);
    expect(venue().openOrders().length).toBeLessThanOrEqual(50);
  });

  it('refreshes each order after a lifetime of 3 to 5 seconds', () => {
    const placements = actions.filter((a) => a.kind !== 'cancel');
    for (const p of placements) {
      expect(p.lifetimeMs).toBeGreaterThanOrEqual(3000);
      expect(p.lifetimeMs).toBeLessThanOrEqual(5000);
    }
    const refreshes = actions.filter((a) => a.kind === 'replace' && a.reason === 'refresh');
    expect(refreshes.length).toBeGreaterThan(10);
    for (const r of refreshes) expect(r.replacedAgeMs).toBeGreaterThanOrEqual(3000);
    // Refreshes wait for the message budget (they come last) and, on a loaded machine, for the event loop: the typical
    // one is on time, none is very late.
    const lateness = refreshes.map((r) => Math.max(0, r.replacedAgeMs! - 5000)).sort((a, b) => a - b);
    expect(lateness[Math.floor(lateness.length / 2)]).toBeLessThanOrEqual(1000);
    expect(lateness[lateness.length - 1]).toBeLessThanOrEqual(3000);
  });

  it('keeps positions and PnL equal to what the venue’s fills imply', async () => {
    await until('some fills', () => venue().fills().length > 0, 30_000);
    await sleep(300); // let in-flight execution reports arrive
    const fromVenue = new PositionLedger();
    for (const f of venue().fills()) {
      fromVenue.applyFill({
        execId: f.execId,
        side: f.side === '1' ? 'buy' : 'sell',
        quantity: f.lastQty,
        price: f.lastPx,
        fee: f.fee,
      });
    }
    const ours = app.engine.risk.ledger.snapshot();
    const theirs = fromVenue.snapshot();
    expect(ours.base).toBe(theirs.base);
    expect(ours.quote).toBe(theirs.quote);
    expect(ours.realizedPnl).toBe(theirs.realizedPnl);
    expect(ours.fees).toBe(theirs.fees);
  });

  it('pulls every quote within the staleness limit when the feed stalls, and resumes after', async () => {
    await until('a full ladder', () => venue().openOrders().length >= 45, 20_000);
    const staleBefore = app.engine.feed.metrics().staleEvents;
    const restingBefore = new Set(
      venue()
        .openOrders()
        .map((o) => o.clOrdId),
    );
    const stalledAt = Date.now();
    app.simulators.coinbase!.faults.stall(4000);
    // The simulator serves a fresh connection at once, so quoting may resume before the last cancel: what must hold
    // is that every order resting when the feed stalled leaves the venue, within the staleness limit plus the time
    // the message budget needs for 50 cancels (a burst would only be throttled by the venue) plus a round trip.
    const pulledAfter = await until(
      'every order that rested before the stall to leave the venue',
      () =>
        venue()
          .openOrders()
          .every((o) => !restingBefore.has(o.clOrdId)),
      6000,
    );
    // The engine plans every 25 ms, so a cancel goes out on the first pass after its token: 50 ms apart at 25/s; half
    // as much again for a loaded machine's event loop, and a round trip.
    const cancelSpacingMs = Math.ceil(1000 / MESSAGES_PER_SECOND / 25) * 25;
    expect(pulledAfter).toBeLessThanOrEqual(STALE_LIMIT_MS + 1.5 * 50 * cancelSpacingMs + 2000);
    // The silence was detected as staleness (the feed then reconnects to get a fresh book).
    expect(app.engine.feed.metrics().staleEvents).toBeGreaterThan(staleBefore);
    // No order was placed or moved on the frozen price: nothing between the stall and the feed's new book.
    const staleAt = stalledAt + STALE_LIMIT_MS;
    const duringStale = actions.filter((a) => a.kind !== 'cancel' && a.timeMs > staleAt && a.timeMs < staleAt + 200);
    expect(duringStale).toEqual([]);
    await until('quoting to resume', () => venue().openOrders().length >= 45, 20_000);
    expect(app.engine.status().quoting).toBe(true);
  });

  it('recovers from a venue disconnect without duplicate or orphaned orders', async () => {
    const logonsBefore = app.engine.fix.counters().logons;
    venue().faults.disconnectAll();
    await until(
      'a new logon',
      () => app.engine.fix.counters().logons > logonsBefore && app.engine.fix.state === 'active',
      15_000,
    );
    await until('a full ladder again', () => venue().openOrders().length >= 45, 20_000);
    await sleep(1000);
    const atVenue = venue()
      .openOrders()
      .map((o) => o.clOrdId)
      .sort();
    expect(new Set(atVenue).size).toBe(atVenue.length);
    expect(atVenue.length).toBeLessThanOrEqual(50);
    // Every order resting at the venue is one we track as live, and vice versa, once nothing is in flight.
    await until(
      'nothing in flight',
      () => app.engine.adapter.liveOrders().every((o) => !o.state.startsWith('Pending')),
      5000,
    );
    // Both views move while quoting goes on (a fill or an ack may be on the wire): they must agree within a moment,
    // whereas an orphan or a duplicate would stay.
    const ours = (): string[] =>
      app.engine.adapter
        .liveOrders()
        .map((o) => o.clOrdId)
        .sort();
    const venueNow = (): string[] =>
      venue()
        .openOrders()
        .map((o) => o.clOrdId)
        .sort();
    await until('our live orders to equal the venue’s', () => ours().join() === venueNow().join(), 5000).catch(() => {
      expect(ours()).toEqual(venueNow());
    });
  });

  it('stops gracefully with zero open orders at the venue', async () => {
    await until('orders resting', () => venue().openOrders().length > 0, 10_000);
    const leftovers = await app.engine.stop();
    expect(leftovers).toEqual([]);
    expect(venue().openOrders()).toEqual([]);
    expect(app.engine.fix.state).toBe('stopped');
  });
});

describe('market maker kill switch (simulators)', () => {
  it('halts and leaves zero open orders at the venue, and never logs a credential', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'mm-e2e-kill-'));
    // Every log line at the most verbose level (raw FIX included) goes to memory, to be searched for credentials.
    let logText = '';
    const logSink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        logText += chunk.toString();
        done();
      },
    });
    const base = testConfig(dataDir);
    const config: MarketMakerConfig = {
      ...base,
      truex: { ...base.truex, apiKey: 'key-id-5f1e2d3c', secretKey: 'secret-9a8b7c6d5e4f' },
    };
    const app = await startMarketMaker(config, { clock: systemClock, logger: pino({ level: 'trace' }, logSink) });
    try {
      const venue = app.simulators.venue!;
      await until('orders resting', () => venue.openOrders().length >= 40, 20_000);
      // The control API now needs the bearer token (generated for this simulator run when none is configured).
      const response = await fetch(`http://127.0.0.1:${app.httpPort}/kill`, {
        method: 'POST',
        headers: { authorization: `Bearer ${app.controlToken}` },
      });
      expect(response.status).toBe(200);
      await until('no open orders at the venue', () => venue.openOrders().length === 0, 5000);
      expect(app.engine.status().tradingState).toBe('HALTED');
      // And it stays flat: no new quotes after the kill.
      await sleep(1500);
      expect(venue.openOrders()).toEqual([]);
      const status = (await (await fetch(`http://127.0.0.1:${app.httpPort}/status`)).json()) as {
        tradingState: string;
        openOrders: number;
      };
      expect(status).toMatchObject({ tradingState: 'HALTED', openOrders: 0 });
    } finally {
      await app.stop('test end');
      rmSync(dataDir, { recursive: true, force: true });
    }
    expect(logText).toContain('"msg":"logged on"');
    expect(logText).toContain('35=A'); // the logon itself was logged (redacted)
    expect(logText).not.toContain('secret-9a8b7c6d5e4f');
    expect(logText).not.toContain('key-id-5f1e2d3c');
  });
});
