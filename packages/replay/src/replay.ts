import { ManualClock } from '@truex-mm/clock';
import { RecordingMarket, ScenarioMarket, type MarketScenarioName, type SteppedMarket } from '@truex-mm/coinbase-sim';
import { FixClient } from '@truex-mm/fix-session';
import {
  defaultEngineConfig,
  QuoteQuality,
  QuotingEngine,
  type QuoteQualityReport,
  type QuotingEngineConfig,
} from '@truex-mm/quoting-engine';
import type { OrderState } from '@truex-mm/order-adapter';
import { TrueXSimulator } from '@truex-mm/truex-sim';
import pino, { type Logger } from 'pino';

export type ReplayMarket =
  | { kind: 'scenario'; name: MarketScenarioName }
  | {
      kind: 'recording';
      path: string;
      /** Product to follow (default SKL-USD, the busiest in the shared recording, which has no BTC-USD). */
      product?: string;
      /**
       * The recording's prices are rescaled so its first mid is this price (default '97000'): its relative moves,
       * in bps, drive a BTC-priced fair value. null keeps the recorded prices.
       */
      rescaleTo?: string | null;
    };

export interface ReplayOptions {
  readonly market: ReplayMarket;
  /** Seed of the market, the venue's takers and the engine's draws. Same seed, same result. */
  readonly seed: number;
  /** Market time to replay (default: the scenario's suggested duration, or the whole recording). */
  readonly durationMs?: number;
  /** The engine configuration (default: defaultEngineConfig, i.e. what `npm start` runs). */
  readonly engine?: QuotingEngineConfig;
  /** Venue rules. */
  readonly venue?: {
    /** TrueX's throttle, messages per second per session (default 10; 0 = off). */
    readonly messageRateLimitPerSec?: number;
    readonly openOrderLimit?: number;
    /** Probability that a reference move through one of our prices fills it (default 1). */
    readonly fillProbability?: number;
    /** One-way network delay on the in-memory link, ms (default 2). */
    readonly latencyMs?: number;
  };
  /** How often the venue's view of our orders is sampled for the report, ms of market time (default 50). */
  readonly sampleMs?: number;
  /**
   * Market time excluded from the report at the start, while the first ladder is being placed (default 10 s: 50
   * orders at 8 messages/s take 6.25 s).
   */
  readonly warmupMs?: number;
  readonly logger?: Logger;
  /**
   * Called at every sampling step with the market time elapsed: scenario tests use it to inject events (a silent
   * venue, a sequence gap) and to look at the engine and the venue at given times.
   */
  readonly script?: (elapsedMs: number, handles: ReplayHandles) => void;
}

/** What a replay script may drive and inspect. */
export interface ReplayHandles {
  readonly engine: QuotingEngine;
  readonly venue: TrueXSimulator;
  readonly clientId: string;
}

/** What a replay measured, plus the engine's own figures and the end-of-run comparison with the venue. */
export interface ReplayReport {
  readonly market: string;
  readonly seed: number;
  readonly messagesPerSecondBudget: number;
  readonly venueRateLimit: number;
  readonly quality: QuoteQualityReport;
  readonly fillRate: number | null;
  readonly spreadCapture: number | null;
  readonly shape: {
    readonly level1OffsetTicks: number;
    readonly levelSpacingTicks: number;
    readonly minEdgeTicks: number;
  } | null;
  readonly lifetimeStretch: number;
  readonly reshapes: number;
  /** Our view against the venue's at the end: live orders and net position. */
  readonly venueTruth: {
    readonly ourLiveOrders: number;
    readonly venueActiveOrders: number;
    readonly ourPosition: string;
    readonly venueNetFills: string;
  };
}

/** FIX OrdStatus (39) → the order adapter's state. */
const ORDER_STATES: Readonly<Record<string, OrderState>> = {
  A: 'PendingNew',
  '0': 'New',
  '1': 'PartiallyFilled',
  '2': 'Filled',
  '4': 'Canceled',
  '6': 'PendingCancel',
  '8': 'Rejected',
  C: 'Expired',
  E: 'PendingReplace',
};

/** The ManualClock's time at market time 0 of every replay. */
export const REPLAY_START_MS = Date.UTC(2026, 0, 5, 14, 0, 0);
const START_MS = REPLAY_START_MS;
const CREDENTIALS = { apiKey: 'replay-key', secret: 'replay-secret', clientId: '10000000000000007' };

