import type { Clock } from '@truex-mm/clock';
import { CoinbaseFeed } from '@truex-mm/coinbase-feed';
import { readFileSync } from 'node:fs';
import {
  engineConfigFrom,
  restOrderStatusSource,
  restVenueGateway,
  type MarketMakerConfig,
} from '@truex-mm/deployment';
import { Reconciler } from '@truex-mm/reconciliation';
import { FixClient, type FixConnector } from '@truex-mm/fix-session';
import type { OrderAdapter, TrackedOrder } from '@truex-mm/order-adapter';
import type { EventSink } from '@truex-mm/persistence';
import { QuotingEngine, type SentAction } from '@truex-mm/quoting-engine';
import type { OpeningBalance, RiskGate } from '@truex-mm/risk';
import { TrueXRestClient } from '@truex-mm/truex-rest';
import type { Logger } from 'pino';
import type { MarketMakerMetrics } from './metrics';

/** The venue's view of the account, as its REST API reports it. */
export interface VenueAccount {
  readonly clientId: string;
  readonly status: string | null;
  /** null when the venue does not report it. */
  readonly cancelOnDisconnect: boolean | null;
  readonly balances: ReadonlyArray<{ assetId: string | null; balance: string | null; orderHold: string | null }>;
}

export interface MarketMakerDeps {
  readonly config: MarketMakerConfig;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly sink: EventSink;
  readonly metrics: MarketMakerMetrics;
  readonly runId: string;
  readonly truex: { host: string; port: number; restUrl?: string };
  readonly coinbaseUrl: string;
  /** The TCP (or TLS) connector for the FIX session; defaults to fix-session's own. Benchmarks instrument it. */
  readonly fixConnector?: FixConnector;
  /** The position restored from storage. */
  readonly opening?: OpeningBalance;
  /** Take over orders found at the venue instead of cancelling them (--adopt-orders). */
  readonly adoptOrders?: boolean;
}

/** One order action the engine sent (kept under its old name for the app's API). */
export type QuoteAction = SentAction;

/**
 * The composition of one market maker: the Coinbase feed and the FIX session (the sockets) wired to the
 * {@link QuotingEngine} (every trading rule), with Prometheus metrics observing it. Nothing here decides anything.
 */
export class MarketMaker {
  readonly feed: CoinbaseFeed;
  readonly fix: FixClient;
  readonly quoting: QuotingEngine;
  /** Venue truth over TrueX's REST API (absent when no REST URL is known). */
  readonly reconciler: Reconciler | undefined;
  private readonly rest: TrueXRestClient | undefined;
  private readonly config: MarketMakerConfig;
  private readonly logger: Logger;

  constructor(deps: MarketMakerDeps) {
    this.config = deps.config;
    this.logger = deps.logger;
    const { config, clock, logger, metrics } = deps;
    this.feed = new CoinbaseFeed({
      url: deps.coinbaseUrl,
      products: [config.coinbase.product],
      staleAfterMs: config.risk.maxReferenceAgeMs,
      clock,
      logger: logger.child({ component: 'coinbase-feed' }),
    });
    this.fix = new FixClient({
      host: deps.truex.host,
      port: deps.truex.port,
      tls: config.truex.tls,
      senderCompId: config.truex.senderCompId,
      targetCompId: config.truex.targetCompId,
      apiKey: config.truex.apiKey,
      apiSecret: config.truex.secretKey,
      connector: deps.fixConnector,
      ca: config.truex.caFile === undefined ? undefined : readFileSync(config.truex.caFile),
      resetOnLogon: config.truex.resetOnLogon,
      // Sequence numbers are persisted in the data folder (durable before each message goes out).
      dataDir: config.dataDir,
      clock,
      logger: logger.child({ component: 'fix-session' }),
    });
    const restUrl = deps.truex.restUrl;
    const rest =
      restUrl === undefined
        ? undefined
        : new TrueXRestClient({
            baseUrl: restUrl,
            apiKey: config.truex.apiKey,
            apiSecret: config.truex.secretKey,
            clientId: config.truex.clientId,
            // TrueX states no REST rate limit (shared/truex/REST.md §5): 10/s with a burst of 20 lets start-up
            // reconciliation cancel 50 orphans within about 3 s; a 429 and its Retry-After are honoured.
            rateLimit: { ratePerSec: 10, burst: 20 },
            clock,
            logger: logger.child({ component: 'truex-rest' }),
          });
    this.quoting = new QuotingEngine({
      venueStatus: rest && restOrderStatusSource(rest, config.truex.clientId),
      opening: deps.opening,
      reconcileOnReconnect: rest !== undefined,
      config: engineConfigFrom(config),
      clock,
      logger,
      sender: this.fix,
      sink: deps.sink,
      runId: deps.runId,
      observer: {
        actionSent: (kind) => metrics.ordersSent.inc({ action: kind }),
        orderAcknowledged: (ms) => {
          metrics.ordersAcked.inc();
          metrics.ackLatency.observe(ms / 1000);
        },
        orderRejected: () => metrics.ordersRejected.inc(),
        riskDenied: (reason) => metrics.riskDenials.inc({ reason }),
        fill: (side) => metrics.fills.inc({ side }),
        throttleReject: () => metrics.throttleRejects.inc(),
        openOrders: (n) => metrics.openOrders.set(n),
        fairValue: (v) => metrics.fairValue.set(v),
        position: (base, realized, unrealized) => {
          metrics.positionBase.set(base);
          metrics.realizedPnl.set(realized);
          metrics.unrealizedPnl.set(unrealized);
        },
        tradingState: (state) => metrics.setTradingState(state),
        tickToWire: (seconds) => metrics.tickToWire.observe(seconds),
      },
    });
    this.rest = rest;
    this.reconciler =
      rest === undefined
        ? undefined
        : new Reconciler({
            adapter: this.quoting.adapter,
            venue: restVenueGateway(rest, config.truex.clientId),
            clock,
            logger: logger.child({ component: 'reconciliation' }),
            adoptOrphans: deps.adoptOrders ?? false,
            intervalMs: config.reconcileIntervalMs,
          });
    const reconciler = this.reconciler;
    if (reconciler) {
      // After a reconnect the engine holds quoting until every order is settled with the venue.
      this.quoting.on('session-restored', () => {
        void reconciler.afterReconnect().finally(() => this.quoting.release('reconciling after reconnect'));
      });
      // The venue reset its sequence numbers, or a gap fill skipped messages: execution reports may be lost.
      const resync = (why: string): void => {
        logger.warn({ why }, 'FIX messages may be lost: reconciling with the venue');
        void reconciler.afterReconnect();
      };
      this.fix.on('venue-reset', ({ reason }) => resync(`venue reset: ${reason}`));
      this.fix.on('messages-skipped', ({ from, to }) => resync(`messages ${from}..${to} skipped by a gap fill`));
    }
    this.feed.on('top', (top) => this.quoting.onReferenceTop(top));
    this.feed.on('state', (state) => this.quoting.onReferenceState(state));
    this.feed.on('book-invalid', (_product, reason) => this.quoting.onReferenceInvalid(reason));
    this.feed.on('liveness', (live) => this.quoting.onReferenceLiveness(live));
    this.feed.on('error', (error) => logger.warn({ err: error.message }, 'coinbase feed error'));
    this.fix.on('state', (state) => this.quoting.onSessionState(state));
    this.fix.on('app', (msg) => this.quoting.onVenueMessage(msg));
    this.fix.on('liveness', ({ responsive }) => this.quoting.onSessionLiveness(responsive));
    this.fix.on('gap', ({ open }) => this.quoting.onSessionGap(open));
    this.fix.on('error', (error) =>
      logger.error({ code: error.code, venueText: error.venueText, err: error.message }, 'FIX session error'),
    );
    this.fix.on('reject', (reject) => logger.warn({ reject }, 'session-level reject from TrueX'));
  }

