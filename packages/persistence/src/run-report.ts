import { PersistenceError } from './persistence-error';
import type { SqlClient } from './sql-client';

/** One run's trading summary. Money and quantities are exact decimal strings from NUMERIC columns. */
export interface RunReport {
  run: { runId: string; mode: string | null; startedAt: string | null; endedAt: string | null };
  orders: { sent: number; acknowledged: number; rejected: number; rejectsByReason: Record<string, number> };
  fills: {
    count: number;
    ordersFilled: number;
    baseBought: string;
    baseSold: string;
    quoteVolume: string;
    fees: string;
  };
  /** Orders with at least one fill / acknowledged orders, 4 decimals; null without acknowledged orders. */
  fillRate: string | null;
  spreadCapture: {
    /** Fills that had a reference price both at quote time and at fill time. */
    fillsPriced: number;
    /** Σ side·(fairValue at fill − fill price)·qty, in quote currency. */
    realisedEdge: string | null;
    /** Σ side·(fairValue at quote time − fill price)·qty: the half-spread the quotes asked for. */
    quotedEdge: string | null;
    /** realisedEdge / quotedEdge, 4 decimals; null when quotedEdge ≤ 0. */
    ratio: string | null;
  };
  pnl: {
    realized: string | null;
    unrealized: string | null;
    /** Net PnL of the latest snapshot: realized + unrealized − fees (quote currency). */
    net: string | null;
    base: string | null;
    quote: string | null;
    fairValue: string | null;
    asOf: string | null;
  };
}

const REJECTED = `(o.state = 'Rejected' OR o.reject_reason IS NOT NULL)`;

/**
 * Builds the report for `run` (`'latest'` = the most recently started run, of `deployment` when given). Throws
 * `RUN_NOT_FOUND` when there is no such run.
 */
export async function loadRunReport(
  sql: SqlClient,
  run: string,
  options: { deployment?: string } = {},
): Promise<RunReport> {
  const runRow = (
    await sql.query<{ run_id: string; mode: string | null; started_at: Date | null; ended_at: Date | null }>(
      run === 'latest'
        ? `SELECT run_id, mode, started_at, ended_at FROM runs WHERE ($1::text IS NULL OR deployment = $1::text)
           ORDER BY started_at DESC NULLS LAST LIMIT 1`
        : 'SELECT run_id, mode, started_at, ended_at FROM runs WHERE run_id = $1',
      run === 'latest' ? [options.deployment ?? null] : [run],
    )
  ).rows[0];
  if (!runRow) throw new PersistenceError('RUN_NOT_FOUND', run === 'latest' ? 'no runs recorded' : `no run ${run}`);
  const id = runRow.run_id;

  const orders = (
    await sql.query<{ sent: string; acknowledged: string; rejected: string; filled: string }>(
      `SELECT count(*) AS sent,
         count(*) FILTER (WHERE NOT ${REJECTED} AND (o.order_id IS NOT NULL OR o.state <> 'PendingNew')) AS acknowledged,
         count(*) FILTER (WHERE ${REJECTED}) AS rejected,
         count(*) FILTER (WHERE o.cum_qty > 0 OR EXISTS (
           SELECT 1 FROM fills f WHERE f.run_id = o.run_id AND f.cl_ord_id = o.cl_ord_id)) AS filled
       FROM orders o WHERE o.run_id = $1`,
      [id],
    )
  ).rows[0]!;
  const reasons = (
    await sql.query<{ reason: string; n: string }>(
      `SELECT COALESCE(o.reject_reason, '(no reason)') AS reason, count(*) AS n FROM orders o
       WHERE o.run_id = $1 AND ${REJECTED} GROUP BY 1 ORDER BY 2 DESC, 1`,
      [id],
    )
  ).rows;
  const fills = (
    await sql.query<{ n: string; bought: string; sold: string; volume: string; fees: string }>(
      `SELECT count(*) AS n,
         COALESCE(sum(quantity) FILTER (WHERE side = 'buy'), 0)::text AS bought,
         COALESCE(sum(quantity) FILTER (WHERE side = 'sell'), 0)::text AS sold,
         COALESCE(sum(quantity * price), 0)::text AS volume,
         COALESCE(sum(fee), 0)::text AS fees
       FROM fills WHERE run_id = $1`,
      [id],
    )
  ).rows[0]!;
  const capture = (
    await sql.query<{ priced: string; realised: string | null; quoted: string | null; ratio: string | null }>(
      `WITH priced AS (
         SELECT CASE WHEN f.side = 'buy' THEN 1 ELSE -1 END AS s, f.price, f.quantity,
           (SELECT COALESCE(r.fair_value, r.mid) FROM reference_prices r
             WHERE r.run_id = f.run_id AND r.time <= f.time ORDER BY r.time DESC, r.seq DESC LIMIT 1) AS fv_fill,
           (SELECT COALESCE(r.fair_value, r.mid) FROM reference_prices r
             WHERE r.run_id = f.run_id AND r.time <= o.created_at ORDER BY r.time DESC, r.seq DESC LIMIT 1) AS fv_quote
         FROM fills f JOIN orders o ON o.run_id = f.run_id AND o.cl_ord_id = f.cl_ord_id
         WHERE f.run_id = $1),
       sums AS (
         SELECT count(*) AS priced, sum(s * (fv_fill - price) * quantity) AS realised,
           sum(s * (fv_quote - price) * quantity) AS quoted
         FROM priced WHERE fv_fill IS NOT NULL AND fv_quote IS NOT NULL)
       SELECT priced, realised::text, quoted::text,
         CASE WHEN quoted > 0 THEN round(realised / quoted, 4)::text END AS ratio FROM sums`,
      [id],
    )
  ).rows[0]!;
  const position = (
    await sql.query<{
      realized_pnl: string;
      unrealized_pnl: string;
      net_pnl: string | null;
      base: string;
      quote: string;
      fair_value: string | null;
      time: Date;
    }>(
      `SELECT realized_pnl::text, unrealized_pnl::text, net_pnl::text, base::text, quote::text, fair_value::text, time
       FROM positions WHERE run_id = $1 ORDER BY time DESC, seq DESC LIMIT 1`,
      [id],
    )
  ).rows[0];

  const acknowledged = Number(orders.acknowledged);
  const filled = Number(orders.filled);
  return {
    run: {
      runId: id,
      mode: runRow.mode,
      startedAt: runRow.started_at?.toISOString() ?? null,
      endedAt: runRow.ended_at?.toISOString() ?? null,
    },
    orders: {
      sent: Number(orders.sent),
      acknowledged,
      rejected: Number(orders.rejected),
      rejectsByReason: Object.fromEntries(reasons.map((r) => [r.reason, Number(r.n)])),
    },
    fills: {
      count: Number(fills.n),
      ordersFilled: filled,
      baseBought: fills.bought,
      baseSold: fills.sold,
      quoteVolume: fills.volume,
      fees: fills.fees,
    },
    // Integer counts only: the ratio of two counts, not money.
    fillRate: acknowledged > 0 ? (filled / acknowledged).toFixed(4) : null,
    spreadCapture: {
      fillsPriced: Number(capture.priced),
      realisedEdge: capture.realised,
      quotedEdge: capture.quoted,
      ratio: capture.ratio,
    },
    pnl: {
      realized: position?.realized_pnl ?? null,
      unrealized: position?.unrealized_pnl ?? null,
      net: position?.net_pnl ?? null,
      base: position?.base ?? null,
      quote: position?.quote ?? null,
      fairValue: position?.fair_value ?? null,
      asOf: position?.time.toISOString() ?? null,
    },
  };
}

