import type { Clock, TimerHandle } from '@truex-mm/clock';
import type { OrderAdapter, TrackedOrder, VenueOrderStatus } from '@truex-mm/order-adapter';
import type { Logger } from 'pino';
import type { VenueGateway, VenueOrder } from './venue-gateway';

export type ReconciliationKind = 'start' | 'reconnect' | 'periodic';

/** One difference between our books and the venue's, and what was done about it. */
export interface ReconciliationDifference {
  readonly kind:
    | 'orphan-cancelled' // at the venue, not live in our books: cancelled
    | 'orphan-adopted' // at the venue, not live in our books: taken over
    | 'missed-fill' // the venue executed more than we had booked: the difference was booked
    | 'ended-at-venue' // live in our books, ended at the venue (cancelled, filled, rejected): books updated
    | 'unknown-at-venue' // live in our books, the venue has no such order: forgotten
    | 'unresolved'; // could not be settled this run (the venue did not answer): tried again next run
  readonly clOrdId?: string;
  readonly orderId?: string;
  readonly detail: string;
}

export interface ReconciliationReport {
  readonly kind: ReconciliationKind;
  readonly startedAtMs: number;
  readonly finishedAtMs: number;
  readonly venueActiveOrders: number;
  readonly ourLiveOrders: number;
  readonly differences: readonly ReconciliationDifference[];
  /** Differences repaired (everything but `unresolved`). */
  readonly repaired: number;
  /** The run failed as a whole (the venue's order list could not be read): nothing was compared. */
  readonly failed?: string;
}

export interface ReconciliationStatus {
  readonly runs: number;
  readonly failedRuns: number;
  readonly differencesFound: number;
  readonly repaired: number;
  readonly last: ReconciliationReport | null;
  /** The last run that found a difference. */
  readonly lastWithDifferences: ReconciliationReport | null;
}

/** An order of a previous run, as storage last saw it. */
export interface StoredOrderState {
  readonly clOrdId: string;
  readonly orderId?: string;
  readonly side: 'buy' | 'sell';
  readonly price: string;
  readonly quantity: string;
  readonly cumQty: string;
  readonly leavesQty: string;
}

export interface ReconcilerOptions {
  readonly adapter: OrderAdapter;
  readonly venue: VenueGateway;
  readonly clock: Clock;
  readonly logger: Logger;
  /** Orders found at the venue that are not ours in this run: take them over instead of cancelling (default false). */
  readonly adoptOrphans?: boolean;
  /** Continuous reconciliation period (default 10 000 ms; 0 = off). */
  readonly intervalMs?: number;
  /** Orders that changed this recently are left alone by the periodic check (default 2000 ms: in flight). */
  readonly settleMs?: number;
}

const PENDING: ReadonlySet<string> = new Set(['PendingNew', 'PendingCancel', 'PendingReplace']);

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * Keeps our books equal to the venue's (NautilusTrader's execution reconciliation is the model):
 * - **at start**, before the first quote: every order the venue holds for us and every order the last run left live
 *   is settled: orphans are cancelled (or adopted), fills that happened while we were away are booked exactly once
 *   (by the change in executed quantity), orders that ended at the venue leave our books;
 * - **after a reconnect**, before quoting again: every order live or pending when the session dropped gets its status
 *   from the venue (a fill during the outage is booked, never taken for a cancel), and orphans are handled;
 * - **continuously**: the venue's active orders against ours; each difference is repaired, counted and logged.
 * The venue is asked over a channel independent of FIX ({@link VenueGateway}); a run the venue cannot answer is
 * reported as failed and changes nothing.
 */
export class Reconciler {
  private readonly adapter: OrderAdapter;
  private readonly venue: VenueGateway;
  private readonly clock: Clock;
  private readonly logger: Logger;
  private readonly adoptOrphans: boolean;
  private readonly intervalMs: number;
  private readonly settleMs: number;
  private timer: TimerHandle | undefined;
  private stopped = false;
  private running: Promise<ReconciliationReport> | undefined;
  private runs = 0;
  private failedRuns = 0;
  private differencesFound = 0;
  private repaired = 0;
  private last: ReconciliationReport | null = null;
  private lastWithDifferences: ReconciliationReport | null = null;