  /**
   * What TrueX says about the account (REST): its cancel-on-disconnect setting (read and reported, never changed
   * here: shared/truex/REST.md §6.7) and the balances it holds per asset, to be read beside our position (the account
   * may hold more than the market maker's position, so they are reported, not equated).
   */
  async venueAccount(): Promise<VenueAccount | undefined> {
    const rest = this.rest;
    if (!rest) return undefined;
    const clientId = this.config.truex.clientId;
    const [clients, balances] = await Promise.all([rest.clients({ id: clientId }), rest.balances({ clientId })]);
    const client = clients.find((c) => c.id === clientId) ?? clients[0];
    return {
      clientId,
      status: client?.status ?? null,
      cancelOnDisconnect: client?.cancelOnDisconnect ?? null,
      balances: balances.flatMap((b) =>
        b.assets.map((a) => ({
          assetId: a.assetId ?? null,
          balance: a.balance ?? null,
          orderHold: a.orderHold ?? null,
        })),
      ),
    };
  }

  get adapter(): OrderAdapter {
    return this.quoting.adapter;
  }

  get risk(): RiskGate {
    return this.quoting.risk;
  }

  on(event: 'action', listener: (action: QuoteAction) => void): this {
    this.quoting.on(event, listener);
    return this;
  }

  /** Connects to both venues; quoting starts once fair value exists and the FIX session is active. */
  start(): void {
    this.quoting.start();
    this.feed.start();
    this.fix.start();
  }

  pause(reason: string): void {
    this.quoting.pause(reason);
  }

  resume(reason: string): boolean {
    return this.quoting.resume(reason);
  }

  kill(reason: string): void {
    this.quoting.kill(reason);
  }

  cancelAll(reason: string): number {
    return this.quoting.cancelAll(reason);
  }

  /**
   * Graceful stop: the engine cancels everything (paced by the budget) over FIX; whatever is still live then (the
   * session was down, or the venue did not answer) is cancelled over REST and settled; then the session logs out.
   */
  async stop(timeoutMs?: number): Promise<TrackedOrder[]> {
    this.reconciler?.stop();
    let leftovers = await this.quoting.stop(timeoutMs);
    if (leftovers.length > 0 && this.reconciler) {
      this.logger.warn({ count: leftovers.length }, 'orders still live after the FIX cancels: cancelling over REST');
      await this.reconciler.cancelAll('shutdown');
      leftovers = [...this.quoting.adapter.liveOrders()];
    }
    await this.fix.stop(5000);
    await this.feed.stop();
    return leftovers;
  }

  /** The /status document: the engine's figures plus the feed and the FIX session. */
  status(): Record<string, unknown> {
    const fix = {
      state: this.fix.state,
      responsive: this.fix.isResponsive,
      sequenceGap: this.fix.gap ?? null,
      ...this.fix.counters(),
    };
    return {
      mode: this.config.mode,
      ...this.quoting.status(),
      feed: { state: this.feed.state, ...this.feed.metrics() },
      fix,
      fixSession: fix,
      reconciliation: this.reconciler ? this.reconciler.status() : { enabled: false, reason: 'no TrueX REST URL' },
    };
  }
}
