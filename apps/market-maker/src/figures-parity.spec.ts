import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import {
  applyMigrations,
  loadRunReport,
  openPostgres,
  writeEvents,
  type SqlClient,
  type TradingEvent,
  type TradingEventOf,
} from '@truex-mm/persistence';
import { QuoteStats } from '@truex-mm/quoting-engine';
import { PositionLedger } from '@truex-mm/risk';

// One set of fills through the engine's figures (QuoteStats, the position ledger) and through the run report (the
// same events stored in PostgreSQL): every figure shown in both places must be the same number.
const PG_ADMIN_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

async function admin(statement: string): Promise<void> {
  const client = new Client({ connectionString: PG_ADMIN_URL });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

/** Deterministic pseudo-random numbers (mulberry32), so the scenario is the same on every run. */
function seeded(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('one definition of each figure: engine and run report agree on the same fills', () => {
  const dbName = `test_figures_${randomBytes(6).toString('hex')}`;
  let sql: SqlClient;

  beforeAll(async () => {
    await admin(`CREATE DATABASE ${dbName}`);
    const url = new URL(PG_ADMIN_URL);
    url.pathname = `/${dbName}`;
    sql = await openPostgres(url.toString(), () => undefined);
    await applyMigrations(sql);
  });
  afterAll(async () => {
    await sql?.close();
    await admin(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
  });

  it('gives the same spread capture, fill rate, PnL and fees', async () => {
    const runId = 'parity-run';
    const T = Date.UTC(2026, 0, 6, 12);
    const random = seeded(13);
    const stats = new QuoteStats();
    const ledger = new PositionLedger({}, { quoteCurrency: 'PYUSD' });
    const events: TradingEvent[] = [{ type: 'run-started', runId, mode: 'paper', config: {}, timeMs: T }];
    let now = T;
    let fairValue = '90000';
    const setFairValue = (value: string, stored: boolean) => {
      fairValue = value;
      // The stored reference series is sampled (250 ms): some changes never reach the database. The report then
      // takes the fair value at a fill from the position snapshot the engine writes with it.
      if (stored) {
        events.push({
          type: 'reference-price',
          runId,
          product: 'BTC-USD',
          bidPrice: value,
          askPrice: value,
          mid: value,
          fairValue: value,
          timeMs: now,
        });
      }
    };
    const orderEvent = (
      o: { clOrdId: string; side: 'buy' | 'sell'; price: string; quantity: string },
      state: string,
      extra: Partial<TradingEventOf<'order'>> = {},
    ): TradingEvent => ({
      type: 'order',
      runId,
      symbol: 'BTC-PYUSD',
      cumQty: '0',
      leavesQty: o.quantity,
      state,
      timeMs: now,
      ...o,
      ...extra,
    });

    setFairValue(fairValue, true);
    for (let i = 0; i < 60; i++) {
      now += 100;
      // Fair value walks in cents.
      setFairValue((Number(fairValue) + Math.round((random() - 0.5) * 2000) / 100).toFixed(2), true);
      const side = random() < 0.5 ? 'buy' : 'sell';
      const offset = (1 + Math.floor(random() * 20)) * 0.5;
      // Quotes on the $0.50 grid, 1-20 ticks from fair value.
      const grid = Math.round(Number(fairValue) * 2) / 2;
      const price = (side === 'buy' ? grid - offset : grid + offset).toFixed(2);
      const quantity = ((1 + Math.floor(random() * 30)) / 10_000).toFixed(4);
      const order = { clOrdId: `C${i}`, side, price, quantity } as const;
      stats.placed(order.clOrdId, side, price, fairValue);
      events.push(orderEvent(order, 'PendingNew'));
      now += 5;
      if (random() < 0.1) {
        events.push(orderEvent(order, 'Rejected', { rejectReason: 'Order outside book price bands' }));
        continue;
      }
      stats.acknowledged(5);
      events.push(orderEvent(order, 'New', { orderId: `X${i}` }));
      // Fair value moves before the fill; half of those moves are dropped by the sampler.
      now += 50;
      setFairValue((Number(fairValue) + Math.round((random() - 0.5) * 1000) / 100).toFixed(2), random() < 0.5);
      if (random() < 0.4) {
        stats.ended(order.clOrdId, 50);
        events.push(orderEvent(order, 'Cancelled', { orderId: `X${i}`, leavesQty: '0' }));
        continue;
      }
      // One or two partial fills, at the order's price or better.
      let left = Number(quantity) * 10_000;
      let cum = 0;
      for (let k = 0; left > 0 && k < 2; k++) {
        const lots = k === 1 || left === 1 || random() < 0.5 ? left : Math.ceil(left / 2);
        left -= lots;
        cum += lots;
        const qty = (lots / 10_000).toFixed(4);
        const improved = random() < 0.2 ? (side === 'buy' ? -0.5 : 0.5) : 0;
        const px = (Number(price) + improved).toFixed(2);
        const fee = ((Number(qty) * Number(px) * 2) / 10_000).toFixed(6);
        const execId = `E${i}-${k}`;
        stats.filled(order.clOrdId, side, qty, px, fairValue);
        ledger.applyFill({ execId, side, quantity: qty, price: px, fee });
        events.push({
          type: 'fill',
          runId,
          execId,
          clOrdId: order.clOrdId,
          orderId: `X${i}`,
          side,
          quantity: qty,
          price: px,
          fee,
          timeMs: now,
        });
        events.push({ type: 'position', runId, ...ledger.snapshot(fairValue), fairValue, timeMs: now });
        events.push(
          orderEvent(order, left === 0 ? 'Filled' : 'PartiallyFilled', {
            orderId: `X${i}`,
            cumQty: (cum / 10_000).toFixed(4),
            leavesQty: (left / 10_000).toFixed(4),
          }),
        );
        now += 1;
      }
      if (left === 0) stats.ended(order.clOrdId, 60);
    }
    // The app's periodic snapshot (every 5 s) marks the position to the latest fair value; the report's PnL is the
    // last snapshot's.
    now += 100;
    events.push({ type: 'position', runId, ...ledger.snapshot(fairValue), fairValue, timeMs: now });
    await writeEvents(
      sql,
      events.map((event, i) => ({ source: 'parity', seq: i + 1, event })),
      { deployment: 'parity' },
    );

    const engine = stats.snapshot();
    const position = ledger.snapshot(fairValue);
    const report = await loadRunReport(sql, runId);

    expect(engine.ordersFilled).toBeGreaterThan(10);
    expect(report.spreadCapture.fillsPriced).toBe(report.fills.count);
    expect(engine.spreadCapture).not.toBeNull();
    expect(report.spreadCapture.ratio).not.toBeNull();
    expect(Number(report.spreadCapture.ratio)).toBe(engine.spreadCapture);
    expect(report.orders.acknowledged).toBe(engine.ordersAcknowledged);
    expect(report.fills.ordersFilled).toBe(engine.ordersFilled);
    expect(Number(report.fillRate)).toBe(engine.fillRate);
    expect(report.pnl).toMatchObject({
      realized: position.realizedPnl,
      unrealized: position.unrealizedPnl,
      fees: position.fees,
      base: position.base,
    });
    expect(report.pnl.net).toBe(position.netPnl);
    // The fees of the stored fills, summed by the database, are the ledger's fees.
    expect(Number(report.fills.fees)).toBe(Number(position.fees));
  });
});