  constructor(o: ReconcilerOptions) {
    this.adapter = o.adapter;
    this.venue = o.venue;
    this.clock = o.clock;
    this.logger = o.logger;
    this.adoptOrphans = o.adoptOrphans ?? false;
    this.intervalMs = o.intervalMs ?? 10_000;
    this.settleMs = o.settleMs ?? 2000;
  }

  /** Settles what the last run left (`stored`: its orders storage saw live) against the venue. */
  atStart(stored: readonly StoredOrderState[]): Promise<ReconciliationReport> {
    return this.exclusive('start', (d) => this.reconcileStart(stored, d));
  }

  /** Settles every order of ours with the venue after the FIX session came back. */
  afterReconnect(): Promise<ReconciliationReport> {
    return this.exclusive('reconnect', (d) => this.reconcileAll(d, false));
  }

  /** One continuous-reconciliation pass (also run by the timer). */
  periodic(): Promise<ReconciliationReport> {
    return this.exclusive('periodic', (d) => this.reconcileAll(d, true));
  }

  /**
   * Cancels every order of ours over the venue's independent channel (a stop while the FIX session is down) and
   * settles each, so fills that raced the cancel are booked. Returns the report.
   */
  cancelAll(why: string): Promise<ReconciliationReport> {
    return this.exclusive('periodic', async (differences) => {
      const active = await this.venue.activeOrders();
      for (const v of active) {
        try {
          await this.venue.cancel({ clOrdId: v.clOrdId, orderId: v.orderId });
        } catch (error) {
          differences.push({
            kind: 'unresolved',
            clOrdId: v.clOrdId,
            orderId: v.orderId,
            detail: `cancel failed: ${errorText(error)}`,
          });
        }
      }
      for (const o of this.adapter.liveOrders()) await this.settle(o.clOrdId, o.orderId, differences);
      this.logger.warn({ why, cancelled: active.length }, 'cancelled every order over the venue’s REST API');
      return { venueActive: active.length };
    });
  }

  /** Starts the periodic check. */
  start(): void {
    if (this.intervalMs <= 0 || this.timer) return;
    this.stopped = false;
    const tick = (): void => {
      // A run in flight when stop() was called must not arm the next one.
      if (this.stopped) return;
      this.timer = this.clock.setTimeout(() => {
        void this.periodic().finally(tick);
      }, this.intervalMs);
    };
    tick();
  }

  stop(): void {
    this.stopped = true;
    this.clock.clearTimeout(this.timer);
    this.timer = undefined;
  }

  status(): ReconciliationStatus {
    return {
      runs: this.runs,
      failedRuns: this.failedRuns,
      differencesFound: this.differencesFound,
      repaired: this.repaired,
      last: this.last,
      lastWithDifferences: this.lastWithDifferences,
    };
  }

  // --- runs ------------------------------------------------------------------------------------------------

  /** One run at a time: a run asked for while another is going waits for it, then runs. */
  private exclusive(
    kind: ReconciliationKind,
    body: (differences: ReconciliationDifference[]) => Promise<{ venueActive: number }>,
  ): Promise<ReconciliationReport> {
    const previous = this.running ?? Promise.resolve(undefined);
    const run = previous
      .catch(() => undefined)
      .then(async () => {
        const startedAtMs = this.clock.now();
        const differences: ReconciliationDifference[] = [];
        let venueActive = 0;
        let failed: string | undefined;
        try {
          venueActive = (await body(differences)).venueActive;
        } catch (error) {
          failed = errorText(error);
        }
        const report: ReconciliationReport = {
          kind,
          startedAtMs,
          finishedAtMs: this.clock.now(),
          venueActiveOrders: venueActive,
          ourLiveOrders: this.adapter.liveOrderCount(),
          differences,
          repaired: differences.filter((d) => d.kind !== 'unresolved').length,
          ...(failed !== undefined ? { failed } : {}),
        };
        this.record(report);
        return report;
      });
    this.running = run;
    return run;
  }

