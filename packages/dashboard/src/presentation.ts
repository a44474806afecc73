import {
  displayDecimals,
  formatFigure,
  formatPercent,
  ladderLevels,
  netPnl,
  ratioOf,
  type DisplayDecimals,
  type LevelSide,
} from '@truex-mm/trading-figures';
import type { DashboardEvent, DashboardSnapshot, LadderOrder, LimitUse } from './types';

/** One price level of our ladder: our quantity working on each side there (display strings). */
export interface LadderRow {
  /** The exact price (decimal string), for ordering and charting. */
  readonly price: string;
  /** The price rounded for display. */
  readonly priceText: string;
  readonly bid: { readonly quantityText: string; readonly quantity: string; readonly orders: number } | null;
  readonly ask: { readonly quantityText: string; readonly quantity: string; readonly orders: number } | null;
}

/** The snapshot's figures rounded for display by `@truex-mm/trading-figures` (the one definition of each figure). */
export interface SnapshotView {
  readonly decimals: DisplayDecimals;
  readonly ladder: readonly LadderRow[];
  readonly bids: number;
  readonly asks: number;
  readonly limits: readonly LimitView[];
  readonly figures: {
    readonly fairPrice: string;
    readonly referenceBid: string;
    readonly referenceAsk: string;
    readonly position: string;
    readonly averageEntryPrice: string;
    readonly realizedPnl: string;
    readonly unrealizedPnl: string;
    readonly fees: string;
    readonly netPnl: string;
    readonly fillRate: string;
    readonly spreadCapture: string;
  };
}

/** A risk limit with its figures rounded for display and the share of it in use (0 when the limit is 0). */
export interface LimitView {
  readonly name: string;
  readonly unit: string;
  readonly usedText: string;
  readonly limitText: string;
  /** used / limit, for the meter (display only). */
  readonly fraction: number;
}

/** An event with its figures rounded for display. */
export type PresentedEvent = DashboardEvent & { readonly display: Readonly<Record<string, string>> };

function text(value: unknown): string | null {
  return typeof value === 'string' ? value : null;
}

function ratio(value: unknown): string | number | null {
  return typeof value === 'string' || typeof value === 'number' ? value : null;
}

function ladderOf(orders: readonly LadderOrder[], decimals: DisplayDecimals): LadderRow[] {
  // Grouped by exact price and summed exactly (scaled integers) by @truex-mm/trading-figures.
  const levels = ladderLevels(
    orders.map((order) => ({ side: order.side, price: order.price, quantity: order.leavesQty })),
  );
  const side = (level: LevelSide | null): LadderRow['bid'] =>
    level === null
      ? null
      : {
          quantity: level.quantity,
          quantityText: formatFigure(level.quantity, decimals.quantity),
          orders: level.orders,
        };
  return levels.map((level) => ({
    price: level.price,
    priceText: formatFigure(level.price, decimals.price),
    bid: side(level.buy),
    ask: side(level.sell),
  }));
}

function limitView(limit: LimitUse, decimals: DisplayDecimals): LimitView {
  const places = limit.kind === 'quantity' ? decimals.quantity : limit.kind === 'money' ? decimals.money : undefined;
  const show = (value: string): string => (places === undefined ? value : formatFigure(value, places));
  return {
    name: limit.name,
    unit: limit.unit,
    usedText: show(limit.used),
    limitText: show(limit.limit),
    fraction: ratioOf(limit.used, limit.limit),
  };
}

/** What the page shows of a snapshot, rounded once, here, the way the terminal and the report round. */
export function presentSnapshot(snapshot: DashboardSnapshot): SnapshotView {
  const decimals = displayDecimals(snapshot.instrument);
  const status = snapshot.status;
  const reference = (status.reference ?? null) as { bid?: unknown; ask?: unknown } | null;
  const realized = status.realizedPnl;
  const unrealized = status.unrealizedPnl;
  const fees = text(status.fees);
  // /status's own net PnL when it carries one; otherwise the one definition of it, from its terms.
  const net = text(status.netPnl) ?? (fees === null ? null : netPnl(realized, unrealized, fees));
  return {
    decimals,
    ladder: ladderOf(snapshot.orders, decimals),
    limits: snapshot.limits.map((limit) => limitView(limit, decimals)),
    bids: snapshot.orders.filter((o) => o.side === 'buy').length,
    asks: snapshot.orders.filter((o) => o.side === 'sell').length,
    figures: {
      fairPrice: formatFigure(status.fairPrice, decimals.price),
      referenceBid: formatFigure(text(reference?.bid), decimals.price),
      referenceAsk: formatFigure(text(reference?.ask), decimals.price),
      position: formatFigure(status.position, decimals.quantity),
      averageEntryPrice: formatFigure(text(status.averageEntryPrice), decimals.price),
      realizedPnl: formatFigure(realized, decimals.money),
      unrealizedPnl: formatFigure(unrealized, decimals.money),
      fees: formatFigure(fees, decimals.money),
      netPnl: formatFigure(net, decimals.money),
      fillRate: formatPercent(ratio(status.fillRate)),
      spreadCapture: formatPercent(ratio(status.spreadCapture)),
    },
  };
}

/** A fill or reject with its price (and quantity, fee) rounded for display. */
export function presentEvent(event: DashboardEvent, decimals: DisplayDecimals): PresentedEvent {
  if (event.kind === 'fill') {
    return {
      ...event,
      display: {
        price: formatFigure(event.price, decimals.price),
        quantity: formatFigure(event.quantity, decimals.quantity),
        fee: formatFigure(event.fee, decimals.money),
      },
    };
  }
  if (event.kind === 'reject') return { ...event, display: { price: formatFigure(event.price, decimals.price) } };
  return { ...event, display: {} };
}