/** The report as an aligned two-column text table. */
export function formatRunReport(report: RunReport): string {
  const rows = runReportRows(report);
  const width = Math.max(...rows.map(([k]) => k.length));
  return rows.map(([k, v]) => `${k.padEnd(width)}  ${v}`).join('\n');
}

/** The report's (label, value) rows, '-' for unknown: shared by the text table and the CSV. */
export function runReportRows(report: RunReport): Array<[string, string]> {
  return [
    ['run', report.run.runId],
    ['mode', report.run.mode ?? '-'],
    ['started', report.run.startedAt ?? '-'],
    ['ended', report.run.endedAt ?? '-'],
    ['orders sent', String(report.orders.sent)],
    ['orders acknowledged', String(report.orders.acknowledged)],
    ['orders rejected', String(report.orders.rejected)],
    ...Object.entries(report.orders.rejectsByReason).map(([reason, n]): [string, string] => [
      `  rejected: ${reason}`,
      String(n),
    ]),
    ['fills', String(report.fills.count)],
    ['orders filled', String(report.fills.ordersFilled)],
    ['fill rate', report.fillRate ?? '-'],
    ['base bought', report.fills.baseBought],
    ['base sold', report.fills.baseSold],
    ['quote volume', report.fills.quoteVolume],
    ['fees', report.fills.fees],
    ['spread capture', report.spreadCapture.ratio ?? '-'],
    ['  realised edge', report.spreadCapture.realisedEdge ?? '-'],
    ['  quoted edge', report.spreadCapture.quotedEdge ?? '-'],
    ['  fills priced', String(report.spreadCapture.fillsPriced)],
    ['realized PnL', report.pnl.realized ?? '-'],
    ['unrealized PnL', report.pnl.unrealized ?? '-'],
    ['net PnL', report.pnl.net ?? '-'],
    ['position base', report.pnl.base ?? '-'],
    ['position quote', report.pnl.quote ?? '-'],
  ];
}
