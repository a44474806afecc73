import type { SqlClient } from './sql-client';

/** One line of `report --list`. Money and quantities are exact decimal strings. */
export interface RunListEntry {
  runId: string;
  deployment: string | null;
  mode: string | null;
  startedAt: string | null;
  endedAt: string | null;
  /** Orders sent in the run (one per ClOrdID: a replace is a new order). */
  orders: number;
  fills: number;
  /** The run's last position snapshot; null when it recorded none. */
  finalPosition: {
    base: string;
    quote: string;
    realizedPnl: string;
    unrealizedPnl: string;
    fees: string | null;
    netPnl: string | null;
    asOf: string;
  } | null;
}

export interface RunListOptions {
  /** Only runs of this deployment. */
  deployment?: string;
  /** At most this many runs, newest first. Default 100. */
  limit?: number;
}

/** Runs, newest first, with their order and fill counts and final position (the ledger's last snapshot). */
export async function loadRunList(sql: SqlClient, options: RunListOptions = {}): Promise<RunListEntry[]> {
  const rows = (
    await sql.query<{
      run_id: string;
      deployment: string | null;
      mode: string | null;
      started_at: Date | null;
      ended_at: Date | null;
      orders: string;
      fills: string;
      base: string | null;
      quote: string | null;
      realized_pnl: string | null;
      unrealized_pnl: string | null;
      fees: string | null;
      net_pnl: string | null;
      position_time: Date | null;
    }>(
      `SELECT r.run_id, r.deployment, r.mode, r.started_at, r.ended_at,
         (SELECT count(*) FROM orders o WHERE o.run_id = r.run_id) AS orders,
         (SELECT count(*) FROM fills f WHERE f.run_id = r.run_id) AS fills,
         p.base::text, p.quote::text, p.realized_pnl::text, p.unrealized_pnl::text, p.fees::text, p.net_pnl::text,
         p.time AS position_time
       FROM runs r
       LEFT JOIN LATERAL (SELECT * FROM positions p WHERE p.run_id = r.run_id ORDER BY p.time DESC, p.seq DESC LIMIT 1)
         p ON true
       WHERE ($1::text IS NULL OR r.deployment = $1::text)
       ORDER BY r.started_at DESC NULLS LAST, r.run_id
       LIMIT $2`,
      [options.deployment ?? null, options.limit ?? 100],
    )
  ).rows;
  return rows.map((r) => ({
    runId: r.run_id,
    deployment: r.deployment,
    mode: r.mode,
    startedAt: r.started_at?.toISOString() ?? null,
    endedAt: r.ended_at?.toISOString() ?? null,
    orders: Number(r.orders),
    fills: Number(r.fills),
    finalPosition:
      r.position_time === null
        ? null
        : {
            base: r.base!,
            quote: r.quote!,
            realizedPnl: r.realized_pnl!,
            unrealizedPnl: r.unrealized_pnl!,
            fees: r.fees,
            netPnl: r.net_pnl,
            asOf: r.position_time.toISOString(),
          },
  }));
}

export const RUN_LIST_COLUMNS = [
  'run',
  'deployment',
  'mode',
  'started',
  'ended',
  'orders',
  'fills',
  'base',
  'quote',
  'realized PnL',
  'fees',
  'net PnL',
] as const;

/** The cells of one run, in {@link RUN_LIST_COLUMNS} order ('' for unknown). */
export function runListCells(entry: RunListEntry): string[] {
  const p = entry.finalPosition;
  return [
    entry.runId,
    entry.deployment ?? '',
    entry.mode ?? '',
    entry.startedAt ?? '',
    entry.endedAt ?? '',
    String(entry.orders),
    String(entry.fills),
    p?.base ?? '',
    p?.quote ?? '',
    p?.realizedPnl ?? '',
    p?.fees ?? '',
    p?.netPnl ?? '',
  ];
}

/** The list as an aligned text table ('-' for unknown). */
export function formatRunList(entries: readonly RunListEntry[]): string {
  if (entries.length === 0) return 'no runs recorded';
  const table = [[...RUN_LIST_COLUMNS], ...entries.map((e) => runListCells(e).map((c) => (c === '' ? '-' : c)))];
  const widths = RUN_LIST_COLUMNS.map((_, i) => Math.max(...table.map((row) => row[i]!.length)));
  return table
    .map((row) =>
      row
        .map((c, i) => c.padEnd(widths[i]!))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}
