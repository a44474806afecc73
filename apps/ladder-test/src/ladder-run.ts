import type { TimerHandle } from '@truex-mm/clock';
import { CoinbaseFeed } from '@truex-mm/coinbase-feed';
import { engineQuotePolicy, type InProcessSimulators, type MarketMakerConfig } from '@truex-mm/deployment';
import { buildTargetLadder, seededRandom, type TargetOrder } from '@truex-mm/ladder-strategy';
import { OrderAdapter, type TrackedOrder } from '@truex-mm/order-adapter';
import { DecayingMeanFairValue, toDecimalString } from '@truex-mm/pricing';
import { ExitCode } from './exit-codes';
import { describeLogonFailure } from './failure-text';
import {
  noOrdersResult,
  type LadderTestDeps,
  type LadderTestOptions,
  type LadderTestResult,
  type OrderReport,
} from './ladder-types';
import { FAILED_OUTCOMES, POSSIBLY_OPEN_OUTCOMES, addQuantities, filledQuantity, finalOutcome } from './order-status';
import { RunGuard, abortExitCode, sleep, toAbortReason } from './run-guard';
import { VenueSession } from './venue-session';

/** How often the adapter's timeouts (unanswered orders and cancels, throttled cancel retries) are checked. */
const CHECK_TIMEOUTS_MS = 250;
/** Cancel requests per order before it is given up as `cancel-timeout`. */
const CANCEL_ATTEMPTS = 3;
const LOGOUT_TIMEOUT_MS = 5000;

/** One run of the ladder test, phase by phase. Built and driven by {@link runLadderTest}. */
export class LadderRun {
  private readonly guard: RunGuard;
  private readonly feed: CoinbaseFeed;
  private readonly venue: VenueSession;
  private readonly adapter: OrderAdapter;
  private readonly reports = new Map<string, OrderReport>();
  private readonly tracked = new Map<string, TrackedOrder>();
  private readonly cancelAttempts = new Map<string, number>();
  private fills = 0;
  private referencePrice: string | null = null;
  private feedWatched = false;
  private lastFeedError: string | undefined;
  private timeoutTicker: TimerHandle | undefined;
  private readonly onSignal = (): void => this.guard.abort(toAbortReason(this.deps.signal?.reason));

  constructor(
    private readonly config: MarketMakerConfig,
    private readonly options: LadderTestOptions,
    private readonly deps: LadderTestDeps,
    private readonly simulators: InProcessSimulators,
  ) {
    const { clock, logger } = deps;
    this.guard = new RunGuard(clock);
    deps.signal?.addEventListener('abort', this.onSignal, { once: true });
    this.feed = new CoinbaseFeed({
      url: simulators.coinbaseUrl,
      products: [config.coinbase.product],
      clock,
      logger: logger.child({ component: 'coinbase-feed' }),
    });
    this.venue = new VenueSession(
      {
        host: simulators.truex.host,
        port: simulators.truex.port,
        tls: config.truex.tls,
        ca: deps.truexCa,
        connectTimeoutMs: options.connectTimeoutMs,
        senderCompId: config.truex.senderCompId,
        targetCompId: config.truex.targetCompId,
        apiKey: config.truex.apiKey,
        apiSecret: config.truex.secretKey,
        clock,
        logger: logger.child({ component: 'fix-session' }),
      },
      (message) => this.adapter.onMessage(message),
      (why) => this.guard.abort({ kind: 'venue-lost', message: why }),
    );
    this.adapter = new OrderAdapter({
      partyId: config.truex.clientId,
      symbol: config.truex.symbol,
      postOnly: true,
      ackTimeoutMs: options.ackTimeoutMs,
      clock,
      logger: logger.child({ component: 'order-adapter' }),
      sender: this.venue,
    });
    this.adapter.on('order', (order) => this.tracked.set(order.clOrdId, order));
    this.adapter.on('fill', (fill) => {
      this.fills++;
      const report = this.reports.get(fill.clOrdId);
      if (report) report.filledQty = addQuantities(report.filledQty, fill.quantity);
      logger.info({ clOrdId: fill.clOrdId, side: fill.side, qty: fill.quantity, px: fill.price }, 'fill');
    });
    if (deps.signal?.aborted) this.onSignal();
  }

