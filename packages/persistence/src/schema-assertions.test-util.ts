import { applyMigrations, MIGRATIONS } from './migrations';
import type { SqlClient } from './sql-client';

export const TABLES = ['runs', 'reference_prices', 'orders', 'executions', 'fills', 'positions'] as const;

const NUMERIC_COLUMNS: Record<string, string[]> = {
  reference_prices: ['bid_price', 'ask_price', 'mid', 'fair_value'],
  orders: ['price', 'quantity', 'cum_qty', 'leaves_qty'],
  executions: ['price', 'last_qty', 'last_px', 'cum_qty', 'leaves_qty'],
  fills: ['quantity', 'price', 'fee'],
  positions: [
    'base',
    'quote',
    'average_entry_price',
    'realized_pnl',
    'unrealized_pnl',
    'fair_value',
    'fees', // migration 2
    'net_pnl', // migration 2
  ],
};

/** The schema checks shared by the PostgreSQL server and the embedded PGlite suites. */
export async function expectSchema(sql: SqlClient): Promise<void> {
  const tables = (
    await sql.query<{ table_name: string }>(
      "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'",
    )
  ).rows.map((r) => r.table_name);
  expect(tables).toEqual(expect.arrayContaining([...TABLES, 'schema_migrations', 'trading_halts']));

  const columns = (
    await sql.query<{ table_name: string; column_name: string; data_type: string }>(
      "SELECT table_name, column_name, data_type FROM information_schema.columns WHERE table_schema = 'public'",
    )
  ).rows;
  for (const [table, numeric] of Object.entries(NUMERIC_COLUMNS)) {
    for (const column of numeric) {
      const found = columns.find((c) => c.table_name === table && c.column_name === column);
      expect([table, column, found?.data_type]).toEqual([table, column, 'numeric']);
    }
  }
  const has = (table: string, column: string): boolean =>
    columns.some((c) => c.table_name === table && c.column_name === column);
  expect(has('executions', 'raw_fix') && has('executions', 'transact_time') && has('executions', 'text')).toBe(true);
  expect(has('fills', 'liquidity') && has('orders', 'reject_reason') && has('runs', 'config')).toBe(true);
  expect(has('runs', 'deployment') && has('fills', 'deployment') && has('positions', 'fees_by_currency')).toBe(true);

  const indexes = (
    await sql.query<{ indexdef: string }>("SELECT indexdef FROM pg_indexes WHERE schemaname = 'public'")
  ).rows.map((r) => r.indexdef.replace(/\s+/g, ' '));
  const expectIndex = (pattern: RegExp): void => {
    expect(indexes.filter((d) => pattern.test(d)).length).toBeGreaterThan(0);
  };
  expectIndex(/UNIQUE INDEX .* ON public\.executions .*\(run_id, exec_id\)/);
  expectIndex(/UNIQUE INDEX .* ON public\.fills .*\(run_id, exec_id\)/);
  expectIndex(/UNIQUE INDEX .* ON public\.fills .*\(deployment, exec_id\)/);
  expectIndex(/UNIQUE INDEX .* ON public\.orders .*\(run_id, cl_ord_id\)/);
  expectIndex(/ON public\.orders .*\(cl_ord_id\)/);
  expectIndex(/ON public\.executions .*\(cl_ord_id\)/);
  expectIndex(/ON public\.fills .*\(run_id, "?time"?\)/);
  expectIndex(/ON public\.reference_prices .*\(run_id, "?time"?\)/);
  expectIndex(/ON public\.positions .*\(run_id, "?time"?\)/);
  expectIndex(/ON public\.runs .*\(started_at\)/);
}

/** Migrating again applies nothing and changes nothing. */
export async function expectMigrationsIdempotent(sql: SqlClient): Promise<void> {
  const before = (await sql.query<{ version: number }>('SELECT version FROM schema_migrations ORDER BY version')).rows;
  expect(before.map((r) => r.version)).toEqual(MIGRATIONS.map((m) => m.version));
  expect(await applyMigrations(sql)).toEqual([]);
  const after = (await sql.query<{ version: number }>('SELECT version FROM schema_migrations ORDER BY version')).rows;
  expect(after).toEqual(before);
}
