import { systemClock, type Clock } from '@truex-mm/clock';
import { loadConfig } from '@truex-mm/deployment';
import Decimal from 'decimal.js';
import pino from 'pino';
import { ExitCode } from './exit-codes';
import { runLadderTest, type LadderTestOptions, type LadderTestProgress } from './ladder-test';
import type { AbortReason } from './run-guard';
import { SteerableReference, startCoinbase, startVenue, tcpProxy, type TestVenue } from './venue.test-util';

// Real time against a TrueX simulator and a Coinbase simulator started here: the ladder test reaches both as
// configured endpoints, and the venue's own books say what was left open. Each run is a couple of seconds.
jest.setTimeout(30_000);

const logger = pino({ level: 'silent' });
/** A long monitor phase that each test cuts short. */
const options: LadderTestOptions = {
  orders: 6,
  levels: 3,
  monitorSeconds: 20,
  ratePerSecond: 8, // the venue throttles at 10 msg/s, as TrueX does
  ackTimeoutMs: 3000,
  referenceTimeoutMs: 5000,
  connectTimeoutMs: 2000,
};

let coinbase: Awaited<ReturnType<typeof startCoinbase>>;
beforeAll(async () => {
  coinbase = await startCoinbase();
});
afterAll(async () => {
  await coinbase.sim.stop();
});

/** Runs the ladder test against `venue`; `atMonitor` fires once the whole ladder rests at the venue. */
function run(
  venue: TestVenue,
  atMonitor: () => void,
  extra: { signal?: AbortSignal; clock?: Clock; monitorSeconds?: number; port?: number } = {},
): ReturnType<typeof runLadderTest> {
  const config = loadConfig(
    venue.env({ COINBASE_WS_URL: coinbase.url, ...(extra.port ? { TRUEX_FIX_PORT: String(extra.port) } : {}) }),
  );
  const progress: LadderTestProgress = {
    phase(name) {
      if (name === 'monitor') atMonitor();
    },
    tick() {},
  };
  return runLadderTest(
    config,
    { ...options, monitorSeconds: extra.monitorSeconds ?? options.monitorSeconds },
    { clock: extra.clock ?? systemClock, logger, progress, signal: extra.signal },
  );
}

describe('orders that fill while the ladder rests', () => {
  it('are reported filled or partially filled with the venue’s quantities, never acknowledged', async () => {
    const reference = new SteerableReference(coinbase.sim.referencePriceSource('BTC-USD'));
    const venue = await startVenue({ referencePrice: reference, fillProbability: 1, partialFillProbability: 0.5 });
    // Every timer the run arms goes through this clock: none may be unref'd (the process must wait on it).
    const unrefd: number[] = [];
    const clock: Clock = {
      now: () => systemClock.now(),
      setTimeout: (callback, delayMs, timerOptions) => {
        if (timerOptions?.unref) unrefd.push(delayMs);
        return systemClock.setTimeout(callback, delayMs, timerOptions);
      },
      clearTimeout: (handle) => systemClock.clearTimeout(handle),
    };
    try {
      let bids: string[] = [];
      const result = await run(
        venue,
        () => {
          // Sell through every bid: the venue's takers fill them (half of them only in part).
          bids = venue.sim.openOrders('7').flatMap((o) => (o.side === '1' ? [o.clOrdId] : []));
          reference.set(new Decimal(reference.current()!).times(0.99).toFixed(2));
        },
        { clock, monitorSeconds: 1 },
      );
      const venueFilled = new Map<string, Decimal>();
      for (const fill of venue.sim.fills()) {
        venueFilled.set(fill.clOrdId, (venueFilled.get(fill.clOrdId) ?? new Decimal(0)).plus(fill.lastQty));
      }
      expect(bids.length).toBe(3);
      expect(venueFilled.size).toBe(3);
      for (const order of result.orders) {
        const filled = venueFilled.get(order.clOrdId) ?? new Decimal(0);
        expect(new Decimal(order.filledQty).toFixed()).toBe(filled.toFixed());
        const expected = filled.isZero() ? 'canceled' : filled.gte(order.quantity) ? 'filled' : 'partially-filled';
        expect({ clOrdId: order.clOrdId, status: order.status }).toEqual({ clOrdId: order.clOrdId, status: expected });
      }
      expect(result.filled).toBeGreaterThanOrEqual(1);
      expect(result.partiallyFilled).toBeGreaterThanOrEqual(1);
      expect(result.filled + result.partiallyFilled).toBe(3);
      expect(result.canceled).toBe(3);
      expect(result.exitCode).toBe(ExitCode.pass);
      expect(venue.openOrders()).toBe(0);
      expect(unrefd).toEqual([]);
    } finally {
      await venue.stop();
    }
  });
});

