// Sustained events/s from the trading side into PostgreSQL through Redis, and the trading process's event-loop
// delay at that load, next to a baseline of single-row INSERTs measured in the same run.
// Needs PostgreSQL (BENCH_DATABASE_URL, default postgres://postgres@127.0.0.1:5432/test) and Redis (BENCH_REDIS_URL).
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { Redis } from 'ioredis';
import { Client } from 'pg';
import {
  applyMigrations,
  createPersistence,
  openPostgres,
  redisKeys,
  writeEvents,
  type SqlClient,
  type TradingEvent,
} from '@truex-mm/persistence';

const ADMIN_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const REDIS_URL = process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379';
const TARGET_RATE = 25_000; // events/s offered by the "trading" loop
const LOAD_SECONDS = 4;
const BASELINE_EVENTS = 2_000;

interface Row {
  scenario: string;
  events: number;
  seconds: number;
  perSecond: number;
  loopP99Ms?: number;
  loopMaxMs?: number;
}

function fill(runId: string, i: number): TradingEvent {
  return {
    type: 'fill',
    runId,
    execId: `E${i}`,
    clOrdId: `C${i}`,
    orderId: `O${i}`,
    side: i % 2 ? 'sell' : 'buy',
    quantity: '0.001',
    price: `113400.${String(i % 100).padStart(2, '0')}`,
    fee: '0.0001',
    liquidity: '2',
    timeMs: 1_767_225_600_000 + i,
  };
}

async function admin(sql: string): Promise<void> {
  const c = new Client({ connectionString: ADMIN_URL });
  await c.connect();
  await c.query(sql);
  await c.end();
}

