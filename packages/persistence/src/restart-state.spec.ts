import { createPersistence } from './persistence';
import { loadRunReport } from './run-report';
import { createTestDatabase, type TestDatabase } from './test-db.test-util';
import type { SqlClient } from './sql-client';
import type { TradingEvent, TradingEventOf } from './trading-event';

const T = Date.UTC(2026, 0, 8);

const order = (
  runId: string,
  clOrdId: string,
  state: string,
  at: number,
  extra: Partial<TradingEventOf<'order'>> = {},
) =>
  ({
    type: 'order',
    runId,
    clOrdId,
    orderId: `X${clOrdId}`,
    side: 'buy',
    symbol: 'BTC-PYUSD',
    price: '100.5',
    quantity: '2',
    cumQty: '0',
    leavesQty: '2',
    state,
    timeMs: T + at,
    ...extra,
  }) as TradingEvent;
const fill = (runId: string, execId: string, clOrdId: string, at: number) =>
  ({
    type: 'fill',
    runId,
    execId,
    clOrdId,
    orderId: `X${clOrdId}`,
    side: 'buy',
    quantity: '1',
    price: '100.5',
    fee: '0.01',
    timeMs: T + at,
  }) as TradingEvent;

describe('restart state (PostgreSQL)', () => {
  let db: TestDatabase;
  let sql: SqlClient;
  const open = (deployment: string) => createPersistence({ databaseUrl: db.url, deployment, dataDir: '/nonexistent' });

  beforeAll(async () => {
    db = await createTestDatabase();
    sql = await db.open();
    // Run 1 of desk-r: dies without recording its end; one fill arrives after its last position snapshot.
    const first = await open('desk-r');
    const events: TradingEvent[] = [
      { type: 'run-started', runId: 'r1', mode: 'live', config: {}, timeMs: T },
      order('r1', 'L1', 'New', 1),
      order('r1', 'F1', 'New', 2),
      order('r1', 'C1', 'Canceled', 3, { leavesQty: '0' }),
      order('r1', 'P1', 'PendingCancel', 4),
      fill('r1', 'E1', 'F1', 10),
      fill('r1', 'E2', 'F1', 11),
      order('r1', 'F1', 'Filled', 11, { cumQty: '2', leavesQty: '0' }),
      {
        type: 'position',
        runId: 'r1',
        base: '2',
        quote: '-201.02',
        averageEntryPrice: '100.5',
        realizedPnl: '0.1',
        unrealizedPnl: '0.2',
        fees: '0.02',
        feesByCurrency: { PYUSD: '0.02' },
        fairValue: '100.6',
        timeMs: T + 11, // same ms as E2: record order decides that E2 is in the snapshot
      },
      fill('r1', 'E3', 'L1', 20),
      order('r1', 'L1', 'PartiallyFilled', 20, { cumQty: '1', leavesQty: '1' }),
    ];
    for (const e of events) first.record(e);
    expect(await first.flush()).toMatchObject({ eventsNotStored: 0 });
    await first.close();
  });
  afterAll(async () => {
    await db.drop();
  });

  it('returns the live orders of the last run, its position snapshot with its fill set, and later fills', async () => {
    const next = await open('desk-r');
    try {
      const state = await next.lastRunState();
      expect(state.deployment).toBe('desk-r');
      expect(state.lastRun).toEqual({ runId: 'r1', mode: 'live', startedAtMs: T, endedCleanly: false });
      expect(state.liveOrders.map((o) => [o.clOrdId, o.state])).toEqual([
        ['L1', 'PartiallyFilled'],
        ['P1', 'PendingCancel'],
      ]);
      expect(state.liveOrders[0]).toEqual({
        runId: 'r1',
        clOrdId: 'L1',
        orderId: 'XL1',
        side: 'buy',
        symbol: 'BTC-PYUSD',
        price: '100.5',
        quantity: '2',
        cumQty: '1',
        leavesQty: '1',
        state: 'PartiallyFilled',
        updatedAtMs: T + 20,
      });
      expect(state.position).toEqual({
        runId: 'r1',
        timeMs: T + 11,
        base: '2',
        quote: '-201.02',
        averageEntryPrice: '100.5',
        realizedPnl: '0.1',
        unrealizedPnl: '0.2',
        fees: '0.02',
        feesByCurrency: { PYUSD: '0.02' },
        netPnl: '0.28', // 0.1 + 0.2 − 0.02, exact NUMERIC arithmetic in the database
        fairValue: '100.6',
        fills: { count: 2, lastExecId: 'E2', lastTimeMs: T + 11, recentExecIds: ['E1', 'E2'] },
      });
      expect(state.fillsAfterPosition.map((f) => f.execId)).toEqual(['E3']);
      expect(state.fillsAfterPosition[0]).toMatchObject({ runId: 'r1', quantity: '1', fee: '0.01', timeMs: T + 20 });
      expect(state.halt).toBeUndefined();
    } finally {
      await next.close();
    }
  });

  it('stores a venue ExecID once across runs of a deployment (a recovered fill is not counted twice)', async () => {
    const r2 = await open('desk-r');
    r2.record({ type: 'run-started', runId: 'r2', mode: 'live', config: {}, timeMs: T + 100 });
    r2.record(fill('r2', 'E3', 'L1', 101)); // recovered after the restart: already stored by r1
    r2.record(fill('r2', 'E4', 'N1', 102));
    await r2.flush();
    await r2.close();
    const fills = (
      await sql.query<{ run_id: string; exec_id: string }>('SELECT run_id, exec_id FROM fills ORDER BY id')
    ).rows;
    expect(fills.filter((f) => f.exec_id === 'E3')).toEqual([{ run_id: 'r1', exec_id: 'E3' }]);
    expect((await loadRunReport(sql, 'r2')).fills.count).toBe(1);
    // Another deployment (another venue account) may see the same ExecID: stored for it.
    const other = await open('desk-other');
    other.record({ type: 'run-started', runId: 'o1', mode: 'live', config: {}, timeMs: T + 200 });
    other.record(fill('o1', 'E3', 'Z1', 201));
    await other.flush();
    await other.close();
    const e3 = (
      await sql.query<{ run_id: string; deployment: string }>(
        "SELECT run_id, deployment FROM fills WHERE exec_id = 'E3' ORDER BY id",
      )
    ).rows;
    expect(e3).toEqual([
      { run_id: 'r1', deployment: 'desk-r' },
      { run_id: 'o1', deployment: 'desk-other' },
    ]);
    // The restart state of desk-r now ends at r2, which had no live orders, and sees E4 after the snapshot.
    const r3 = await open('desk-r');
    const state = await r3.lastRunState();
    await r3.close();
    expect(state.lastRun?.runId).toBe('r2');
    expect(state.liveOrders).toEqual([]);
    expect(state.fillsAfterPosition.map((f) => f.execId)).toEqual(['E3', 'E4']);
  });

  it('a trading halt is committed before saveTradingHalt resolves, outlives restarts, and is cleared by an operator', async () => {
    const running = await open('desk-h');
    await running.saveTradingHalt({ reason: 'max drawdown', timeMs: T + 300, runId: 'h1' });
    // Seen at once from another connection, without any flush: it did not go through the event pipeline.
    const seen = (await sql.query<{ reason: string }>("SELECT reason FROM trading_halts WHERE deployment = 'desk-h'"))
      .rows;
    expect(seen).toEqual([{ reason: 'max drawdown' }]);
    await running.close();

    const restarted = await open('desk-h');
    try {
      expect(await restarted.loadTradingHalt()).toEqual({ reason: 'max drawdown', timeMs: T + 300, runId: 'h1' });
      const otherDesk = await open('desk-r');
      expect(await otherDesk.loadTradingHalt()).toBeUndefined(); // per deployment
      await otherDesk.close();
      expect(await restarted.clearTradingHalt({ by: 'alice', timeMs: T + 400 })).toBe(true);
      expect(await restarted.loadTradingHalt()).toBeUndefined();
      expect(await restarted.clearTradingHalt({ by: 'alice', timeMs: T + 401 })).toBe(false);
      const history = (
        await sql.query<{ cleared_by: string }>("SELECT cleared_by FROM trading_halts WHERE deployment = 'desk-h'")
      ).rows;
      expect(history).toEqual([{ cleared_by: 'alice' }]);
    } finally {
      await restarted.close();
    }
  });
});
