import { applyMigrations } from './migrations';
import { writeEvents } from './write-events';
import { createTestDatabase, type TestDatabase } from './test-db.test-util';
import type { EventEnvelope } from './event-envelope';
import type { SqlClient } from './sql-client';
import type { TradingEvent } from './trading-event';

const RUN = 'run-w';
const T0 = Date.UTC(2026, 0, 2, 10, 0, 0);

function env(seq: number, event: TradingEvent, source = 'src-a'): EventEnvelope {
  return { source, seq, event };
}

function order(seq: number, state: string, timeMs: number, extra: Partial<TradingEvent & { type: 'order' }> = {}) {
  return env(seq, {
    type: 'order',
    runId: RUN,
    clOrdId: 'C1',
    side: 'buy',
    symbol: 'BTC-PYUSD',
    price: '113406.5',
    quantity: '0.0012',
    cumQty: '0',
    leavesQty: '0.0012',
    state,
    timeMs,
    ...extra,
  });
}

describe('writeEvents (PostgreSQL)', () => {
  let db: TestDatabase;
  let sql: SqlClient;

  beforeAll(async () => {
    db = await createTestDatabase();
    sql = await db.open();
    await applyMigrations(sql);
  });
  afterAll(async () => {
    await db.drop();
  });

  it('stores every table exactly, with NUMERIC values returned as the same decimal strings', async () => {
    const batch: EventEnvelope[] = [
      env(1, {
        type: 'run-started',
        runId: RUN,
        mode: 'paper',
        config: { symbol: 'BTC-PYUSD', apiSecret: 'hunter2' },
        timeMs: T0,
      }),
      env(2, {
        type: 'reference-price',
        runId: RUN,
        product: 'BTC-USD',
        bidPrice: '113406.01',
        askPrice: '113406.02',
        mid: '113406.015',
        fairValue: '113406.0150000001',
        timeMs: T0 + 1,
      }),
      order(3, 'PendingNew', T0 + 2),
      env(4, {
        type: 'execution',
        runId: RUN,
        execId: 'E1',
        clOrdId: 'C1',
        orderId: 'O1',
        execType: 'F',
        ordStatus: '2',
        side: 'buy',
        lastQty: '0.0012',
        lastPx: '113406.5',
        cumQty: '0.0012',
        leavesQty: '0',
        rawFix: '8=FIXT.1.1\u000135=8\u0001',
        timeMs: T0 + 3,
      }),
      env(5, {
        type: 'fill',
        runId: RUN,
        execId: 'E1',
        clOrdId: 'C1',
        orderId: 'O1',
        side: 'buy',
        quantity: '0.0012',
        price: '113406.5',
        fee: '0.00000001',
        liquidity: '2',
        timeMs: T0 + 3,
      }),
      env(6, {
        type: 'position',
        runId: RUN,
        base: '0.0012',
        quote: '-136.0878',
        realizedPnl: '0',
        unrealizedPnl: '-0.00058',
        timeMs: T0 + 4,
      }),
      env(7, { type: 'run-ended', runId: RUN, timeMs: T0 + 5 }),
    ];
    const first = await writeEvents(sql, batch);
    expect(first.rowsWritten).toBe(6);

    const run = (await sql.query<{ mode: string; config: unknown; ended_at: Date }>('SELECT * FROM runs')).rows;
    expect(run).toHaveLength(1);
    expect(run[0]!.mode).toBe('paper');
    expect(run[0]!.config).toEqual({ symbol: 'BTC-PYUSD' });
    expect(run[0]!.ended_at.getTime()).toBe(T0 + 5);

    const ref = (await sql.query<{ mid: string; fair_value: string; time: Date }>('SELECT * FROM reference_prices'))
      .rows;
    expect(ref[0]).toMatchObject({ mid: '113406.015', fair_value: '113406.0150000001' });
    expect(ref[0]!.time.getTime()).toBe(T0 + 1);
    const fill = (await sql.query<{ fee: string; price: string }>('SELECT * FROM fills')).rows;
    expect(fill[0]).toMatchObject({ fee: '0.00000001', price: '113406.5' });
    const exec = (await sql.query<{ raw_fix: string; last_qty: string }>('SELECT * FROM executions')).rows;
    expect(exec[0]).toMatchObject({ raw_fix: '8=FIXT.1.1\u000135=8\u0001', last_qty: '0.0012' });
    const pos = (await sql.query<{ quote: string; average_entry_price: string | null }>('SELECT * FROM positions'))
      .rows;
    expect(pos[0]).toMatchObject({ quote: '-136.0878', average_entry_price: null });

    const again = await writeEvents(sql, batch);
    expect(again.rowsWritten).toBe(2); // the run and order upserts touch their rows; no new rows anywhere
    for (const table of ['runs', 'reference_prices', 'orders', 'executions', 'fills', 'positions']) {
      const n = (await sql.query<{ n: string }>(`SELECT count(*) AS n FROM ${table}`)).rows[0]!.n;
      expect([table, Number(n)]).toEqual([table, 1]);
    }
  });

  it('keeps the latest order state by event time whatever order the updates arrive in', async () => {
    await writeEvents(sql, [order(20, 'Filled', T0 + 300, { orderId: 'O9', cumQty: '0.0012', leavesQty: '0' })]);
    await writeEvents(sql, [order(10, 'New', T0 + 100, { orderId: 'O9' }), order(9, 'PendingNew', T0 + 50)]);
    const rows = (
      await sql.query<{ state: string; cum_qty: string; order_id: string; created_at: Date; updated_at: Date }>(
        "SELECT * FROM orders WHERE run_id = $1 AND cl_ord_id = 'C1'",
        [RUN],
      )
    ).rows;
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ state: 'Filled', cum_qty: '0.0012', order_id: 'O9' });
    expect(rows[0]!.created_at.getTime()).toBe(T0 + 2);
    expect(rows[0]!.updated_at.getTime()).toBe(T0 + 300);
  });

  it('resolves several updates of one order inside one batch to the latest, ties broken by seq', async () => {
    await writeEvents(sql, [
      order(31, 'PendingCancel', T0 + 1000, { clOrdId: 'C2' }),
      order(32, 'Canceled', T0 + 1000, { clOrdId: 'C2', leavesQty: '0' }),
      order(30, 'New', T0 + 900, { clOrdId: 'C2', orderId: 'O2' }),
    ]);
    const row = (await sql.query<{ state: string; order_id: string }>("SELECT * FROM orders WHERE cl_ord_id = 'C2'"))
      .rows[0];
    expect(row).toMatchObject({ state: 'Canceled', order_id: 'O2' });
  });

  it('keeps the fair value an order was quoted against once any update carried it, in a batch or across batches', async () => {
    // Only the event after the engine noted the placement carries it; later ones (fills, cancels) may not.
    await writeEvents(sql, [
      order(40, 'PendingNew', T0 + 2000, { clOrdId: 'C3' }),
      order(41, 'New', T0 + 2001, { clOrdId: 'C3', orderId: 'O3', quotedFairValue: '113410.12345678' }),
      order(42, 'PendingCancel', T0 + 2002, { clOrdId: 'C3' }),
    ]);
    await writeEvents(sql, [order(43, 'Canceled', T0 + 2003, { clOrdId: 'C3', leavesQty: '0' })]);
    const row = (
      await sql.query<{ state: string; quoted_fair_value: string }>(
        "SELECT state, quoted_fair_value::text FROM orders WHERE cl_ord_id = 'C3'",
      )
    ).rows[0];
    expect(row).toEqual({ state: 'Canceled', quoted_fair_value: '113410.12345678' });
  });
});
