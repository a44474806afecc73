import { applyMigrations } from './migrations';
import { PersistenceError } from './persistence-error';
import path from 'node:path';
import { spawnTsChild } from './child-process.test-util';
import { runListCsv, runReportCsv } from './report-csv';
import { formatRunList, loadRunList } from './run-list';
import { formatRunReport, loadRunReport } from './run-report';
import { createTestDatabase, type TestDatabase } from './test-db.test-util';
import { writeEvents } from './write-events';
import type { SqlClient } from './sql-client';
import type { TradingEvent } from './trading-event';

describe('run report', () => {
  let db: TestDatabase;
  let sql: SqlClient;
  const T = Date.UTC(2026, 0, 6);
  const runId = 'report-run';

  const order = (clOrdId: string, side: 'buy' | 'sell', price: string, state: string, at: number, extra = {}) =>
    ({
      type: 'order',
      runId,
      clOrdId,
      side,
      symbol: 'BTC-PYUSD',
      price,
      quantity: '2',
      cumQty: '0',
      leavesQty: '2',
      state,
      timeMs: T + at,
      ...extra,
    }) as TradingEvent;
  const ref = (fairValue: string, at: number) =>
    ({
      type: 'reference-price',
      runId,
      product: 'BTC-USD',
      bidPrice: fairValue,
      askPrice: fairValue,
      mid: fairValue,
      fairValue,
      timeMs: T + at,
    }) as TradingEvent;
  const fill = (
    execId: string,
    clOrdId: string,
    side: 'buy' | 'sell',
    quantity: string,
    price: string,
    fee: string,
    at: number,
  ) =>
    ({
      type: 'fill',
      runId,
      execId,
      clOrdId,
      orderId: `X${clOrdId}`,
      side,
      quantity,
      price,
      fee,
      timeMs: T + at,
    }) as TradingEvent;

  beforeAll(async () => {
    db = await createTestDatabase();
    sql = await db.open();
    await applyMigrations(sql);
    const events: TradingEvent[] = [
      { type: 'run-started', runId: 'older-run', mode: 'paper', config: {}, timeMs: T - 10_000 },
      { type: 'run-started', runId, mode: 'live', config: {}, timeMs: T },
      ref('100', 0),
      order('B1', 'buy', '99.5', 'New', 1, { orderId: 'XB1' }),
      order('S1', 'sell', '100.5', 'New', 2, { orderId: 'XS1' }),
      order('N1', 'buy', '99', 'New', 3, { orderId: 'XN1' }),
      order('R1', 'buy', '90', 'Rejected', 4, { rejectReason: 'Order outside book price bands' }),
      order('R2', 'sell', '110', 'Rejected', 5, { rejectReason: 'Order outside book price bands' }),
      order('R3', 'sell', '101', 'Rejected', 6, { rejectReason: 'Invalid client' }),
      ref('101', 10),
      fill('E1', 'B1', 'buy', '2', '99.5', '0.01', 20),
      order('B1', 'buy', '99.5', 'Filled', 20, { cumQty: '2', leavesQty: '0' }),
      fill('E2', 'S1', 'sell', '1', '100.5', '0.02', 21),
      order('S1', 'sell', '100.5', 'PartiallyFilled', 21, { cumQty: '1', leavesQty: '1' }),
      { type: 'position', runId, base: '1', quote: '-98.5', realizedPnl: '0.5', unrealizedPnl: '2.0', timeMs: T + 30 },
    ];
    await writeEvents(
      sql,
      events.map((event, i) => ({ source: 'r', seq: i + 1, event })),
      { deployment: 'desk' },
    );
  });
  afterAll(async () => {
    await db.drop();
  });

  it('counts orders, rejects by reason, fills, fill rate, spread capture and PnL of the latest run', async () => {
    const report = await loadRunReport(sql, 'latest');
    expect(report.run).toMatchObject({ runId, mode: 'live' });
    expect(report.orders).toEqual({
      sent: 6,
      acknowledged: 3,
      rejected: 3,
      rejectsByReason: { 'Order outside book price bands': 2, 'Invalid client': 1 },
    });
    expect(report.fills).toEqual({
      count: 2,
      ordersFilled: 2,
      baseBought: '2',
      baseSold: '1',
      quoteVolume: '299.5',
      fees: '0.03',
    });
    expect(report.fillRate).toBe('0.6667');
    // Buy 2 @ 99.5 quoted at fv 100, filled at fv 101: realised 3, quoted 1.
    // Sell 1 @ 100.5 quoted at fv 100, filled at fv 101: realised −0.5, quoted 0.5. Ratio 2.5 / 1.5.
    expect(report.spreadCapture).toMatchObject({ fillsPriced: 2, ratio: '1.6667' });
    expect(Number(report.spreadCapture.realisedEdge)).toBe(2.5);
    expect(Number(report.spreadCapture.quotedEdge)).toBe(1.5);
    expect(report.pnl).toMatchObject({ realized: '0.5', unrealized: '2.0', base: '1', quote: '-98.5' });

    const table = formatRunReport(report);
    expect(table).toMatch(/orders rejected\s+3/);
    expect(table).toMatch(/rejected: Invalid client\s+1/);
    expect(table).toMatch(/spread capture\s+1\.6667/);
  });

  it('selects a run by id and fails with RUN_NOT_FOUND for an unknown one', async () => {
    expect((await loadRunReport(sql, 'older-run')).orders.sent).toBe(0);
    await expect(loadRunReport(sql, 'nope')).rejects.toMatchObject({ code: 'RUN_NOT_FOUND' });
    await expect(loadRunReport(sql, 'nope')).rejects.toBeInstanceOf(PersistenceError);
  });

  it('lists runs newest first with fills and final position, as text, CSV and through the CLI', async () => {
    const runs = await loadRunList(sql);
    expect(runs.map((r) => [r.runId, r.fills])).toEqual([
      [runId, 2],
      ['older-run', 0],
    ]);
    expect(runs[0]).toMatchObject({
      deployment: 'desk',
      mode: 'live',
      finalPosition: { base: '1', quote: '-98.5', realizedPnl: '0.5', fees: null, netPnl: '2.5' },
    });
    expect(runs[1]!.finalPosition).toBeNull();
    expect(await loadRunList(sql, { deployment: 'nobody' })).toEqual([]);
    // The list gained an orders column (issue 13: "runs with start, end, mode, orders, fills, PnL").
    expect(runs.map((r) => r.orders)).toEqual([6, 0]);
    expect(formatRunList(runs).split('\n')[1]).toMatch(
      /^report-run\s+desk\s+live\s+\S+\s+-\s+6\s+2\s+1\s+-98\.5\s+0\.5\s+-\s+2\.5$/,
    );
    const csv = runListCsv(runs).split('\r\n');
    expect(csv[0]).toBe('run,deployment,mode,started,ended,orders,fills,base,quote,realized PnL,fees,net PnL');
    expect(csv[1]).toBe(`report-run,desk,live,${new Date(T).toISOString()},,6,2,1,-98.5,0.5,,2.5`);
    const reportCsv = runReportCsv(await loadRunReport(sql, 'latest', { deployment: 'desk' }));
    expect(reportCsv.split('\r\n')).toEqual(
      expect.arrayContaining(['metric,value', 'orders sent,6', 'rejected: Invalid client,1', 'net PnL,2.5']),
    );

    const cli = (...args: string[]) =>
      spawnTsChild(path.join(__dirname, 'report-cli.ts'), [...args, '--database-url', db.url]);
    const list = cli('--list', '--csv');
    let out = '';
    list.process.stdout.on('data', (c: Buffer) => (out += c.toString()));
    expect(await list.exited).toEqual({ code: 0, signal: null });
    expect(out.split('\r\n')[0]).toBe(csv[0]);
    expect(out).toContain('\r\nreport-run,desk,live,');
    const bad = cli('--list', '--json', '--csv');
    expect((await bad.exited).code).toBe(2);
    const unknown = cli('--lst');
    expect((await unknown.exited).code).toBe(2);
    const one = cli('--run', 'latest', '--json');
    let json = '';
    one.process.stdout.on('data', (c: Buffer) => (json += c.toString()));
    expect(await one.exited).toEqual({ code: 0, signal: null });
    expect(JSON.parse(json)).toMatchObject({ run: { runId }, spreadCapture: { ratio: '1.6667' }, fillRate: '0.6667' });
  }, 20_000);
});
