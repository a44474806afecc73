import { toEventRows } from './event-rows';
import type { EventEnvelope } from './event-envelope';
import type { SqlClient } from './sql-client';

// Each table's rows travel as ONE jsonb parameter expanded by jsonb_to_recordset: no 65535-parameter limit, one
// round trip, and the same SQL on pg and PGlite. Decimal strings are cast to NUMERIC by PostgreSQL, exactly.
const TS = (col: string): string => `to_timestamp(x.${col} / 1000.0)`;

const RUNS = `INSERT INTO runs (run_id, deployment, mode, started_at, ended_at, config)
  SELECT x.run_id, x.deployment, x.mode, ${TS('started_ms')}, ${TS('ended_ms')}, COALESCE(x.config, '{}'::jsonb)
  FROM jsonb_to_recordset($P::jsonb) AS x(run_id text, deployment text, mode text, started_ms float8,
    ended_ms float8, config jsonb)
  ON CONFLICT (run_id) DO UPDATE SET
    deployment = COALESCE(runs.deployment, EXCLUDED.deployment),
    mode = COALESCE(EXCLUDED.mode, runs.mode),
    started_at = COALESCE(EXCLUDED.started_at, runs.started_at),
    ended_at = COALESCE(EXCLUDED.ended_at, runs.ended_at),
    config = CASE WHEN EXCLUDED.mode IS NULL THEN runs.config ELSE EXCLUDED.config END
  RETURNING 1`;

const REFERENCE_PRICES = `INSERT INTO reference_prices
    (run_id, source, seq, product, bid_price, ask_price, mid, fair_value, time)
  SELECT x.run_id, x.source, x.seq, x.product, x.bid_price::numeric, x.ask_price::numeric, x.mid::numeric,
    x.fair_value::numeric, ${TS('time_ms')}
  FROM jsonb_to_recordset($P::jsonb) AS x(run_id text, source text, seq bigint, product text, bid_price text,
    ask_price text, mid text, fair_value text, time_ms float8)
  ON CONFLICT (run_id, source, seq) DO NOTHING
  RETURNING 1`;

const ORDER_COLUMNS = ['orig_cl_ord_id', 'order_id', 'side', 'symbol', 'price', 'quantity', 'cum_qty'] as const;
const ORDER_LATEST = [
  ...ORDER_COLUMNS,
  'leaves_qty',
  'state',
  'reject_reason',
  'quoted_fair_value',
  'updated_at',
  'event_seq',
];
// Keys that a later event may omit (a reject after the ack does not repeat the OrderID): keep what we knew.
const ORDER_STICKY = new Set(['orig_cl_ord_id', 'order_id', 'reject_reason', 'quoted_fair_value']);
const ORDERS = `INSERT INTO orders (run_id, cl_ord_id, orig_cl_ord_id, order_id, side, symbol, price, quantity,
    cum_qty, leaves_qty, state, reject_reason, quoted_fair_value, created_at, updated_at, event_seq)
  SELECT x.run_id, x.cl_ord_id, x.orig_cl_ord_id, x.order_id, x.side, x.symbol, x.price::numeric, x.quantity::numeric,
    x.cum_qty::numeric, x.leaves_qty::numeric, x.state, x.reject_reason, x.quoted_fair_value::numeric,
    ${TS('created_ms')}, ${TS('time_ms')}, x.event_seq
  FROM jsonb_to_recordset($P::jsonb) AS x(run_id text, cl_ord_id text, orig_cl_ord_id text, order_id text,
    side text, symbol text, price text, quantity text, cum_qty text, leaves_qty text, state text,
    reject_reason text, quoted_fair_value text, created_ms float8, time_ms float8, event_seq bigint)
  ON CONFLICT (run_id, cl_ord_id) DO UPDATE SET
    created_at = LEAST(orders.created_at, EXCLUDED.created_at),
    ${ORDER_LATEST.map((c) => {
      const next = ORDER_STICKY.has(c) ? `COALESCE(EXCLUDED.${c}, orders.${c})` : `EXCLUDED.${c}`;
      return `${c} = CASE WHEN (EXCLUDED.updated_at, EXCLUDED.event_seq) >= (orders.updated_at, orders.event_seq)
      THEN ${next} ELSE orders.${c} END`;
    }).join(',\n    ')}
  RETURNING 1`;

