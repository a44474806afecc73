import type { SqlClient } from './sql-client';

/** A trading halt that outlives the process until an operator clears it. */
export interface TradingHalt {
  reason: string;
  /** When it was halted (epoch ms). */
  timeMs: number;
  /** The run that halted, if known. */
  runId?: string;
}

export interface TradingHaltClear {
  /** Who cleared it (operator name, tool): kept with the halt for the audit trail. */
  by: string;
  timeMs: number;
}

/**
 * Stores a halt for `deployment` with one INSERT that has committed when the promise resolves: not through the event
 * pipeline, so a halt survives a `kill -9` the next instant (PostgreSQL: committed to its WAL; PGlite: written to
 * the data folder's files before the call returns). Several halts may be active; the latest is reported.
 */
export async function saveTradingHalt(sql: SqlClient, deployment: string, halt: TradingHalt): Promise<void> {
  await sql.query(
    `INSERT INTO trading_halts (deployment, reason, run_id, halted_at) VALUES ($1, $2, $3, to_timestamp($4 / 1000.0))`,
    [deployment, halt.reason, halt.runId ?? null, halt.timeMs],
  );
}

/** The latest halt of `deployment` not yet cleared, if any. */
export async function loadTradingHalt(sql: SqlClient, deployment: string): Promise<TradingHalt | undefined> {
  const row = (
    await sql.query<{ reason: string; run_id: string | null; halted_at: Date }>(
      `SELECT reason, run_id, halted_at FROM trading_halts
       WHERE deployment = $1 AND cleared_at IS NULL ORDER BY halted_at DESC, id DESC LIMIT 1`,
      [deployment],
    )
  ).rows[0];
  if (!row) return undefined;
  return { reason: row.reason, timeMs: row.halted_at.getTime(), ...(row.run_id === null ? {} : { runId: row.run_id }) };
}

/** Clears every active halt of `deployment` (kept as history with who cleared it and when). Returns how many. */
export async function clearTradingHalt(sql: SqlClient, deployment: string, clear: TradingHaltClear): Promise<number> {
  const rows = (
    await sql.query(
      `UPDATE trading_halts SET cleared_at = to_timestamp($2 / 1000.0), cleared_by = $3
       WHERE deployment = $1 AND cleared_at IS NULL RETURNING 1`,
      [deployment, clear.timeMs, clear.by],
    )
  ).rows;
  return rows.length;
}