describe('a run cut short mid-run cancels what is open, logs out and says why', () => {
  it('Coinbase reference goes stale: exit 4', async () => {
    const venue = await startVenue();
    try {
      const started = Date.now();
      const result = await run(venue, () => coinbase.sim.faults.stall(2500));
      expect(result.exitCode).toBe(ExitCode.aborted);
      expect(result.failure).toMatch(/Coinbase reference went stale mid-run/);
      expect(result.failure).toContain('no order left open');
      expect(result.orders.map((o) => o.status)).toEqual(Array(6).fill('canceled'));
      expect(venue.openOrders()).toBe(0);
      expect(venue.logouts()).toBe(1);
      expect(Date.now() - started).toBeLessThan(10_000); // not the 20 s monitor phase
    } finally {
      await venue.stop(); // the stall affects only the connection open when it began
    }
  });

  it('TrueX drops the connection: exit 4, after logging on again to cancel the resting orders', async () => {
    const venue = await startVenue();
    try {
      const result = await run(venue, () => venue.sim.faults.disconnectAll());
      expect(result.exitCode).toBe(ExitCode.aborted);
      expect(result.failure).toMatch(/TrueX session lost mid-run/);
      expect(result.failure).toContain('logged on again to cancel');
      expect(result.orders.map((o) => o.status)).toEqual(Array(6).fill('canceled'));
      expect(result.leftOpen).toEqual([]);
      expect(venue.openOrders()).toBe(0);
      expect(venue.logouts()).toBe(1);
    } finally {
      await venue.stop();
    }
  });

  it('TrueX drops the connection and cannot be reached again: exit 4, the orders left open are listed', async () => {
    const venue = await startVenue();
    const proxy = await tcpProxy(venue.port);
    try {
      const result = await run(venue, () => proxy.cut(), { port: proxy.port });
      expect(result.exitCode).toBe(ExitCode.aborted);
      expect(result.failure).toMatch(/TrueX session lost mid-run/);
      expect(result.failure).toMatch(/could not log on again to cancel: .*ECONNREFUSED/);
      expect(result.leftOpen).toHaveLength(6);
      expect(result.orders.map((o) => o.status)).toEqual(Array(6).fill('left-open'));
      expect(venue.openOrders()).toBe(6);
    } finally {
      await proxy.close();
      await venue.stop();
    }
  });

  it('SIGINT (the abort signal the command line raises): exit 130', async () => {
    const venue = await startVenue();
    const controller = new AbortController();
    try {
      const sigint: AbortReason = { kind: 'sigint', message: 'interrupted by SIGINT' };
      const result = await run(venue, () => controller.abort(sigint), { signal: controller.signal });
      expect(result.exitCode).toBe(130);
      expect(result.failure).toBe('interrupted by SIGINT; no order left open');
      expect(result.orders.map((o) => o.status)).toEqual(Array(6).fill('canceled'));
      expect(venue.openOrders()).toBe(0);
      expect(venue.logouts()).toBe(1);
    } finally {
      await venue.stop();
    }
  });

  it('an exception inside the run: exit 5, with the error', async () => {
    const venue = await startVenue();
    try {
      const result = await run(venue, () => {
        throw new Error('injected failure');
      });
      expect(result.exitCode).toBe(ExitCode.internal);
      expect(result.failure).toBe('internal error: injected failure; no order left open');
      expect(result.orders.map((o) => o.status)).toEqual(Array(6).fill('canceled'));
      expect(venue.openOrders()).toBe(0);
      expect(venue.logouts()).toBe(1);
    } finally {
      await venue.stop();
    }
  });
});
