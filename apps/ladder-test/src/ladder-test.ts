import type { Clock } from '@truex-mm/clock';
import { CoinbaseFeed } from '@truex-mm/coinbase-feed';
import { FixClient, FixSessionError } from '@truex-mm/fix-session';
import { buildTargetLadder, seededRandom, type TargetOrder } from '@truex-mm/ladder-strategy';
import { ladderConfigFrom, startSimulators, type MarketMakerConfig } from '@truex-mm/market-maker';
import { OrderAdapter, type TrackedOrder } from '@truex-mm/order-adapter';
import { DecayingMeanFairValue, toDecimalString } from '@truex-mm/pricing';
import Decimal from 'decimal.js';
import type { Logger } from 'pino';

export interface LadderTestOptions {
  /** Total orders, split evenly between bids and asks (default 50). */
  readonly orders: number;
  readonly levels: number;
  /** Seconds to watch the resting ladder for fills (default 30). */
  readonly monitorSeconds: number;
  /** Order messages per second while submitting and cancelling (default 8; TrueX allows about 10). */
  readonly ratePerSecond: number;
  /** How long to wait for each acknowledgement or cancel (ms). */
  readonly ackTimeoutMs: number;
}

export const defaultLadderTestOptions: LadderTestOptions = {
  orders: 50,
  levels: 8,
  monitorSeconds: 30,
  ratePerSecond: 8,
  ackTimeoutMs: 10_000,
};

export type OrderOutcome = 'acknowledged' | 'rejected' | 'timeout' | 'canceled' | 'filled' | 'cancel-timeout';

export interface OrderReport {
  readonly clOrdId: string;
  readonly side: 'buy' | 'sell';
  readonly level: number;
  readonly price: string;
  readonly quantity: string;
  status: OrderOutcome;
  ackLatencyMs?: number;
  rejectText?: string;
  filledQty: string;
}

export interface LadderTestResult {
  readonly exitCode: 0 | 1 | 3;
  readonly submitted: number;
  readonly acked: number;
  readonly rejected: number;
  readonly canceled: number;
  readonly fills: number;
  readonly referencePrice: string | null;
  readonly ackLatencyMs: { p50: number; p99: number; max: number } | null;
  readonly rejects: Array<{ clOrdId: string; text: string }>;
  readonly orders: readonly OrderReport[];
  /** Why the run could not reach the venue (exit code 3). */
  readonly failure?: string;
}

export interface LadderTestProgress {
  phase(name: 'reference' | 'logon' | 'submit' | 'monitor' | 'cancel' | 'logout', total?: number): void;
  tick(done: number, detail?: string): void;
}

export interface LadderTestDeps {
  readonly clock: Clock;
  readonly logger: Logger;
  readonly progress?: LadderTestProgress;
  /** Overrides the in-process venue's open-order limit (tests). */
  readonly venueOpenOrderLimit?: number;
}

/**
 * The TrueX UAT smoke test, as a function: reference price → logon → submit the market maker's own ladder at a
 * bounded rate → track each order to New or Rejected → monitor for fills → cancel what is open → log out.
 * Everything it does is done by the packages the market maker uses; it only sequences them and reports.
 */
