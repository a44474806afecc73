import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import type { Clock } from '@truex-mm/clock';
import { createPersistence, type Persistence } from '@truex-mm/persistence';
import type { StoredOrderState } from '@truex-mm/reconciliation';
import type { LedgerFill, OpeningBalance } from '@truex-mm/risk';
import type { Logger } from 'pino';
import { redactedConfig, type MarketMakerConfig } from '@truex-mm/deployment';
import { createDashboard, type Dashboard } from '@truex-mm/dashboard';
import { HttpControlServer, resolveControlToken } from './http-server';
import { marketMakerDashboardSource } from './dashboard-source';
import { MarketMaker } from './market-maker';
import { MarketMakerMetrics } from './metrics';
import { startSimulators, type InProcessSimulators } from '@truex-mm/deployment';

export interface RunningMarketMaker {
  readonly engine: MarketMaker;
  readonly simulators: InProcessSimulators;
  readonly persistence: Persistence;
  readonly httpPort: number;
  /** The bearer token of POST /pause, /resume, /kill, /reset (undefined without HTTP). Never log it. */
  readonly controlToken: string | undefined;
  /** True when no token was configured and one was generated (simulator mode): print it once to the terminal. */
  readonly controlTokenGenerated: boolean;
  readonly runId: string;
  /** What the start-up restored from storage and found at the venue. */
  readonly startup: StartupReport;
  /** Resolves when the start-up reconciliation with the venue is done (quoting is held until then). */
  readonly ready: Promise<void>;
  /** Clears a persisted HALT (operator action) and lets quoting resume. */
  resetHalt(by: string): Promise<boolean>;
  /** Graceful stop (idempotent): cancels all orders, waits for acks, logs out, flushes storage. */
  stop(reason: string): Promise<StopReport>;
}

export interface StopReport {
  /** Orders still believed live at the venue. */
  readonly leftoverOrders: number;
  /** Events that could not be stored (not in PostgreSQL, Redis or the spill file). */
  readonly eventsNotStored: number;
}

export interface StartupReport {
  readonly previousRun: { runId: string; endedCleanly: boolean } | null;
  readonly restoredPosition: { base: string; quote: string; fillsApplied: number } | null;
  readonly haltedFromStorage: string | null;
}

export interface StartOptions {
  readonly clock: Clock;
  readonly logger: Logger;
  /** Overrides the venue simulator's open-order limit (tests). */
  readonly venueOpenOrderLimit?: number;
  /** Start the HTTP server (default true). */
  readonly http?: boolean;
  /** Take over orders found at the venue at start instead of cancelling them (--adopt-orders). */
  readonly adoptOrders?: boolean;
  /** Clear a persisted HALT at start (--reset-halt). */
  readonly resetHalt?: boolean;
  /** The HTTP control token (MM_CONTROL_TOKEN); required in live mode, generated in simulator mode when unset. */
  readonly controlToken?: string;
}

/**
 * The composition root: simulators (for whatever endpoint is unset), persistence (PGlite/Redis/PostgreSQL per
 * configuration), the quoting engine and the HTTP control surface.
 */