  async execute(): Promise<LadderTestResult> {
    let loggedOn = false;
    try {
      const early = await this.referenceAndLogon();
      if (early) return early;
      loggedOn = true;
      await this.submit();
      await this.awaitAcks();
      await this.monitor();
    } catch (error) {
      // A bug must not leave orders at the venue: stop here, cancel what is open, log out, exit non-zero.
      const message = error instanceof Error ? error.message : String(error);
      const stack = error instanceof Error ? error.stack : undefined;
      this.deps.logger.error({ err: message, stack }, 'ladder test failed with an internal error');
      this.guard.abort({ kind: 'internal', message: `internal error: ${message}` });
      if (!loggedOn) return noOrdersResult(ExitCode.internal, this.guard.aborted!.message);
    }
    const note = await this.cleanUp();
    return this.result(note);
  }

  /** Stops everything still running (after {@link execute}, or instead of it). */
  async close(): Promise<void> {
    this.deps.signal?.removeEventListener('abort', this.onSignal);
    this.deps.clock.clearTimeout(this.timeoutTicker);
    this.timeoutTicker = undefined;
    this.feedWatched = false;
    await this.venue.logout(2000).catch(() => undefined);
    await this.feed.stop();
  }

  // ---- phases -------------------------------------------------------------------------------------------------

  /** Returns a result when the run cannot go on (no reference, no logon, aborted before any order). */
  private async referenceAndLogon(): Promise<LadderTestResult | undefined> {
    const { clock, logger, progress } = this.deps;
    progress?.phase('reference');
    const fairValue = new DecayingMeanFairValue({
      windowMs: this.config.strategy.fairValueWindowMs,
      input: this.config.strategy.fairValueInput,
    });
    this.feed.on('top', (top) => fairValue.update(top, clock.now()));
    this.feed.on('error', (e) => (this.lastFeedError = `${e.code}: ${e.message}`));
    this.feed.on('liveness', (live, ageMs) => {
      if (this.feedWatched && !live)
        this.guard.abort({
          kind: 'feed-stale',
          message: `Coinbase reference went stale mid-run: no message for ${Math.round(ageMs)} ms`,
        });
    });
    this.feed.on('state', (state) => {
      if (this.feedWatched && state !== 'live')
        this.guard.abort({ kind: 'feed-stale', message: `Coinbase feed went ${state} mid-run` });
    });
    this.feed.start();
    const reference = await this.guard.waitFor(() => fairValue.value(), this.options.referenceTimeoutMs);
    if (this.guard.aborted) return this.abortedBeforeOrders();
    if (reference === undefined) {
      const seconds = this.options.referenceTimeoutMs / 1000;
      const why = this.lastFeedError ? `; last error: ${this.lastFeedError}` : '';
      return noOrdersResult(
        ExitCode.connect,
        `no Coinbase reference price from ${this.simulators.coinbaseUrl} within ${seconds} s (feed ${this.feed.state}${why})`,
      );
    }
    this.referencePrice = toDecimalString(reference, 8);
    this.feedWatched = true;
    logger.info({ referencePrice: this.referencePrice }, 'reference price');

    progress?.phase('logon');
    const logonTimeoutMs = this.options.connectTimeoutMs + this.options.ackTimeoutMs;
    const outcome = await Promise.race([
      this.venue.logon(logonTimeoutMs).then(
        () => ({ ok: true as const }),
        (error: unknown) => ({ ok: false as const, error }),
      ),
      this.guard.whenAborted().then(() => ({ ok: false as const, error: undefined })),
    ]);
    if (this.guard.aborted) return this.abortedBeforeOrders();
    if (!outcome.ok) {
      const endpoint = {
        host: this.simulators.truex.host,
        port: this.simulators.truex.port,
        tls: this.config.truex.tls,
        live: this.config.truex.host !== undefined,
      };
      return noOrdersResult(
        ExitCode.connect,
        describeLogonFailure(outcome.error, endpoint, this.options.connectTimeoutMs),
      );
    }
    this.venue.watch();
    this.startTimeoutTicker();
    return undefined;
  }