/** A stepped market whose prices are scaled so that the first mid becomes `target` (rounded to cents). */
function rescaled(market: SteppedMarket, target: number): SteppedMarket {
  let factor: number | undefined;
  const scale = (price: string): string => (Math.round(Number(price) * factor! * 100) / 100).toFixed(2);
  return {
    advanceTo(elapsedMs) {
      return market.advanceTo(elapsedMs).map((c) => {
        factor ??= target / Number(c.mid);
        return { ...c, bidPrice: scale(c.bidPrice), askPrice: scale(c.askPrice), mid: scale(c.mid) };
      });
    },
    mid() {
      const mid = market.mid();
      return mid === undefined || factor === undefined ? undefined : scale(mid);
    },
  };
}

function openMarket(o: ReplayOptions): { market: SteppedMarket; name: string; durationMs: number } {
  if (o.market.kind === 'recording') {
    const recording = RecordingMarket.fromFile(o.market.path, o.market.product ?? 'SKL-USD');
    const target = o.market.rescaleTo === undefined ? '97000' : o.market.rescaleTo;
    const market = target === null ? recording : rescaled(recording, Number(target));
    const name = `recording:${recording.product}${target === null ? '' : ` rescaled to ${target}`}`;
    return { market, name, durationMs: o.durationMs ?? recording.durationMs };
  }
  const market = new ScenarioMarket({ scenario: o.market.name, seed: o.seed });
  return { market, name: o.market.name, durationMs: o.durationMs ?? market.scenario.durationMs ?? 60_000 };
}

/** Net base position from fills as the venue booked them, exact (8 decimal places). */
function netFills(fills: ReadonlyArray<{ side: string; lastQty: string }>): string {
  let units = 0n;
  for (const f of fills) {
    const [whole, frac = ''] = f.lastQty.split('.');
    const q = BigInt(whole) * 100_000_000n + BigInt((frac + '00000000').slice(0, 8));
    units += f.side === '1' || f.side === 'buy' ? q : -q;
  }
  const negative = units < 0n;
  const abs = negative ? -units : units;
  const frac = (abs % 100_000_000n).toString().padStart(8, '0').replace(/0+$/, '');
  return `${negative ? '-' : ''}${abs / 100_000_000n}${frac ? `.${frac}` : ''}`;
}

/**
 * Runs the quoting engine with the real FixClient over an in-memory link to the TrueX simulator, the market from a
 * seeded scenario or a recording, everything on one ManualClock: deterministic, and many times faster than real time.
 */
