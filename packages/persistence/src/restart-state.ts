import type { SqlClient } from './sql-client';
import { loadTradingHalt, type TradingHalt } from './trading-halt';
import type { TradeSide } from './trading-event';

/** Order states after which the venue no longer holds the order (order-adapter's terminal states). */
export const TERMINAL_ORDER_STATES: readonly string[] = ['Filled', 'Canceled', 'Replaced', 'Rejected', 'Expired'];

/** An order as last recorded in the `orders` table. Quantities and prices are decimal strings. */
export interface StoredOrder {
  runId: string;
  clOrdId: string;
  origClOrdId?: string;
  orderId?: string;
  side: TradeSide;
  symbol: string;
  price: string;
  quantity: string;
  cumQty: string;
  leavesQty: string;
  state: string;
  updatedAtMs: number;
}

/** A fill as stored (unique per deployment and ExecID). */
export interface StoredFill {
  runId: string;
  execId: string;
  clOrdId: string;
  orderId: string;
  side: TradeSide;
  quantity: string;
  price: string;
  fee: string;
  liquidity?: string;
  timeMs: number;
}

/** The latest position snapshot of the deployment and the fills it accounts for. */
export interface RestoredPosition {
  runId: string;
  timeMs: number;
  base: string;
  quote: string;
  averageEntryPrice?: string;
  realizedPnl: string;
  unrealizedPnl: string;
  /** Fees in the quote currency; absent when the snapshot did not carry them (and no fill backfilled them). */
  fees?: string;
  feesByCurrency?: Record<string, string>;
  netPnl: string;
  fairValue?: string;
  /**
   * The fill set the snapshot came from: this deployment's fills recorded before it (same process: by record order;
   * earlier processes: by time). Valid when every run restores its ledger from the previous snapshot at start.
   */
  fills: {
    count: number;
    lastExecId?: string;
    lastTimeMs?: number;
    /** ExecIDs in the set from the `execIdWindowMs` before the snapshot: seed the ledger's duplicate check. */
    recentExecIds: string[];
  };
}

export interface LastRunState {
  deployment: string;
  /** The most recent run of this deployment (other than `excludeRunId`). */
  lastRun?: { runId: string; mode?: string; startedAtMs?: number; endedAtMs?: number; endedCleanly: boolean };
  /** The last run's orders whose latest recorded state is not terminal: possibly still on the venue's book. */
  liveOrders: StoredOrder[];
  position?: RestoredPosition;
  /** Fills of this deployment not in `position`'s set, oldest first: apply them on top of the snapshot (all of the
   *  deployment's fills when there is no snapshot). */
  fillsAfterPosition: StoredFill[];
  /** The active trading halt, if any. */
  halt?: TradingHalt;
}

export interface LastRunStateOptions {
  /** A run to ignore (the one just starting). */
  excludeRunId?: string;
  /** How far back before the snapshot `recentExecIds` goes. Default 86 400 000 (one day). */
  execIdWindowMs?: number;
}

const ORDER_COLUMNS = `run_id, cl_ord_id, orig_cl_ord_id, order_id, side, symbol, price::text, quantity::text,
  cum_qty::text, leaves_qty::text, state, updated_at`;
const FILL_COLUMNS = `f.run_id, f.exec_id, f.cl_ord_id, f.order_id, f.side, f.quantity::text, f.price::text,
  f.fee::text, f.liquidity, f.time`;
// A fill is in a snapshot's set when the same process recorded it before the snapshot, or another process recorded
// it no later than the snapshot's time. $2 source, $3 seq, $4 time of the snapshot.
const IN_SNAPSHOT = `((f.source = $2 AND f.seq < $3::bigint)
  OR ((f.source IS NULL OR f.source <> $2) AND f.time <= $4::timestamptz))`;