  /** The ladder the market maker would quote, submitted at a bounded rate. */
  private async submit(): Promise<void> {
    const { clock, logger, progress } = this.deps;
    const ladderConfig = {
      ...engineQuotePolicy(this.config.strategy).ladder,
      ordersPerSide: Math.ceil(this.options.orders / 2),
      levels: this.options.levels,
    };
    const targets = interleave(
      buildTargetLadder(
        { fairValue: this.referencePrice!, position: '0', nowMs: clock.now() },
        ladderConfig,
        seededRandom(this.config.strategy.seed),
      ),
    ).slice(0, this.options.orders);
    progress?.phase('submit', targets.length);
    for (const [i, target] of targets.entries()) {
      if (this.guard.aborted) return;
      // The market maker's rule: never send an order priced from a reference that is not fresh.
      if (!this.feed.isLive()) {
        this.guard.abort({ kind: 'feed-stale', message: 'Coinbase reference went stale mid-run (feed not live)' });
        return;
      }
      const order = this.adapter.placeOrder({
        key: target.key,
        side: target.side,
        price: target.price,
        quantity: target.quantity,
      });
      if (order) {
        this.reports.set(order.clOrdId, {
          clOrdId: order.clOrdId,
          side: target.side,
          level: target.level,
          price: target.price,
          quantity: target.quantity,
          status: 'timeout',
          filledQty: '0',
        });
      } else {
        logger.error({ key: target.key }, 'order could not be sent (session down)');
      }
      progress?.tick(i + 1, `${target.side} L${target.level} ${target.price}`);
      if (i < targets.length - 1) await this.guard.sleep(this.intervalMs);
    }
  }

  private async awaitAcks(): Promise<void> {
    await this.guard.waitFor(
      () => (this.adapter.liveOrders().some((o) => o.state === 'PendingNew') ? undefined : true),
      this.options.ackTimeoutMs,
    );
  }

  private async monitor(): Promise<void> {
    const { progress } = this.deps;
    progress?.phase('monitor', this.options.monitorSeconds);
    for (let s = 1; s <= this.options.monitorSeconds && !this.guard.aborted; s++) {
      await this.guard.sleep(1000);
      progress?.tick(s, `${this.fills} fills`);
    }
  }

  /**
   * Cancels everything still open (over a new session if the old one was lost), waits for each cancel, logs out.
   * Not interruptible: a second signal is the command line's business. Returns a note on what was left.
   */
  private async cleanUp(): Promise<string | undefined> {
    const { logger, progress } = this.deps;
    this.feedWatched = false;
    let note: string | undefined;
    if (!this.venue.active && this.adapter.liveOrders().length > 0) {
      progress?.phase('reconnect');
      logger.warn('session lost with orders open: logging on again to cancel them');
      try {
        this.venue.unwatch();
        await this.venue.logon(this.options.connectTimeoutMs + this.options.ackTimeoutMs);
        note = 'logged on again to cancel';
      } catch (error) {
        note = `could not log on again to cancel: ${(error as Error).message}`;
        logger.error({ err: (error as Error).message }, 'reconnect to cancel failed');
      }
    }
    if (this.venue.active) {
      await this.cancelOpenOrders();
      progress?.phase('logout');
      await this.venue.logout(LOGOUT_TIMEOUT_MS).catch((error: unknown) => {
        logger.warn({ err: (error as Error).message }, 'logout failed');
      });
    }
    return note;
  }

  private async cancelOpenOrders(): Promise<void> {
    const { clock, progress } = this.deps;
    const live = (): readonly TrackedOrder[] => this.adapter.liveOrders();
    progress?.phase('cancel', live().length);
    const deadline = clock.now() + this.options.ackTimeoutMs;
    let sent = 0;
    while (live().length > 0 && this.venue.active && clock.now() < deadline) {
      // New or back to New after a refused cancel; a PendingNew order is cancelled once acknowledged (or timed out
      // by the adapter, which cancels it itself).
      const next = live().find(
        (o) =>
          (o.state === 'New' || o.state === 'PartiallyFilled' || o.state === 'Unknown') &&
          (this.cancelAttempts.get(o.clOrdId) ?? 0) < CANCEL_ATTEMPTS,
      );
      if (!next) {
        await sleep(clock, 20);
        continue;
      }
      this.cancelAttempts.set(next.clOrdId, (this.cancelAttempts.get(next.clOrdId) ?? 0) + 1);
      this.adapter.cancelOrder(next.clOrdId);
      progress?.tick(++sent);
      await sleep(clock, this.intervalMs);
    }
  }