export async function runLadderTest(
  config: MarketMakerConfig,
  options: LadderTestOptions,
  deps: LadderTestDeps,
): Promise<LadderTestResult> {
  const { clock, logger, progress } = deps;
  const sleep = (ms: number): Promise<void> => new Promise((resolve) => clock.setTimeout(resolve, ms));
  const waitFor = <T>(probe: () => T | undefined, timeoutMs: number): Promise<T | undefined> =>
    waitUntil(clock, probe, timeoutMs);
  const simulators = await startSimulators(config, { clock, logger, openOrderLimit: deps.venueOpenOrderLimit });
  const feed = new CoinbaseFeed({
    url: simulators.coinbaseUrl,
    products: [config.coinbase.product],
    clock,
    logger: logger.child({ component: 'coinbase-feed' }),
  });
  const fix = new FixClient({
    host: simulators.truex.host,
    port: simulators.truex.port,
    tls: config.truex.tls,
    senderCompId: config.truex.senderCompId,
    targetCompId: config.truex.targetCompId,
    apiKey: config.truex.apiKey,
    apiSecret: config.truex.secretKey,
    reconnect: { enabled: false },
    clock,
    logger: logger.child({ component: 'fix-session' }),
  });
  const adapter = new OrderAdapter({
    partyId: config.truex.clientId,
    symbol: config.truex.symbol,
    postOnly: true,
    ackTimeoutMs: options.ackTimeoutMs,
    clock,
    logger: logger.child({ component: 'order-adapter' }),
    sender: fix,
  });
  fix.on('app', (msg) => adapter.onMessage(msg));

  const failed = (failure: string): LadderTestResult => ({
    exitCode: 3,
    submitted: 0,
    acked: 0,
    rejected: 0,
    canceled: 0,
    fills: 0,
    referencePrice: null,
    ackLatencyMs: null,
    rejects: [],
    orders: [],
    failure,
  });

  try {
    // 1. Reference price.
    progress?.phase('reference');
    const fairValue = new DecayingMeanFairValue({
      windowMs: config.strategy.fairValueWindowMs,
      input: config.strategy.fairValueInput,
    });
    feed.on('top', (top) => fairValue.update(top, clock.now()));
    feed.start();
    const reference = await waitFor(() => fairValue.value(), 15_000);
    if (reference === undefined)
      return failed(`no Coinbase reference price from ${simulators.coinbaseUrl} within 15 s`);
    const referencePrice = toDecimalString(reference, 8);
    logger.info({ referencePrice }, 'reference price');

    // 2. Logon.
    progress?.phase('logon');
    fix.on('error', (error) => logger.warn({ code: error.code, venueText: error.venueText }, 'FIX session error'));
    fix.start();
    try {
      await fix.waitForLogon(options.ackTimeoutMs);
    } catch (error) {
      const text =
        error instanceof FixSessionError ? `${error.code}: ${error.venueText ?? error.message}` : String(error);
      return failed(`logon to TrueX ${simulators.truex.host}:${simulators.truex.port} failed: ${text}`);
    }

    // 3. The ladder the market maker would quote, submitted at a bounded rate.
    const ladderConfig = {
      ...ladderConfigFrom(config.strategy),
      ordersPerSide: Math.ceil(options.orders / 2),
      levels: options.levels,
    };
    const targets = interleave(
      buildTargetLadder(
        { fairValue: referencePrice, position: '0', nowMs: clock.now() },
        ladderConfig,
        seededRandom(config.strategy.seed),
      ),
    ).slice(0, options.orders);
    const reports = new Map<string, OrderReport>();
    const byClOrdId = new Map<string, TrackedOrder>();
    adapter.on('order', (order) => byClOrdId.set(order.clOrdId, order));
    let fills = 0;
    adapter.on('fill', (fill) => {
      fills++;
      const report = reports.get(fill.clOrdId);
      if (report) report.filledQty = addDecimal(report.filledQty, fill.quantity);
      logger.info({ clOrdId: fill.clOrdId, side: fill.side, qty: fill.quantity, px: fill.price }, 'fill');
    });

    progress?.phase('submit', targets.length);
    const intervalMs = 1000 / options.ratePerSecond;
    for (const [i, target] of targets.entries()) {
      const order = adapter.placeOrder({
        key: target.key,
        side: target.side,
        price: target.price,
        quantity: target.quantity,
      });
      if (order) {
        reports.set(order.clOrdId, {
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
      if (i < targets.length - 1) await sleep(intervalMs);
    }
    await waitFor(
      () => (adapter.liveOrders().some((o) => o.state === 'PendingNew') ? undefined : true),
      options.ackTimeoutMs,
    );
    for (const report of reports.values()) {
      const order = byClOrdId.get(report.clOrdId);
      if (!order) continue;
      if (order.state === 'Rejected') {
        report.status = 'rejected';
        report.rejectText = order.rejectText ?? '';
      } else if (order.ackedAtMs !== undefined) {
        report.status = order.state === 'Filled' ? 'filled' : 'acknowledged';
        report.ackLatencyMs = order.ackedAtMs - order.createdAtMs;
      }
    }

    // 4. Monitor.
    progress?.phase('monitor', options.monitorSeconds);
    for (let s = 1; s <= options.monitorSeconds; s++) {
      await sleep(1000);
      progress?.tick(s, `${fills} fills`);
    }

    // 5. Cancel everything still open and wait for each cancel.
    const open = adapter.liveOrders().filter((o) => o.state !== 'PendingNew');
    progress?.phase('cancel', open.length);
    for (const [i, order] of open.entries()) {
      adapter.cancelOrder(order.clOrdId);
      progress?.tick(i + 1);
      if (i < open.length - 1) await sleep(intervalMs);
    }
    await waitFor(() => (adapter.liveOrders().length === 0 ? true : undefined), options.ackTimeoutMs);
    for (const order of open) {
      const report = reports.get(order.clOrdId);
      const final = byClOrdId.get(order.clOrdId);
      if (!report) continue;
      if (final?.state === 'Canceled') report.status = 'canceled';
      else if (final?.state === 'Filled') report.status = 'filled';
      else report.status = 'cancel-timeout';
    }

    // 6. Log out.
    progress?.phase('logout');
    await fix.stop(5000);

    const all = [...reports.values()];
    const latencies = all.flatMap((r) => (r.ackLatencyMs === undefined ? [] : [r.ackLatencyMs])).sort((a, b) => a - b);
    const rejects = all
      .filter((r) => r.status === 'rejected')
      .map((r) => ({ clOrdId: r.clOrdId, text: r.rejectText ?? '' }));
    const acked = latencies.length;
    const timeouts = all.filter((r) => r.status === 'timeout' || r.status === 'cancel-timeout').length;
    const clean = rejects.length === 0 && timeouts === 0 && acked === all.length && all.length === options.orders;
    return {
      exitCode: clean ? 0 : 1,
      submitted: all.length,
      acked,
      rejected: rejects.length,
      canceled: all.filter((r) => r.status === 'canceled').length,
      fills,
      referencePrice,
      ackLatencyMs:
        latencies.length === 0
          ? null
          : { p50: percentile(latencies, 50), p99: percentile(latencies, 99), max: latencies[latencies.length - 1] },
      rejects,
      orders: all,
    };
  } finally {
    if (fix.state !== 'stopped') await fix.stop(2000).catch(() => undefined);
    await feed.stop();
    await simulators.stop();
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

/** Polls `probe` every 20 ms until it returns a value or `timeoutMs` passes on `clock`. */
async function waitUntil<T>(clock: Clock, probe: () => T | undefined, timeoutMs: number): Promise<T | undefined> {
  const deadline = clock.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (clock.now() >= deadline) return undefined;
    await new Promise<void>((resolve) => clock.setTimeout(resolve, 20));
  }
}

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

function addDecimal(a: string, b: string): string {
  return new Decimal(a).plus(b).toFixed();
}
