import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import type { Clock } from '@truex-mm/clock';
import { createPersistence, type Persistence } from '@truex-mm/persistence';
import type { Logger } from 'pino';
import { redactedConfig, type MarketMakerConfig } from './config';
import { HttpControlServer } from './http-server';
import { MarketMaker } from './market-maker';
import { MarketMakerMetrics } from './metrics';
import { startSimulators, type InProcessSimulators } from './simulators';

export interface RunningMarketMaker {
  readonly engine: MarketMaker;
  readonly simulators: InProcessSimulators;
  readonly persistence: Persistence;
  readonly httpPort: number;
  readonly runId: string;
  /** Graceful stop (idempotent): cancels all orders, waits for acks, logs out, flushes storage. */
  stop(reason: string): Promise<{ leftoverOrders: number }>;
}

export interface StartOptions {
  readonly clock: Clock;
  readonly logger: Logger;
  /** Overrides the venue simulator's open-order limit (tests). */
  readonly venueOpenOrderLimit?: number;
  /** Start the HTTP server (default true). */
  readonly http?: boolean;
}

/**
 * The composition root: simulators (for whatever endpoint is unset), persistence (PGlite/Redis/PostgreSQL per
 * configuration), the quoting engine and the HTTP control surface.
 */
export async function startMarketMaker(config: MarketMakerConfig, options: StartOptions): Promise<RunningMarketMaker> {
  const { clock, logger } = options;
  const simulators = await startSimulators(config, { clock, logger, openOrderLimit: options.venueOpenOrderLimit });
  let persistence: Persistence;
  try {
    if (config.databaseUrl === undefined) mkdirSync(config.dataDir, { recursive: true });
    persistence = await createPersistence({
      databaseUrl: config.databaseUrl,
      redisUrl: config.redisUrl,
      dataDir: config.dataDir,
      logger: logger.child({ component: 'persistence' }),
      clock,
    });
  } catch (error) {
    await simulators.stop();
    throw error;
  }
  const runId = persistence.runId ?? randomUUID();
  persistence.record({
    type: 'run-started',
    runId,
    mode: config.mode,
    config: redactedConfig(config),
    timeMs: clock.now(),
  });

  const metrics = new MarketMakerMetrics();
  const engine = new MarketMaker({
    config,
    clock,
    logger,
    sink: persistence,
    metrics,
    runId,
    truex: simulators.truex,
    coinbaseUrl: simulators.coinbaseUrl,
  });

  let http: HttpControlServer | undefined;
  let httpPort = 0;
  if (options.http ?? true) {
    http = new HttpControlServer(
      {
        status: () => engine.status(),
        healthy: () => {
          const s = engine.status();
          const fix = (s.fixSession as { state: string }).state;
          const feed = (s.feed as { state: string }).state;
          if (fix !== 'active') return { ok: false, reason: `FIX session ${fix}` };
          if (feed !== 'live') return { ok: false, reason: `reference feed ${feed}` };
          return { ok: true };
        },
        metricsText: () => metrics.registry.metrics(),
        metricsContentType: metrics.registry.contentType,
        pause: (reason) => engine.pause(reason),
        resume: (reason) => engine.resume(reason),
        kill: (reason) => engine.kill(reason),
      },
      logger.child({ component: 'http' }),
    );
    httpPort = await http.listen(config.httpPort);
    logger.info({ port: httpPort }, 'HTTP: /healthz /status /metrics, POST /pause /resume /kill');
  }

  engine.start();
  const stopStatePublishing = publishState(engine, persistence, runId, clock);

  let stopped: Promise<{ leftoverOrders: number }> | undefined;
  return {
    engine,
    simulators,
    persistence,
    httpPort,
    runId,
    stop(reason: string) {
      stopped ??= (async () => {
        logger.info({ reason }, 'stopping');
        stopStatePublishing();
        const leftovers = await engine.stop();
        persistence.record({ type: 'run-ended', runId, timeMs: clock.now() });
        await http?.close();
        await persistence
          .flush(10_000)
          .catch((error: unknown) => logger.error({ err: error }, 'persistence flush failed'));
        await persistence.close();
        await simulators.stop();
        logger.info({ leftoverOrders: leftovers.length }, 'stopped');
        return { leftoverOrders: leftovers.length };
      })();
      return stopped;
    },
  };
}

const HOT_STATE_INTERVAL_MS = 500;
const POSITION_SNAPSHOT_INTERVAL_MS = 5000;

/**
 * Keeps the Redis hot state (fair value, open orders, position, trading state) current for other processes, and
 * records a position snapshot every few seconds (unrealized PnL moves with fair value between fills).
 */
function publishState(engine: MarketMaker, persistence: Persistence, runId: string, clock: Clock): () => void {
  let timer: ReturnType<Clock['setTimeout']> | undefined;
  let lastSnapshotMs = 0;
  const tick = (): void => {
    const status = engine.status();
    const fairValue = typeof status.fairPrice === 'string' ? status.fairPrice : undefined;
    const position = engine.risk.ledger.snapshot(fairValue);
    persistence.hotState.publish({
      fairValue,
      tradingState: String(status.tradingState),
      position,
      openOrders: engine.adapter.liveOrders().map((o) => ({
        clOrdId: o.clOrdId,
        side: o.side,
        price: o.price,
        quantity: o.quantity,
        leavesQty: o.leavesQty,
        state: o.state,
      })),
    });
    const now = clock.now();
    if (now - lastSnapshotMs >= POSITION_SNAPSHOT_INTERVAL_MS) {
      lastSnapshotMs = now;
      persistence.record({ type: 'position', runId, ...position, fairValue, timeMs: now });
    }
    timer = clock.setTimeout(tick, HOT_STATE_INTERVAL_MS);
  };
  timer = clock.setTimeout(tick, HOT_STATE_INTERVAL_MS);
  return () => clock.clearTimeout(timer);
}