  // ---- result ---------------------------------------------------------------------------------------------------

  private result(cleanupNote: string | undefined): LadderTestResult {
    const all = [...this.reports.values()];
    for (const report of all) {
      const order = this.tracked.get(report.clOrdId);
      report.filledQty = filledQuantity(order, report.filledQty);
      const cancelSent =
        this.cancelAttempts.has(report.clOrdId) || order?.state === 'PendingCancel' || order?.timedOut === true;
      report.status = finalOutcome(order, report.filledQty, cancelSent, this.options.ackTimeoutMs);
      if (order?.ackedAtMs !== undefined) report.ackLatencyMs = order.ackedAtMs - order.createdAtMs;
      if (report.status === 'rejected') report.rejectText = order?.rejectText ?? '';
    }
    const latencies = all.flatMap((r) => (r.ackLatencyMs === undefined ? [] : [r.ackLatencyMs])).sort((a, b) => a - b);
    const rejects = all
      .filter((r) => r.status === 'rejected')
      .map((r) => ({ clOrdId: r.clOrdId, text: r.rejectText ?? '' }));
    const leftOpen = all.filter((r) => POSSIBLY_OPEN_OUTCOMES.has(r.status)).map((r) => r.clOrdId);
    const acked = all.filter((r) => r.ackLatencyMs !== undefined && r.ackLatencyMs <= this.options.ackTimeoutMs).length;
    const clean =
      all.every((r) => !FAILED_OUTCOMES.has(r.status)) && acked === all.length && all.length === this.options.orders;
    const aborted = this.guard.aborted;
    let failure: string | undefined;
    if (aborted) {
      const left =
        leftOpen.length > 0
          ? `${leftOpen.length} order(s) may still rest at TrueX: ${leftOpen.join(', ')}`
          : 'no order left open';
      failure = `${aborted.message}; ${[cleanupNote, left].filter(Boolean).join('; ')}`;
    } else if (leftOpen.length > 0) {
      failure = `${leftOpen.length} order(s) may still rest at TrueX: ${leftOpen.join(', ')}`;
    }
    return {
      exitCode: aborted ? abortExitCode(aborted) : clean ? ExitCode.pass : ExitCode.checkFailed,
      submitted: all.length,
      acked,
      rejected: rejects.length,
      canceled: all.filter((r) => r.status === 'canceled').length,
      filled: all.filter((r) => r.status === 'filled').length,
      partiallyFilled: all.filter((r) => r.status === 'partially-filled').length,
      fills: this.fills,
      referencePrice: this.referencePrice,
      ackLatencyMs:
        latencies.length === 0
          ? null
          : { p50: percentile(latencies, 50), p99: percentile(latencies, 99), max: latencies[latencies.length - 1] },
      rejects,
      leftOpen,
      orders: all,
      ...(failure !== undefined ? { failure } : {}),
    };
  }

  private abortedBeforeOrders(): LadderTestResult {
    const reason = this.guard.aborted!;
    return { ...noOrdersResult(abortExitCode(reason), reason.message), referencePrice: this.referencePrice };
  }

  private get intervalMs(): number {
    return 1000 / this.options.ratePerSecond;
  }

  /** The adapter's timeouts run on a (ref'd) clock timer for as long as the session may be used. */
  private startTimeoutTicker(): void {
    const tick = (): void => {
      this.adapter.checkTimeouts();
      this.timeoutTicker = this.deps.clock.setTimeout(tick, CHECK_TIMEOUTS_MS);
    };
    this.timeoutTicker = this.deps.clock.setTimeout(tick, CHECK_TIMEOUTS_MS);
  }
}

/** Bids and asks alternate, level by level, so a partial run still tests both sides. */
function interleave(targets: TargetOrder[]): TargetOrder[] {
  const bids = targets.filter((t) => t.side === 'buy');
  const asks = targets.filter((t) => t.side === 'sell');
  const out: TargetOrder[] = [];
  for (let i = 0; i < Math.max(bids.length, asks.length); i++) {
    if (bids[i]) out.push(bids[i]);
    if (asks[i]) out.push(asks[i]);
  }
  return out;
}

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}