export async function runReplay(o: ReplayOptions): Promise<ReplayReport> {
  const logger = o.logger ?? pino({ level: 'silent' });
  const clock = new ManualClock(START_MS);
  const { market, name, durationMs } = openMarket(o);
  const midListeners = new Set<(mid: string) => void>();
  let mid: string | undefined;
  const config = o.engine ?? defaultEngineConfig({ symbol: 'BTC-PYUSD', partyId: CREDENTIALS.clientId });
  const venueRateLimit = o.venue?.messageRateLimitPerSec ?? 10;
  const venue = new TrueXSimulator({
    credentials: [{ apiKey: CREDENTIALS.apiKey, secret: CREDENTIALS.secret, clientIds: [CREDENTIALS.clientId] }],
    symbol: config.symbol,
    openOrderLimit: o.venue?.openOrderLimit ?? 50,
    messageRateLimitPerSec: venueRateLimit,
    referencePrice: {
      current: () => mid,
      onChange: (listener) => {
        midListeners.add(listener);
        return () => midListeners.delete(listener);
      },
    },
    fillProbability: o.venue?.fillProbability ?? 1,
    seed: o.seed,
    clock,
    logger: logger.child({ component: 'truex-sim' }),
  });
  const connector = venue.startInMemory({ latencyMs: o.venue?.latencyMs ?? 2 });
  const fix = new FixClient({
    host: 'in-memory',
    port: 0,
    senderCompId: 'MM_REPLAY',
    targetCompId: 'TRUEX_UAT_OE',
    apiKey: CREDENTIALS.apiKey,
    apiSecret: CREDENTIALS.secret,
    connector,
    clock,
    random: () => 0.5,
    logger: logger.child({ component: 'fix-session' }),
  });
  const engine = new QuotingEngine({
    config,
    clock,
    logger: logger.child({ component: 'engine' }),
    sender: fix,
    runId: 'replay',
    // The venue's own view of an order, as the app gets it over REST (here without HTTP, so the replay stays on the
    // ManualClock): used for orders FIX cannot settle (a cancel answered "unknown order", an unanswered request).
    venueStatus: {
      orderStatus: async ({ clOrdId }) => {
        const o = venue.order(CREDENTIALS.clientId, clOrdId);
        if (!o) return null;
        const state = ORDER_STATES[o.ordStatus];
        return state === undefined
          ? undefined
          : { clOrdId, orderId: o.orderId, state, cumQty: o.cumQty, leavesQty: o.leavesQty, avgPx: o.avgPx };
      },
    },
  });
  const sampleMs = o.sampleMs ?? 50;
  const warmupMs = o.warmupMs ?? 10_000;
  const quality = new QuoteQuality({ fromMs: START_MS + warmupMs });
  fix.on('state', (state) => engine.onSessionState(state));
  fix.on('app', (msg) => engine.onVenueMessage(msg));
  fix.on('liveness', ({ responsive }) => engine.onSessionLiveness(responsive));
  fix.on('gap', ({ open }) => engine.onSessionGap(open));
  engine.on('action', (a) => quality.messageSent(a.timeMs, a.reason));
  engine.on('fill', (f) => quality.fill(clock.now(), f.side, f.price));
  engine.adapter.on('reject', (_order, text) => quality.reject(clock.now(), text));
  engine.adapter.on('throttle', (reject) => quality.reject(clock.now(), `throttled: ${reject.text ?? '35=j'}`));
  engine.adapter.on('order', (order) => {
    if (['Canceled', 'Replaced', 'Filled', 'Expired'].includes(order.state) && order.ackedAtMs !== undefined) {
      quality.orderEnded(clock.now(), clock.now() - order.ackedAtMs);
    }
  });

  const drain = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));
  engine.start();
  fix.start();
  engine.onReferenceState('live');
  for (let t = 0; t <= durationMs; t += sampleMs) {
    for (const change of market.advanceTo(t)) {
      clock.advanceTo(START_MS + change.atMs);
      mid = change.mid;
      engine.onReferenceTop({ product: 'BTC-USD', ...change });
      for (const listener of midListeners) listener(change.mid);
    }
    clock.advanceTo(START_MS + t);
    await drain();
    o.script?.(t, { engine, venue, clientId: CREDENTIALS.clientId });
    const fv = engine.fairValue.value(clock.now());
    const shape = engine.policy.status().shape;
    if (fv !== undefined && shape) {
      const minEdge = shape.minEdgeTicks * Number(config.policy.ladder.tickSize);
      quality.sample(
        clock.now(),
        fv,
        minEdge,
        venue.openOrders(CREDENTIALS.clientId).map((v) => ({ side: v.side === '1' ? 'buy' : 'sell', price: v.price })),
      );
    }
  }
  const status = engine.status();
  const report: ReplayReport = {
    market: name,
    seed: o.seed,
    messagesPerSecondBudget: config.risk.messagesPerSecond,
    venueRateLimit,
    quality: quality.report(),
    fillRate: status.fillRate,
    spreadCapture: status.spreadCapture,
    shape: status.policy.shape,
    lifetimeStretch: status.policy.lifetimes.stretchFactor,
    reshapes: status.policy.reshapes,
    venueTruth: {
      ourLiveOrders: engine.adapter.liveOrderCount(),
      venueActiveOrders: venue.openOrders(CREDENTIALS.clientId).length,
      ourPosition: status.position,
      venueNetFills: netFills(venue.fills()),
    },
  };
  // Stop on the manual clock: pump time while the engine drains its orders.
  const stopped = engine.stop(20_000);
  for (let i = 0; i < 4000 && engine.adapter.liveOrderCount() > 0; i++) {
    clock.advance(25);
    await drain();
  }
  clock.advance(50);
  await drain();
  await stopped;
  const stopPromise = fix.stop(1000);
  for (let i = 0; i < 100; i++) {
    clock.advance(20);
    await drain();
  }
  await stopPromise;
  await venue.stop();
  return report;
}
