import { sanitizeConfig } from './sanitize-config';
import type { EventEnvelope } from './event-envelope';
import type { TradingEventOf } from './trading-event';

/**
 * One batch of envelopes turned into one row per table key, ready for a multi-row INSERT. Duplicates inside the
 * batch are resolved here, because PostgreSQL refuses an `ON CONFLICT DO UPDATE` that touches a row twice.
 */
export interface EventRows {
  runs: RunRow[];
  referencePrices: Record<string, unknown>[];
  orders: Record<string, unknown>[];
  executions: Record<string, unknown>[];
  fills: Record<string, unknown>[];
  positions: Record<string, unknown>[];
}

export interface RunRow {
  run_id: string;
  deployment: string | null;
  mode: string | null;
  started_ms: number | null;
  ended_ms: number | null;
  config: Record<string, unknown> | null;
}

/**
 * `deployment` stamps runs and fills; fills are then unique per (deployment, ExecID) across runs (without one, per
 * (run, ExecID) as before).
 */
export function toEventRows(batch: readonly EventEnvelope[], deployment?: string): EventRows {
  const stamp = deployment ?? null;
  const runs = new Map<string, RunRow>();
  const orders = new Map<string, { timeMs: number; seq: number; row: Record<string, unknown> }>();
  const executions = new Map<string, Record<string, unknown>>();
  const fills = new Map<string, Record<string, unknown>>();
  const referencePrices = new Map<string, Record<string, unknown>>();
  const positions = new Map<string, Record<string, unknown>>();

  for (const { source, seq, event: e } of batch) {
    switch (e.type) {
      case 'run-started': {
        const run = runRow(runs, e.runId, stamp);
        run.mode = e.mode;
        run.started_ms = e.timeMs;
        // Sanitised again here: the stream may carry events from a producer we do not control.
        run.config = sanitizeConfig(e.config);
        break;
      }
      case 'run-ended':
        runRow(runs, e.runId, stamp).ended_ms = e.timeMs;
        break;
      case 'reference-price':
        referencePrices.set(`${e.runId}\u0000${source}\u0000${seq}`, referencePriceRow(e, source, seq));
        break;
      case 'order': {
        const key = `${e.runId}\u0000${e.clOrdId}`;
        const prev = orders.get(key);
        const row = orderRow(e, seq, e.timeMs);
        if (!prev) {
          orders.set(key, { timeMs: e.timeMs, seq, row });
        } else if (prev.timeMs < e.timeMs || (prev.timeMs === e.timeMs && prev.seq <= seq)) {
          orders.set(key, { timeMs: e.timeMs, seq, row: mergeOrderRows(row, prev.row) });
        } else {
          prev.row = mergeOrderRows(prev.row, row);
        }
        break;
      }
      case 'execution':
        setOnce(executions, `${e.runId}\u0000${e.execId}`, executionRow(e));
        break;
      case 'fill':
        setOnce(fills, stamp === null ? `${e.runId}\u0000${e.execId}` : e.execId, fillRow(e, stamp, source, seq));
        break;
      case 'position':
        positions.set(`${e.runId}\u0000${source}\u0000${seq}`, positionRow(e, source, seq));
        break;
    }
  }
  return {
    runs: [...runs.values()],
    referencePrices: [...referencePrices.values()],
    orders: [...orders.values()].map((o) => o.row),
    executions: [...executions.values()],
    fills: [...fills.values()],
    positions: [...positions.values()],
  };
}

function runRow(runs: Map<string, RunRow>, runId: string, deployment: string | null): RunRow {
  let run = runs.get(runId);
  if (!run) {
    run = { run_id: runId, deployment, mode: null, started_ms: null, ended_ms: null, config: null };
    runs.set(runId, run);
  }
  return run;
}

// Same rule as the SQL upsert: the latest update wins, but it does not erase what an earlier one knew.
const ORDER_STICKY = ['orig_cl_ord_id', 'order_id', 'reject_reason', 'quoted_fair_value'] as const;
function mergeOrderRows(latest: Record<string, unknown>, older: Record<string, unknown>): Record<string, unknown> {
  const merged: Record<string, unknown> = {
    ...latest,
    created_ms: Math.min(latest.created_ms as number, older.created_ms as number),
  };
  for (const key of ORDER_STICKY) merged[key] ??= older[key];
  return merged;
}

function setOnce<V>(map: Map<string, V>, key: string, value: V): void {
  if (!map.has(key)) map.set(key, value);
}

function referencePriceRow(e: TradingEventOf<'reference-price'>, source: string, seq: number) {
  return {
    run_id: e.runId,
    source,
    seq,
    product: e.product,
    bid_price: e.bidPrice,
    ask_price: e.askPrice,
    mid: e.mid,
    fair_value: e.fairValue ?? null,
    time_ms: e.timeMs,
  };
}

function orderRow(e: TradingEventOf<'order'>, seq: number, createdMs: number) {
  return {
    run_id: e.runId,
    cl_ord_id: e.clOrdId,
    orig_cl_ord_id: e.origClOrdId ?? null,
    order_id: e.orderId ?? null,
    side: e.side,
    symbol: e.symbol,
    price: e.price,
    quantity: e.quantity,
    cum_qty: e.cumQty,
    leaves_qty: e.leavesQty,
    state: e.state,
    reject_reason: e.rejectReason ?? null,
    quoted_fair_value: e.quotedFairValue ?? null,
    created_ms: createdMs,
    time_ms: e.timeMs,
    event_seq: seq,
  };
}

function executionRow(e: TradingEventOf<'execution'>) {
  return {
    run_id: e.runId,
    exec_id: e.execId,
    cl_ord_id: e.clOrdId ?? null,
    order_id: e.orderId,
    exec_type: e.execType,
    ord_status: e.ordStatus,
    side: e.side,
    price: e.price ?? null,
    last_qty: e.lastQty ?? null,
    last_px: e.lastPx ?? null,
    cum_qty: e.cumQty,
    leaves_qty: e.leavesQty,
    text: e.text ?? null,
    transact_time: e.transactTime ?? null,
    raw_fix: e.rawFix,
    time_ms: e.timeMs,
  };
}

function fillRow(e: TradingEventOf<'fill'>, deployment: string | null, source: string, seq: number) {
  return {
    run_id: e.runId,
    deployment,
    source,
    seq,
    exec_id: e.execId,
    cl_ord_id: e.clOrdId,
    order_id: e.orderId,
    side: e.side,
    quantity: e.quantity,
    price: e.price,
    fee: e.fee,
    liquidity: e.liquidity ?? null,
    time_ms: e.timeMs,
  };
}

function positionRow(e: TradingEventOf<'position'>, source: string, seq: number) {
  return {
    run_id: e.runId,
    source,
    seq,
    base: e.base,
    quote: e.quote,
    average_entry_price: e.averageEntryPrice ?? null,
    realized_pnl: e.realizedPnl,
    unrealized_pnl: e.unrealizedPnl,
    fair_value: e.fairValue ?? null,
    fees: e.fees ?? null,
    fees_by_currency: e.feesByCurrency ?? null,
    net_pnl: e.netPnl ?? null,
    time_ms: e.timeMs,
  };
}