export async function startMarketMaker(config: MarketMakerConfig, options: StartOptions): Promise<RunningMarketMaker> {
  const { clock, logger } = options;
  // Before anything starts: live mode refuses to run with an unprotected control API.
  const control = (options.http ?? true) ? resolveControlToken(config.mode, options.controlToken) : undefined;
  const simulators = await startSimulators(config, { clock, logger, openOrderLimit: options.venueOpenOrderLimit });
  let persistence: Persistence;
  try {
    if (config.databaseUrl === undefined) mkdirSync(config.dataDir, { recursive: true });
    persistence = await createPersistence({
      databaseUrl: config.databaseUrl,
      redisUrl: config.redisUrl,
      dataDir: config.dataDir,
      deployment: config.deployment,
      logger: logger.child({ component: 'persistence' }),
      clock,
    });
  } catch (error) {
    await simulators.stop();
    throw error;
  }
  const runId = persistence.runId ?? randomUUID();
  const restored = await restoreFromStorage(persistence, runId, options, logger, clock);
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
    opening: restored.opening,
    adoptOrders: options.adoptOrders,
  });
  // Paper mode: the simulated TrueX follows the same Coinbase book top the market maker prices from.
  simulators.followReferenceFeed(engine.feed);
  for (const fill of restored.fillsAfterPosition) engine.risk.applyFill(fill);
  if (restored.halt) engine.kill(`halted before the restart: ${restored.halt}`);
  // A HALT survives restarts until an operator resets it: stored (committed) before anything else happens.
  engine.risk.on('halt', (reason: string) => {
    if (restored.halt && reason.startsWith('halted before the restart')) return;
    persistence
      .saveTradingHalt({ reason, timeMs: clock.now(), runId })
      .catch((error: unknown) =>
        logger.error({ err: error }, 'the HALT could not be stored: it will not survive a restart'),
      );
  });
  // In live mode, quoting stops while events cannot be made durable (storage and the spill file both failing).
  if (config.mode === 'live') {
    persistence.onStorageHealthChange((health) => {
      if (!health.durable) engine.quoting.hold('storage not durable');
      else engine.quoting.release('storage not durable');
    });
  }

  let http: HttpControlServer | undefined;
  let dashboard: Dashboard | undefined;
  // Past runs, read-only, through persistence's own connection (the embedded database included).
  const runStore = {
    list: () => persistence.runHistory.list({ limit: 50 }),
    report: (runId: string) => persistence.runHistory.report(runId),
  };
  let httpPort = 0;
  let haltReason = restored.halt;
  engine.risk.on('halt', (reason: string) => (haltReason = reason));
  if (control) {
    const statusDocument = (): Record<string, unknown> => ({
      ...engine.status(),
      storage: persistence.storageHealth(),
      startup: { ...restored.report, venueAccount },
    });
    dashboard = createDashboard({
      source: marketMakerDashboardSource(engine, config, statusDocument, clock),
      runs: runStore,
      clock,
      logger: logger.child({ component: 'dashboard' }),
    });
    http = new HttpControlServer(
      {
        status: statusDocument,
        ready: () => {
          const s = engine.status();
          if (s.tradingState === 'HALTED') return { ok: false, reason: `trading HALTED: ${haltReason ?? 'unknown'}` };
          return s.quoting === true ? { ok: true } : { ok: false, reason: (s.quoting as { blocked: string }).blocked };
        },
        metricsText: () => metrics.registry.metrics(),
        metricsContentType: metrics.registry.contentType,
        pause: (reason) => engine.pause(reason),
        resume: (reason) =>
          engine.resume(reason)
            ? { ok: true }
            : { ok: false, conflict: `trading is HALTED (${haltReason ?? 'unknown'}): POST /reset clears a HALT` },
        kill: (reason) => engine.kill(reason),
        reset: (by) => resetHalt(by),
      },
      logger.child({ component: 'http' }),
      { controlToken: control.token, dashboard },
    );
    httpPort = await http.listen(config.httpPort);
    dashboard.start();
    logger.info(
      { port: httpPort },
      'HTTP: dashboard at /, /events /runs /healthz /readyz /status /metrics, POST /pause /resume /kill /reset',
    );
  }

  async function resetHalt(by: string): Promise<boolean> {
    const cleared = await persistence.clearTradingHalt({ by, timeMs: clock.now() });
    const resumed = engine.quoting.resetHalt(by);
    if (cleared || resumed) logger.warn({ by }, 'HALT reset by an operator');
    return cleared || resumed;
  }

  // Nothing is quoted before the venue's view and ours agree: orphans of a previous run are cancelled (or adopted),
  // fills that happened while we were down are booked.
  const reconciler = engine.reconciler;
  if (reconciler) engine.quoting.hold('reconciling at start');
  engine.start();
  let venueAccount: Record<string, unknown> | null = null;
  const ready = (async () => {
    if (!reconciler) return;
    try {
      const account = await engine.venueAccount();
      venueAccount = account ? { ...account } : null;
      logger.info({ venueAccount: account, position: engine.risk.ledger.snapshot().base }, 'venue account');
      if (account?.cancelOnDisconnect === true) {
        logger.warn('TrueX cancels our orders when the session drops (cancel on disconnect is on)');
      }
    } catch (error) {
      venueAccount = { error: (error as Error).message };
      logger.warn({ err: (error as Error).message }, 'the venue account could not be read');
    }
    const report = await reconciler.atStart(restored.liveOrders);
    if (report.failed !== undefined) {
      logger.error({ failed: report.failed }, 'start-up reconciliation failed: trading HALTED until the venue answers');
      engine.kill(`start-up reconciliation failed: ${report.failed}`);
    }
    engine.quoting.release('reconciling at start');
    reconciler.start();
  })();
  const stopStatePublishing = publishState(engine, persistence, runId, clock);

  let stopped: Promise<StopReport> | undefined;
  return {
    engine,
    simulators,
    persistence,
    httpPort,
    controlToken: control?.token,
    controlTokenGenerated: control?.generated ?? false,
    runId,
    startup: restored.report,
    ready,
    resetHalt,
    stop(reason: string) {
      stopped ??= (async () => {
        logger.info({ reason }, 'stopping');
        stopStatePublishing();
        await ready.catch(() => undefined);
        const leftovers = await engine.stop();
        persistence.record({ type: 'run-ended', runId, timeMs: clock.now() });
        dashboard?.stop();
        await http?.close();
        await persistence
          .flush(10_000)
          .catch((error: unknown) => logger.error({ err: error }, 'persistence flush failed'));
        const closed = await persistence.close();
        await simulators.stop();
        if (closed.eventsNotStored > 0) {
          logger.error({ eventsNotStored: closed.eventsNotStored }, 'events could not be stored');
        }
        logger.info({ leftoverOrders: leftovers.length, eventsNotStored: closed.eventsNotStored }, 'stopped');
        return { leftoverOrders: leftovers.length, eventsNotStored: closed.eventsNotStored };
      })();
      return stopped;
    },
  };
}

