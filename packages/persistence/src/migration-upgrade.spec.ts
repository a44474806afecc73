import { applyMigrations, MIGRATIONS } from './migrations';
import { createTestDatabase, type TestDatabase } from './test-db.test-util';
import type { SqlClient } from './sql-client';
import { writeEvents } from './write-events';

describe('migrations 2 and 3 on a database written by version 1', () => {
  let db: TestDatabase;
  let sql: SqlClient;
  beforeAll(async () => {
    db = await createTestDatabase();
    sql = await db.open();
    expect(await applyMigrations(sql, MIGRATIONS.slice(0, 1))).toEqual([1]);
    // What version 1 stored: two runs of a seeded simulator that repeated ExecID E1, and a position snapshot.
    await sql.exec(`
INSERT INTO runs (run_id, mode, started_at) VALUES ('old-1', 'paper', '2026-01-01T00:00:00Z'),
  ('old-2', 'paper', '2026-01-02T00:00:00Z');
INSERT INTO fills (run_id, exec_id, cl_ord_id, order_id, side, quantity, price, fee, time) VALUES
  ('old-1', 'E1', 'C1', 'O1', 'buy', 1, 100, 0.25, '2026-01-01T00:00:01Z'),
  ('old-1', 'E2', 'C2', 'O2', 'sell', 1, 101, 0.5, '2026-01-01T00:00:03Z'),
  ('old-2', 'E1', 'C1', 'O1', 'buy', 1, 100, 0.25, '2026-01-02T00:00:01Z');
INSERT INTO positions (run_id, source, seq, base, quote, realized_pnl, unrealized_pnl, time) VALUES
  ('old-1', 's', 1, 1, -100.25, 0, 0.5, '2026-01-01T00:00:02Z');`);
    // Every later migration applies on top (3: orders gain quoted_fair_value, NULL for old rows).
    expect(await applyMigrations(sql)).toEqual([2, 3]);
  });
  afterAll(async () => {
    await db.drop();
  });

  it('keeps every old fill (per-run uniqueness), and backfills fees and net PnL of old snapshots', async () => {
    const fills = (await sql.query<{ run_id: string; deployment: string | null }>('SELECT * FROM fills')).rows;
    expect(fills).toHaveLength(3);
    expect(fills.every((f) => f.deployment === null)).toBe(true);
    const position = (
      await sql.query<{ fees: string; net_pnl: string }>('SELECT fees::text, net_pnl::text FROM positions')
    ).rows[0];
    // Fees of old-1's fills up to the snapshot (E1 only): 0.25; net = 0 + 0.5 − 0.25.
    expect(position).toEqual({ fees: '0.25', net_pnl: '0.25' });
  });

  it('from then on a deployment stores an ExecID once across its runs', async () => {
    const fill = (runId: string, seq: number) => ({
      source: 'new',
      seq,
      event: {
        type: 'fill' as const,
        runId,
        execId: 'E9',
        clOrdId: 'C9',
        orderId: 'O9',
        side: 'buy' as const,
        quantity: '1',
        price: '100',
        fee: '0',
        timeMs: Date.UTC(2026, 0, 3),
      },
    });
    await writeEvents(sql, [fill('new-1', 1)], { deployment: 'desk' });
    expect((await writeEvents(sql, [fill('new-2', 2)], { deployment: 'desk' })).rowsWritten).toBe(0);
    // Without a deployment (the old API), uniqueness stays per run.
    expect((await writeEvents(sql, [fill('new-3', 3)])).rowsWritten).toBe(1);
    const rows = (await sql.query<{ run_id: string }>("SELECT run_id FROM fills WHERE exec_id = 'E9' ORDER BY id"))
      .rows;
    expect(rows.map((r) => r.run_id)).toEqual(['new-1', 'new-3']);
  });
});