/** What the previous run(s) of `deployment` left: see {@link LastRunState}. Read-only. */
export async function loadLastRunState(
  sql: SqlClient,
  deployment: string,
  options: LastRunStateOptions = {},
): Promise<LastRunState> {
  const exclude = options.excludeRunId ?? '';
  const windowMs = options.execIdWindowMs ?? 86_400_000;
  const run = (
    await sql.query<{ run_id: string; mode: string | null; started_at: Date | null; ended_at: Date | null }>(
      `SELECT run_id, mode, started_at, ended_at FROM runs WHERE deployment = $1 AND run_id <> $2
       ORDER BY started_at DESC NULLS LAST LIMIT 1`,
      [deployment, exclude],
    )
  ).rows[0];
  const liveOrders = run
    ? (
        await sql.query<OrderRow>(
          `SELECT ${ORDER_COLUMNS} FROM orders WHERE run_id = $1 AND state <> ALL($2::text[])
           ORDER BY created_at, cl_ord_id`,
          [run.run_id, TERMINAL_ORDER_STATES],
        )
      ).rows.map(toStoredOrder)
    : [];

  const snapshot = (
    await sql.query<PositionRow>(
      `SELECT p.run_id, p.source, p.seq::text AS seq, p.time, p.time::text AS time_text, p.base::text, p.quote::text,
         p.average_entry_price::text, p.realized_pnl::text, p.unrealized_pnl::text, p.fees::text, p.fees_by_currency,
         p.net_pnl::text, p.fair_value::text
       FROM positions p JOIN runs r ON r.run_id = p.run_id
       WHERE r.deployment = $1 AND p.run_id <> $2 ORDER BY p.time DESC, p.seq DESC LIMIT 1`,
      [deployment, exclude],
    )
  ).rows[0];

  let position: RestoredPosition | undefined;
  let fillsAfterPosition: StoredFill[];
  if (snapshot) {
    // The time as PostgreSQL's own text: exact to the microsecond whatever the driver does with Dates.
    const key = [deployment, snapshot.source, snapshot.seq, snapshot.time_text, exclude];
    const scope = `f.deployment = $1 AND f.run_id <> $5`;
    const summary = (
      await sql.query<{ n: string; last_exec_id: string | null; last_time: Date | null }>(
        `SELECT count(*) AS n,
           (array_agg(f.exec_id ORDER BY f.time DESC, f.seq DESC))[1] AS last_exec_id, max(f.time) AS last_time
         FROM fills f WHERE ${scope} AND ${IN_SNAPSHOT}`,
        key,
      )
    ).rows[0]!;
    const recent = (
      await sql.query<{ exec_id: string }>(
        `SELECT f.exec_id FROM fills f WHERE ${scope} AND ${IN_SNAPSHOT}
           AND f.time >= to_timestamp($6 / 1000.0)
         ORDER BY f.time, f.seq`,
        [...key, snapshot.time.getTime() - windowMs],
      )
    ).rows.map((r) => r.exec_id);
    fillsAfterPosition = (
      await sql.query<FillRow>(
        `SELECT ${FILL_COLUMNS} FROM fills f WHERE ${scope} AND NOT ${IN_SNAPSHOT} ORDER BY f.time, f.seq, f.id`,
        key,
      )
    ).rows.map(toStoredFill);
    position = {
      runId: snapshot.run_id,
      timeMs: snapshot.time.getTime(),
      base: snapshot.base,
      quote: snapshot.quote,
      ...optional('averageEntryPrice', snapshot.average_entry_price),
      realizedPnl: snapshot.realized_pnl,
      unrealizedPnl: snapshot.unrealized_pnl,
      ...optional('fees', snapshot.fees),
      ...optional('feesByCurrency', snapshot.fees_by_currency),
      netPnl: snapshot.net_pnl,
      ...optional('fairValue', snapshot.fair_value),
      fills: {
        count: Number(summary.n),
        ...optional('lastExecId', summary.last_exec_id),
        ...optional('lastTimeMs', summary.last_time?.getTime() ?? null),
        recentExecIds: recent,
      },
    };
  } else {
    fillsAfterPosition = (
      await sql.query<FillRow>(
        `SELECT ${FILL_COLUMNS} FROM fills f WHERE f.deployment = $1 AND f.run_id <> $2 ORDER BY f.time, f.seq, f.id`,
        [deployment, exclude],
      )
    ).rows.map(toStoredFill);
  }

  const halt = await loadTradingHalt(sql, deployment);
  return {
    deployment,
    ...(run
      ? {
          lastRun: {
            runId: run.run_id,
            ...optional('mode', run.mode),
            ...optional('startedAtMs', run.started_at?.getTime() ?? null),
            ...optional('endedAtMs', run.ended_at?.getTime() ?? null),
            endedCleanly: run.ended_at !== null,
          },
        }
      : {}),
    liveOrders,
    ...(position ? { position } : {}),
    fillsAfterPosition,
    ...(halt ? { halt } : {}),
  };
}

interface OrderRow {
  run_id: string;
  cl_ord_id: string;
  orig_cl_ord_id: string | null;
  order_id: string | null;
  side: TradeSide;
  symbol: string;
  price: string;
  quantity: string;
  cum_qty: string;
  leaves_qty: string;
  state: string;
  updated_at: Date;
}

interface FillRow {
  run_id: string;
  exec_id: string;
  cl_ord_id: string;
  order_id: string;
  side: TradeSide;
  quantity: string;
  price: string;
  fee: string;
  liquidity: string | null;
  time: Date;
}

interface PositionRow {
  run_id: string;
  source: string;
  seq: string;
  time: Date;
  time_text: string;
  base: string;
  quote: string;
  average_entry_price: string | null;
  realized_pnl: string;
  unrealized_pnl: string;
  fees: string | null;
  fees_by_currency: Record<string, string> | null;
  net_pnl: string;
  fair_value: string | null;
}

function toStoredOrder(r: OrderRow): StoredOrder {
  return {
    runId: r.run_id,
    clOrdId: r.cl_ord_id,
    ...optional('origClOrdId', r.orig_cl_ord_id),
    ...optional('orderId', r.order_id),
    side: r.side,
    symbol: r.symbol,
    price: r.price,
    quantity: r.quantity,
    cumQty: r.cum_qty,
    leavesQty: r.leaves_qty,
    state: r.state,
    updatedAtMs: r.updated_at.getTime(),
  };
}

function toStoredFill(r: FillRow): StoredFill {
  return {
    runId: r.run_id,
    execId: r.exec_id,
    clOrdId: r.cl_ord_id,
    orderId: r.order_id,
    side: r.side,
    quantity: r.quantity,
    price: r.price,
    fee: r.fee,
    ...optional('liquidity', r.liquidity),
    timeMs: r.time.getTime(),
  };
}

/** `{ [key]: value }` unless value is null/undefined (optional properties stay absent, not undefined). */
function optional<K extends string, V>(key: K, value: V | null | undefined): { [P in K]?: V } {
  return value === null || value === undefined ? {} : ({ [key]: value } as { [P in K]?: V });
}