  private record(report: ReconciliationReport): void {
    this.runs++;
    if (report.failed !== undefined) this.failedRuns++;
    this.differencesFound += report.differences.length;
    this.repaired += report.repaired;
    this.last = report;
    if (report.differences.length > 0) this.lastWithDifferences = report;
    const summary = {
      kind: report.kind,
      venueActive: report.venueActiveOrders,
      ours: report.ourLiveOrders,
      differences: report.differences.length,
      repaired: report.repaired,
      failed: report.failed,
    };
    if (report.failed !== undefined) this.logger.error(summary, 'reconciliation failed: the venue did not answer');
    else if (report.differences.length > 0) {
      this.logger.warn({ ...summary, detail: report.differences.slice(0, 20) }, 'reconciliation repaired differences');
    } else this.logger.info(summary, 'reconciliation: our books equal the venue’s');
  }

  private async reconcileStart(
    stored: readonly StoredOrderState[],
    differences: ReconciliationDifference[],
  ): Promise<{ venueActive: number }> {
    const active = await this.venue.activeOrders();
    const byClOrdId = new Map<string, VenueOrder>();
    for (const v of active) if (v.clOrdId !== undefined) byClOrdId.set(v.clOrdId, v);
    // Orders the last run left live: take them into the books at what storage saw, then settle each with the venue.
    // Each is independent, so they go in parallel (the venue client paces its own requests).
    const work: Array<Promise<void>> = [];
    for (const s of stored) {
      const atVenue = byClOrdId.get(s.clOrdId);
      const orderId = s.orderId ?? atVenue?.orderId;
      if (orderId === undefined) {
        // Never acknowledged and not at the venue: it never existed there.
        if (!atVenue) continue;
      }
      this.adapter.adoptOrder({
        clOrdId: s.clOrdId,
        orderId: orderId!,
        side: s.side,
        price: s.price,
        quantity: s.quantity,
        cumQty: s.cumQty,
        leavesQty: s.leavesQty,
      });
      if (atVenue) {
        byClOrdId.delete(s.clOrdId);
        work.push(this.handleOrphan({ ...atVenue, clOrdId: s.clOrdId }, differences, s.cumQty));
      } else {
        work.push(this.settle(s.clOrdId, orderId, differences));
      }
    }
    // Orders at the venue storage never saw live (a crash before they were recorded): ours all the same.
    for (const v of active) {
      if (v.clOrdId !== undefined && !byClOrdId.has(v.clOrdId)) continue; // handled above
      if (v.clOrdId !== undefined && this.adapter.order(v.clOrdId)) continue;
      work.push(this.handleOrphan(v, differences, '0'));
    }
    await Promise.all(work);
    return { venueActive: active.length };
  }

  private async reconcileAll(
    differences: ReconciliationDifference[],
    onlySettled: boolean,
  ): Promise<{ venueActive: number }> {
    const active = await this.venue.activeOrders();
    const atVenue = new Map<string, VenueOrder>();
    for (const v of active) if (v.clOrdId !== undefined) atVenue.set(v.clOrdId, v);
    const now = this.clock.now();
    const ours = this.adapter.liveOrders();
    const ourIds = new Set<string>();
    for (const o of ours) {
      ourIds.add(o.clOrdId);
      if (o.origClOrdId !== undefined) ourIds.add(o.origClOrdId);
    }
    for (const o of ours) {
      if (onlySettled && (PENDING.has(o.state) || now - o.updatedAtMs < this.settleMs)) continue;
      const v = atVenue.get(o.clOrdId) ?? (o.origClOrdId !== undefined ? atVenue.get(o.origClOrdId) : undefined);
      if (onlySettled && v && !this.executedMore(o, v)) continue; // live on both sides, nothing executed unseen
      await this.settle(o.clOrdId, o.orderId ?? v?.orderId, differences);
    }
    for (const v of active) {
      if (v.clOrdId !== undefined && ourIds.has(v.clOrdId)) continue;
      if (onlySettled && v.clOrdId !== undefined && this.adapter.order(v.clOrdId)) continue; // ending right now
      await this.handleOrphan(v, differences, '0');
    }
    return { venueActive: active.length };
  }