const EXECUTIONS = `INSERT INTO executions (run_id, exec_id, cl_ord_id, order_id, exec_type, ord_status, side, price,
    last_qty, last_px, cum_qty, leaves_qty, text, transact_time, raw_fix, time)
  SELECT x.run_id, x.exec_id, x.cl_ord_id, x.order_id, x.exec_type, x.ord_status, x.side, x.price::numeric,
    x.last_qty::numeric, x.last_px::numeric, x.cum_qty::numeric, x.leaves_qty::numeric, x.text, x.transact_time,
    x.raw_fix, ${TS('time_ms')}
  FROM jsonb_to_recordset($P::jsonb) AS x(run_id text, exec_id text, cl_ord_id text, order_id text, exec_type text,
    ord_status text, side text, price text, last_qty text, last_px text, cum_qty text, leaves_qty text, text text,
    transact_time text, raw_fix text, time_ms float8)
  ON CONFLICT (run_id, exec_id) DO NOTHING
  RETURNING 1`;

// No conflict target: a fill is skipped when it collides with either UNIQUE (run_id, exec_id) or UNIQUE (deployment,
// exec_id), i.e. an ExecID already recorded by this deployment in any run is not stored (nor counted) again.
const FILLS = `INSERT INTO fills (run_id, deployment, source, seq, exec_id, cl_ord_id, order_id, side, quantity, price,
    fee, liquidity, time)
  SELECT x.run_id, x.deployment, x.source, x.seq, x.exec_id, x.cl_ord_id, x.order_id, x.side, x.quantity::numeric,
    x.price::numeric, x.fee::numeric, x.liquidity, ${TS('time_ms')}
  FROM jsonb_to_recordset($P::jsonb) AS x(run_id text, deployment text, source text, seq bigint, exec_id text,
    cl_ord_id text, order_id text, side text, quantity text, price text, fee text, liquidity text, time_ms float8)
  ON CONFLICT DO NOTHING
  RETURNING 1`;

// Net PnL in exact NUMERIC arithmetic when the event does not carry it (fees unknown count as 0).
const POSITIONS = `INSERT INTO positions (run_id, source, seq, base, quote, average_entry_price, realized_pnl,
    unrealized_pnl, fair_value, fees, fees_by_currency, net_pnl, time)
  SELECT x.run_id, x.source, x.seq, x.base::numeric, x.quote::numeric, x.average_entry_price::numeric,
    x.realized_pnl::numeric, x.unrealized_pnl::numeric, x.fair_value::numeric, x.fees::numeric, x.fees_by_currency,
    COALESCE(x.net_pnl::numeric,
      x.realized_pnl::numeric + x.unrealized_pnl::numeric - COALESCE(x.fees::numeric, 0)),
    ${TS('time_ms')}
  FROM jsonb_to_recordset($P::jsonb) AS x(run_id text, source text, seq bigint, base text, quote text,
    average_entry_price text, realized_pnl text, unrealized_pnl text, fair_value text, fees text,
    fees_by_currency jsonb, net_pnl text, time_ms float8)
  ON CONFLICT (run_id, source, seq) DO NOTHING
  RETURNING 1`;

/** Rows inserted or updated by one {@link writeEvents} call (duplicates already stored count 0). */
export interface WriteResult {
  readonly events: number;
  readonly rowsWritten: number;
}

export interface WriteOptions {
  /** The deployment the batch belongs to: stamps runs and fills (fills unique per deployment and ExecID). */
  deployment?: string;
}

/**
 * Writes a batch in ONE statement (data-modifying CTEs), so it commits atomically without a transaction API:
 * either every row of the batch is stored or none is. Idempotent: writing the same batch twice stores nothing new.
 */
export async function writeEvents(
  client: SqlClient,
  batch: readonly EventEnvelope[],
  options: WriteOptions = {},
): Promise<WriteResult> {
  if (batch.length === 0) return { events: 0, rowsWritten: 0 };
  const rows = toEventRows(batch, options.deployment);
  const parts: Array<[string, unknown[]]> = [
    [RUNS, rows.runs],
    [REFERENCE_PRICES, rows.referencePrices],
    [ORDERS, rows.orders],
    [EXECUTIONS, rows.executions],
    [FILLS, rows.fills],
    [POSITIONS, rows.positions],
  ];
  const ctes: string[] = [];
  const params: string[] = [];
  for (const [sql, tableRows] of parts) {
    if (tableRows.length === 0) continue;
    params.push(JSON.stringify(tableRows));
    ctes.push(`w${params.length} AS (${sql.replace('$P', `$${params.length}`)})`);
  }
  const counts = ctes.map((_, i) => `(SELECT count(*) FROM w${i + 1})`).join(' + ');
  const result = await client.query<{ n: string | number }>(`WITH ${ctes.join(',\n')} SELECT ${counts} AS n`, params);
  return { events: batch.length, rowsWritten: Number(result.rows[0]?.n ?? 0) };
}