async function countFills(sql: SqlClient, runId: string): Promise<number> {
  return Number(
    (await sql.query<{ n: string }>('SELECT count(*) AS n FROM fills WHERE run_id = $1', [runId])).rows[0]!.n,
  );
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

async function baseline(sql: SqlClient): Promise<Row> {
  const runId = 'baseline';
  const start = process.hrtime.bigint();
  for (let i = 0; i < BASELINE_EVENTS; i++) {
    const e = fill(runId, i) as Extract<TradingEvent, { type: 'fill' }>;
    await sql.query(
      `INSERT INTO fills (run_id, exec_id, cl_ord_id, order_id, side, quantity, price, fee, liquidity, time)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, to_timestamp($10 / 1000.0)) ON CONFLICT DO NOTHING`,
      [e.runId, e.execId, e.clOrdId, e.orderId, e.side, e.quantity, e.price, e.fee, e.liquidity, e.timeMs],
    );
  }
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  return {
    scenario: 'baseline: single-row INSERT per event',
    events: BASELINE_EVENTS,
    seconds,
    perSecond: BASELINE_EVENTS / seconds,
  };
}

async function batchedDirect(sql: SqlClient): Promise<Row> {
  const runId = 'direct';
  const n = 20_000;
  const start = process.hrtime.bigint();
  for (let i = 0; i < n; i += 500) {
    const batch = [];
    for (let k = i; k < i + 500; k++) batch.push({ source: 'b', seq: k, event: fill(runId, k) });
    await writeEvents(sql, batch);
  }
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  return { scenario: 'writeEvents, 500-event batches, no Redis', events: n, seconds, perSecond: n / seconds };
}

/** The same 1 ms trading loop recording into nothing: the machine's own event-loop noise. */
async function loopAlone(): Promise<Row> {
  const total = TARGET_RATE * LOAD_SECONDS;
  const sink: TradingEvent[] = [];
  const histogram = monitorEventLoopDelay({ resolution: 1 });
  histogram.enable();
  const start = process.hrtime.bigint();
  let recorded = 0;
  while (recorded < total) {
    const due = Math.min(total, Math.floor((Number(process.hrtime.bigint() - start) / 1e9) * TARGET_RATE));
    for (; recorded < due; recorded++) sink[recorded % 1024] = fill('none', recorded);
    await sleep(1);
  }
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  histogram.disable();
  return {
    scenario: 'baseline: same trading loop, no persistence',
    events: total,
    seconds,
    perSecond: total / seconds,
    loopP99Ms: histogram.percentile(99) / 1e6,
    loopMaxMs: histogram.max / 1e6,
  };
}

/** The trading process records at TARGET_RATE; writers drain Redis into PostgreSQL. */
async function throughRedis(
  sql: SqlClient,
  databaseUrl: string,
  writerProcesses: number,
  dataDir: string,
): Promise<Row> {
  const keyPrefix = `bench-persistence:${randomBytes(4).toString('hex')}`;
  const runId = `redis-${writerProcesses}`;
  const writers = Array.from({ length: writerProcesses }, (_, i) =>
    spawn(
      process.execPath,
      [
        path.join(path.dirname(require.resolve('@truex-mm/persistence/package.json')), 'dist/writer-cli.js'),
        '--redis-url',
        REDIS_URL,
        '--database-url',
        databaseUrl,
        '--key-prefix',
        keyPrefix,
        '--consumer',
        `w${i}`,
      ],
      { stdio: 'ignore' },
    ),
  );
  const persistence = await createPersistence({
    redisUrl: REDIS_URL,
    keyPrefix,
    runWriter: false,
    dataDir,
    maxBatch: Number(process.env.BENCH_MAX_BATCH ?? 500),
  });
  const total = TARGET_RATE * LOAD_SECONDS;
  const histogram = monitorEventLoopDelay({ resolution: 1 });
  histogram.enable();
  const start = process.hrtime.bigint();
  let recorded = 0;
  // Record in 1 ms ticks, like a busy trading loop, never ahead of the target rate.
  while (recorded < total) {
    const due = Math.min(total, Math.floor((Number(process.hrtime.bigint() - start) / 1e9) * TARGET_RATE));
    for (; recorded < due; recorded++) persistence.record(fill(runId, recorded));
    await sleep(1);
  }
  // The trading loop's delay is measured while it is under load, not while this bench polls PostgreSQL afterwards.
  histogram.disable();
  await persistence.flush(60_000);
  while ((await countFills(sql, runId)) < total) await sleep(20);
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  await persistence.close();
  for (const w of writers) w.kill('SIGTERM');
  const redis = new Redis(REDIS_URL);
  const keys = redisKeys(keyPrefix);
  await redis.del(keys.stream, keys.state, keys.deadLetters);
  redis.disconnect();
  return {
    scenario: `record → Redis → ${writerProcesses} writer process(es) → PostgreSQL`,
    events: total,
    seconds,
    perSecond: total / seconds,
    loopP99Ms: histogram.percentile(99) / 1e6,
    loopMaxMs: histogram.max / 1e6,
  };
}

async function main(): Promise<void> {
  const name = `bench_persistence_${randomBytes(4).toString('hex')}`;
  await admin(`CREATE DATABASE ${name}`);
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  const sql = await openPostgres(url.toString());
  const dataDir = await mkdtemp(path.join(tmpdir(), 'persistence-bench-'));
  const rows: Row[] = [];
  try {
    await applyMigrations(sql);
    rows.push(await loopAlone());
    rows.push(await baseline(sql));
    rows.push(await batchedDirect(sql));
    rows.push(await throughRedis(sql, url.toString(), 1, dataDir));
    rows.push(await throughRedis(sql, url.toString(), 2, dataDir));
  } finally {
    await sql.close();
    await admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await rm(dataDir, { recursive: true, force: true });
  }
  console.log(`offered load ${TARGET_RATE} events/s for ${LOAD_SECONDS} s (fills; one row each)`);
  console.table(
    rows.map((r) => ({
      scenario: r.scenario,
      events: r.events,
      seconds: r.seconds.toFixed(2),
      'events/s': Math.round(r.perSecond),
      'loop p99 ms': r.loopP99Ms?.toFixed(2) ?? '-',
      'loop max ms': r.loopMaxMs?.toFixed(2) ?? '-',
    })),
  );
}

void main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