  private executedMore(o: TrackedOrder, v: VenueOrder): boolean {
    return Number(v.cumQty) > Number(o.cumQty);
  }

  /** Asks the venue about one of our orders and applies the answer. */
  private async settle(
    clOrdId: string,
    orderId: string | undefined,
    differences: ReconciliationDifference[],
    /** Report an order that ended as `ended-at-venue` (false when we ended it ourselves just now). */
    reportEnd = true,
    /** The venue's answer when we already have it (e.g. from a cancel): no query then. */
    known?: VenueOrderStatus,
  ): Promise<void> {
    let status: VenueOrderStatus | null | undefined = known;
    if (status === undefined) {
      try {
        status = await this.venue.orderStatus({ clOrdId, orderId });
      } catch (error) {
        differences.push({ kind: 'unresolved', clOrdId, orderId, detail: `status query failed: ${errorText(error)}` });
        return;
      }
    }
    if (status === undefined) {
      differences.push({ kind: 'unresolved', clOrdId, orderId, detail: 'the venue answered a status we cannot read' });
      return;
    }
    const before = this.adapter.order(clOrdId);
    if (status === null) {
      if (this.adapter.forgetOrder(clOrdId, 'the venue has no such order')) {
        differences.push({ kind: 'unknown-at-venue', clOrdId, orderId, detail: 'the venue has no such order' });
      }
      return;
    }
    const wasState = before?.state;
    const result = this.adapter.applyVenueStatus({ ...status, clOrdId }, 'rest');
    if (result?.fill) {
      differences.push({
        kind: 'missed-fill',
        clOrdId,
        orderId: status.orderId ?? orderId,
        detail: `booked ${result.fill.quantity} @ ${result.fill.price} executed while we could not see it`,
      });
    }
    if (
      reportEnd &&
      result &&
      result.state !== wasState &&
      ['Filled', 'Canceled', 'Rejected', 'Expired'].includes(result.state)
    ) {
      differences.push({
        kind: 'ended-at-venue',
        clOrdId,
        orderId,
        detail: `${wasState ?? 'unknown'} → ${result.state}`,
      });
    }
  }

  /** An order at the venue that is not live in our books: adopt it, or cancel it (booking any executed part). */
  private async handleOrphan(
    v: VenueOrder,
    differences: ReconciliationDifference[],
    bookedCumQty: string,
  ): Promise<void> {
    const clOrdId = v.clOrdId ?? `venue:${v.orderId}`;
    if (v.side !== undefined && v.price !== undefined && v.quantity !== undefined) {
      this.adapter.adoptOrder({
        clOrdId,
        orderId: v.orderId,
        side: v.side,
        price: v.price,
        quantity: v.quantity,
        cumQty: bookedCumQty,
        leavesQty: v.leavesQty,
      });
    }
    if (this.adoptOrphans) {
      await this.settle(clOrdId, v.orderId, differences, false); // books what it executed before we took it over
      differences.push({
        kind: 'orphan-adopted',
        clOrdId,
        orderId: v.orderId,
        detail: `${v.side} ${v.leavesQty} @ ${v.price}`,
      });
      return;
    }
    let after: VenueOrderStatus | undefined;
    try {
      after = await this.venue.cancel({ clOrdId: v.clOrdId, orderId: v.orderId });
    } catch (error) {
      differences.push({
        kind: 'unresolved',
        clOrdId,
        orderId: v.orderId,
        detail: `cancel failed: ${errorText(error)}`,
      });
      // It may have ended meanwhile (filled, cancelled): its status says which, and books any fill.
      await this.settle(clOrdId, v.orderId, differences);
      return;
    }
    differences.push({
      kind: 'orphan-cancelled',
      clOrdId,
      orderId: v.orderId,
      detail: `${v.side} ${v.leavesQty} @ ${v.price}`,
    });
    await this.settle(clOrdId, v.orderId, differences, false, after);
  }
}