interface Restored {
  readonly opening: OpeningBalance | undefined;
  readonly fillsAfterPosition: LedgerFill[];
  readonly liveOrders: StoredOrderState[];
  readonly halt: string | undefined;
  readonly report: StartupReport;
}

/** What the previous runs of this deployment left: position, live orders, an active HALT. */
async function restoreFromStorage(
  persistence: Persistence,
  runId: string,
  options: StartOptions,
  logger: Logger,
  clock: Clock,
): Promise<Restored> {
  if (options.resetHalt) {
    const cleared = await persistence.clearTradingHalt({ by: 'operator: --reset-halt', timeMs: clock.now() });
    if (cleared) logger.warn('a stored HALT was reset at start (--reset-halt)');
  }
  const last = await persistence.lastRunState({ excludeRunId: runId });
  const position = last.position;
  const opening: OpeningBalance | undefined =
    position && (position.base !== '0' || position.quote !== '0')
      ? {
          base: position.base,
          quote: position.quote,
          ...(position.base !== '0' ? { averageEntryPrice: position.averageEntryPrice } : {}),
        }
      : undefined;
  const fillsAfterPosition: LedgerFill[] = last.fillsAfterPosition.map((f) => ({
    execId: f.execId,
    side: f.side,
    quantity: f.quantity,
    price: f.price,
    fee: f.fee,
  }));
  const report: StartupReport = {
    previousRun: last.lastRun ? { runId: last.lastRun.runId, endedCleanly: last.lastRun.endedCleanly } : null,
    restoredPosition:
      position || fillsAfterPosition.length > 0
        ? { base: position?.base ?? '0', quote: position?.quote ?? '0', fillsApplied: fillsAfterPosition.length }
        : null,
    haltedFromStorage: last.halt?.reason ?? null,
  };
  if (last.lastRun) {
    logger.info(
      {
        previousRun: last.lastRun.runId,
        endedCleanly: last.lastRun.endedCleanly,
        liveOrders: last.liveOrders.length,
        ...report.restoredPosition,
      },
      'restored from storage',
    );
  }
  return {
    opening,
    fillsAfterPosition,
    liveOrders: last.liveOrders.map((o) => ({
      clOrdId: o.clOrdId,
      orderId: o.orderId,
      side: o.side,
      price: o.price,
      quantity: o.quantity,
      cumQty: o.cumQty,
      leavesQty: o.leavesQty,
    })),
    halt: last.halt?.reason,
    report,
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
