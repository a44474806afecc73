import type { RunListEntry, RunReport } from '@truex-mm/persistence';

/**
 * The figures the page reads, under the names `/status` promises. Money and quantities are exact decimal strings
 * (rounded for display by the page only); the rest of the status document passes through untouched.
 */
export interface DashboardStatus {
  readonly mode: string;
  readonly fairPrice: string | null;
  readonly openOrders: number;
  readonly position: string;
  readonly realizedPnl: string;
  readonly unrealizedPnl: string;
  readonly tradingState: string;
  readonly feed: Readonly<Record<string, unknown>>;
  readonly fix: Readonly<Record<string, unknown>>;
  readonly [name: string]: unknown;
}

/** One of our live orders, as the ladder view shows it. */
export interface LadderOrder {
  readonly side: 'buy' | 'sell';
  readonly price: string;
  /** Quantity still working at the venue. */
  readonly leavesQty: string;
  /** The order adapter's state (New, PendingNew, PendingReplace, …). */
  readonly state: string;
}

/** A risk limit and the figure it bounds, both as exact decimal strings (or integers). */
export interface LimitUse {
  readonly name: string;
  readonly used: string;
  readonly limit: string;
  /** What `used` measures, for the page's label. */
  readonly unit: string;
  /** How the figures are rounded for display: to the lot, to the cent, or as they are (counts, rates). */
  readonly kind: 'quantity' | 'money' | 'count';
}

/** The instrument's increments, for rounding figures for display. */
export interface InstrumentView {
  readonly symbol: string;
  readonly tickSize: string;
  readonly lotSize: string;
}

/** What the dashboard shows at one instant. */
export interface DashboardSnapshot {
  readonly status: DashboardStatus;
  readonly orders: readonly LadderOrder[];
  readonly limits: readonly LimitUse[];
  readonly instrument: InstrumentView;
}

/** Something that happened, pushed to the page as it happens. */
export type DashboardEvent =
  | {
      readonly kind: 'fill';
      readonly timeMs: number;
      readonly clOrdId: string;
      readonly side: 'buy' | 'sell';
      readonly price: string;
      readonly quantity: string;
      readonly fee: string;
    }
  | {
      readonly kind: 'reject';
      readonly timeMs: number;
      readonly clOrdId: string;
      readonly side: 'buy' | 'sell';
      readonly price: string;
      /** The venue's text (FIX tag 58). */
      readonly text: string;
    }
  | { readonly kind: 'state'; readonly timeMs: number; readonly state: string };

/** The running market maker as the dashboard sees it. */
export interface DashboardSource {
  snapshot(): DashboardSnapshot;
  /** Calls `listener` for each fill, reject and trading-state change; returns the unsubscribe function. */
  subscribe(listener: (event: DashboardEvent) => void): () => void;
}

/** Past runs in storage (persistence's run list and run report), read-only. */
export interface RunStore {
  list(): Promise<readonly RunListEntry[]>;
  /** Throws persistence's `RUN_NOT_FOUND` error for an unknown run. */
  report(runId: string): Promise<RunReport>;
}
