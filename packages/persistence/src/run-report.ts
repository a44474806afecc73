import { fillRate, spreadCapture, type CaptureFill } from '@truex-mm/trading-figures';
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
    /** Σ the stored fills' fee column, as the venue reported them (cross-check of `pnl.fees`). */
    fees: string;
  };
  /**
   * Orders with at least one fill / acknowledged orders, 4 decimals; null without acknowledged orders
   * (`@truex-mm/trading-figures` `fillRate`, as /status).
   */
  fillRate: string | null;
  /** `@truex-mm/trading-figures` `spreadCapture` over the run's stored fills, as /status (docs/FIGURES.md). */
  spreadCapture: {
    /** Fills that had a fair value both at quote time and at fill time. */
    fillsPriced: number;
    /** Σ edge(side, fill price, fair value at fill)·qty, in quote currency; null when no fill was priced. */
    realisedEdge: string | null;
    /** Σ edge(side, quoted price, fair value at quote time)·qty: the edge the quotes asked for; null likewise. */
    quotedEdge: string | null;
    /** realisedEdge / quotedEdge, 4 decimals; null when quotedEdge ≤ 0. */
    ratio: string | null;
  };
  /** The position ledger's figures (@truex-mm/risk) as its last snapshot of the run recorded them. */
  pnl: {
    realized: string | null;
    unrealized: string | null;
    /** Fees paid in the quote currency (negative = rebates); null for snapshots older than the fees column. */
    fees: string | null;
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
  const capture = spreadCapture(await loadCaptureFills(sql, id));
  const position = (
    await sql.query<{
      realized_pnl: string;
      unrealized_pnl: string;
      fees: string | null;
      net_pnl: string | null;
      base: string;
      quote: string;
      fair_value: string | null;
      time: Date;
    }>(
      `SELECT realized_pnl::text, unrealized_pnl::text, fees::text, net_pnl::text, base::text, quote::text, fair_value::text, time
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
    fillRate: fillRate(filled, acknowledged),
    spreadCapture: {
      fillsPriced: capture.fillsPriced,
      realisedEdge: capture.fillsPriced === 0 ? null : capture.capturedEdge,
      quotedEdge: capture.fillsPriced === 0 ? null : capture.quotedEdge,
      ratio: capture.ratio,
    },
    pnl: {
      realized: position?.realized_pnl ?? null,
      unrealized: position?.unrealized_pnl ?? null,
      fees: position?.fees ?? null,
      net: position?.net_pnl ?? null,
      base: position?.base ?? null,
      quote: position?.quote ?? null,
      fairValue: position?.fair_value ?? null,
      asOf: position?.time.toISOString() ?? null,
    },
  };
}

/**
 * The run's fills with what spread capture needs, in booking order. Fair value at the fill: the one the engine
 * recorded in the position snapshot it wrote right after booking the fill (same source, next sequence, same time),
 * else the latest stored reference price at or before the fill. Fair value at quote time: the one the engine recorded
 * with the order when it sent it (`quoted_fair_value`), else (rows from before migration 3) the latest stored
 * reference price at or before the order was created (a sampled series: see docs/FIGURES.md). The quoted price is the order's limit price (a replace is a new order with its own price).
 * Fills without both fair values are left out, as the engine leaves out fills of orders it did not place.
 */
async function loadCaptureFills(sql: SqlClient, runId: string): Promise<CaptureFill[]> {
  const rows = (
    await sql.query<{
      side: 'buy' | 'sell';
      quantity: string;
      price: string;
      quoted_price: string;
      fv_fill: string | null;
      fv_quote: string | null;
    }>(
      `SELECT f.side, f.quantity::text, f.price::text, o.price::text AS quoted_price,
         COALESCE(
           (SELECT p.fair_value FROM positions p
             WHERE p.run_id = f.run_id AND p.source = f.source AND p.seq > f.seq AND p.time = f.time
             ORDER BY p.seq LIMIT 1),
           (SELECT COALESCE(r.fair_value, r.mid) FROM reference_prices r
             WHERE r.run_id = f.run_id AND r.time <= f.time ORDER BY r.time DESC, r.seq DESC LIMIT 1))::text AS fv_fill,
         COALESCE(o.quoted_fair_value,
           (SELECT COALESCE(r.fair_value, r.mid) FROM reference_prices r
             WHERE r.run_id = f.run_id AND r.time <= o.created_at ORDER BY r.time DESC, r.seq DESC LIMIT 1))::text
           AS fv_quote
       FROM fills f JOIN orders o ON o.run_id = f.run_id AND o.cl_ord_id = f.cl_ord_id
       WHERE f.run_id = $1
       ORDER BY f.time, f.seq NULLS LAST, f.id`,
      [runId],
    )
  ).rows;
  const fills: CaptureFill[] = [];
  for (const r of rows) {
    if (r.fv_fill === null || r.fv_quote === null) continue;
    fills.push({
      side: r.side,
      quantity: r.quantity,
      price: r.price,
      fairValueAtFill: r.fv_fill,
      quotedPrice: r.quoted_price,
      fairValueAtQuote: r.fv_quote,
    });
  }
  return fills;
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
    ['fill fees', report.fills.fees],
    ['spread capture', report.spreadCapture.ratio ?? '-'],
    ['  realised edge', report.spreadCapture.realisedEdge ?? '-'],
    ['  quoted edge', report.spreadCapture.quotedEdge ?? '-'],
    ['  fills priced', String(report.spreadCapture.fillsPriced)],
    ['realized PnL', report.pnl.realized ?? '-'],
    ['unrealized PnL', report.pnl.unrealized ?? '-'],
    ['fees', report.pnl.fees ?? '-'],
    ['net PnL', report.pnl.net ?? '-'],
    ['position base', report.pnl.base ?? '-'],
    ['position quote', report.pnl.quote ?? '-'],
  ];
}
