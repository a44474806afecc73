// Sustained events/s from the trading side into PostgreSQL through Redis, and the trading process's event-loop
// delay at that load, next to a baseline of single-row INSERTs measured in the same run. The loop delay is measured
// in rounds that alternate the same trading loop with and without persistence, because this machine's own timer
// noise moves from minute to minute; each window also reports why the loop was late (busy or waiting for a CPU).
// Needs PostgreSQL (BENCH_DATABASE_URL, default postgres://postgres@127.0.0.1:5432/test) and Redis (BENCH_REDIS_URL).
// BENCH_ROUNDS (default 3), BENCH_RATE (events/s, default 25000), BENCH_MAX_BATCH and BENCH_HANDOFF_MS override the
// defaults. Then the same rounds shaped like a deployment with the database on its own machine: PostgreSQL, Redis and
// the writer pinned to CPU 0 and this trading process to CPU 1 (taskset), at BENCH_PINNED_RATE (default 20000).
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
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
import { pidsNamed, pin, pinningUnavailable, pinProcesses } from './cpu-pinning';
import { startLoopWindow, type LoopWindow } from './loop-probe';

const ADMIN_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const REDIS_URL = process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379';
const TARGET_RATE = Number(process.env.BENCH_RATE ?? 25_000); // events/s offered by the "trading" loop
const LOAD_SECONDS = 4;
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const PINNED_RATE = Number(process.env.BENCH_PINNED_RATE ?? 20_000);
// Producer and writers must name the same deployment (it is part of the stream key): left to derive it, the producer
// would take it from its data folder and the writer from its database URL, and the writer would wait on another stream.
const DEPLOYMENT = 'bench';
const STORAGE_CPU = '0';
const TRADING_CPU = '1';
const BASELINE_EVENTS = 2_000;
const ALONE = 'baseline: same trading loop, no persistence';

interface Row {
  scenario: string;
  /** Events/s offered. */
  rate: number;
  round?: number;
  events: number;
  seconds: number;
  perSecond: number;
  loop?: LoopWindow;
}

function fill(runId: string, i: number): TradingEvent {
  return {
    type: 'fill',
    runId,
    // Unique across the bench's runs: a deployment stores an ExecID once (the same fill), so a repeated one would be
    // dropped as the duplicate it claims to be and the run would never reach its count.
    execId: `E${runId}-${i}`,
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
    rate: 0,
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
  return { scenario: 'writeEvents, 500-event batches, no Redis', rate: 0, events: n, seconds, perSecond: n / seconds };
}

/**
 * A busy trading loop: every 1 ms it records what is due at `rate`, never ahead of it. Returns the loop window of the
 * whole run.
 */
async function tradingLoop(
  record: (e: TradingEvent) => void,
  runId: string,
  total: number,
  rate: number,
): Promise<LoopWindow> {
  const endWindow = startLoopWindow();
  const start = process.hrtime.bigint();
  let recorded = 0;
  while (recorded < total) {
    const due = Math.min(total, Math.floor((Number(process.hrtime.bigint() - start) / 1e9) * rate));
    for (; recorded < due; recorded++) record(fill(runId, recorded));
    await sleep(1);
  }
  return endWindow();
}

/** The same loop recording into nothing: the machine's own event-loop noise at this moment. */
async function loopAlone(round: number, rate = TARGET_RATE, scenario = ALONE): Promise<Row> {
  const total = rate * LOAD_SECONDS;
  const sink: TradingEvent[] = [];
  const start = process.hrtime.bigint();
  const loop = await tradingLoop((e) => void (sink[sink.length & 1023] = e), 'none', total, rate);
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  return { scenario, rate, round, events: total, seconds, perSecond: total / seconds, loop };
}

/** The trading process records at TARGET_RATE; writer processes drain Redis into PostgreSQL. */
async function throughRedis(
  sql: SqlClient,
  databaseUrl: string,
  writerProcesses: number,
  dataDir: string,
  round: number,
  options: {
    loadSeconds?: number;
    ingestAfterLoad?: boolean;
    rate?: number;
    writerCpu?: string;
    scenario?: string;
  } = {},
): Promise<Row> {
  const { loadSeconds = LOAD_SECONDS, ingestAfterLoad = false, rate = TARGET_RATE, writerCpu } = options;
  const keyPrefix = `bench-persistence:${randomBytes(4).toString('hex')}`;
  const runId = `redis-${writerProcesses}-${round}-${ingestAfterLoad ? 'after' : 'during'}-${writerCpu ?? 'any'}`;
  // A pinned writer starts under taskset, so that its threads never run on the trading core.
  const startWriters = (): ChildProcess[] =>
    Array.from({ length: writerProcesses }, (_, i) =>
      spawn(
        writerCpu === undefined ? process.execPath : 'taskset',
        [
          ...(writerCpu === undefined ? [] : ['-c', writerCpu, process.execPath]),
          path.join(path.dirname(require.resolve('@truex-mm/persistence/package.json')), 'dist/writer-cli.js'),
          '--redis-url',
          REDIS_URL,
          '--database-url',
          databaseUrl,
          '--key-prefix',
          keyPrefix,
          '--consumer',
          `w${i}`,
          '--deployment',
          DEPLOYMENT,
        ],
        { stdio: 'ignore' },
      ),
    );
  let writers = ingestAfterLoad ? [] : startWriters();
  const persistence = await createPersistence({
    redisUrl: REDIS_URL,
    keyPrefix,
    runWriter: false,
    dataDir,
    deployment: DEPLOYMENT,
    ...(process.env.BENCH_MAX_BATCH ? { maxBatch: Number(process.env.BENCH_MAX_BATCH) } : {}),
    ...(process.env.BENCH_HANDOFF_MS ? { handoffIntervalMs: Number(process.env.BENCH_HANDOFF_MS) } : {}),
  });
  const total = rate * loadSeconds;
  const start = process.hrtime.bigint();
  // The loop is measured while it is under load, not while this bench polls PostgreSQL afterwards.
  const loop = await tradingLoop((e) => persistence.record(e), runId, total, rate);
  if (ingestAfterLoad) writers = startWriters();
  await persistence.flush(60_000);
  console.error(`  ${runId}: recorded ${total} events; waiting for PostgreSQL`);
  while ((await countFills(sql, runId)) < total) await sleep(20);
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  await persistence.close();
  for (const w of writers) w.kill('SIGTERM');
  const redis = new Redis(REDIS_URL);
  const keys = redisKeys(keyPrefix);
  await redis.del(keys.stream, keys.state, keys.deadLetters);
  redis.disconnect();
  return {
    scenario:
      options.scenario ??
      (ingestAfterLoad
        ? `record → Redis; ${writerProcesses} writer → PostgreSQL after the window`
        : `record → Redis → ${writerProcesses} writer process(es) → PostgreSQL`),
    rate,
    round,
    events: total,
    seconds,
    perSecond: total / seconds,
    loop,
  };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

const fixed = (v: number | undefined, digits: number): string =>
  v === undefined || Number.isNaN(v) ? '-' : v.toFixed(digits);

async function main(): Promise<void> {
  const name = `bench_persistence_${randomBytes(4).toString('hex')}`;
  await admin(`CREATE DATABASE ${name}`);
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  const sql = await openPostgres(url.toString());
  const dataDir = await mkdtemp(path.join(tmpdir(), 'persistence-bench-'));
  const rows: Row[] = [];
  let pinnedNote = 'pinned rows not run';
  try {
    await applyMigrations(sql);
    // Warm-up (JIT, connections, PostgreSQL caches); not reported.
    await throughRedis(sql, url.toString(), 1, dataDir, 0, { loadSeconds: 1 });
    for (let round = 1; round <= ROUNDS; round++) {
      rows.push(await loopAlone(round));
      rows.push(await throughRedis(sql, url.toString(), 1, dataDir, round));
    }
    rows.push(await throughRedis(sql, url.toString(), 2, dataDir, ROUNDS + 1));
    // The same hand-off with no PostgreSQL ingest competing for the two cores during the window.
    rows.push(await throughRedis(sql, url.toString(), 1, dataDir, ROUNDS + 2, { ingestAfterLoad: true }));
    rows.push(await baseline(sql));
    rows.push(await batchedDirect(sql));
    pinnedNote = await pinnedRounds(sql, url.toString(), dataDir, rows);
  } finally {
    await sql.close();
    await admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await rm(dataDir, { recursive: true, force: true });
  }
  console.log(`offered load ${TARGET_RATE} events/s for ${LOAD_SECONDS} s per window (fills; one row each)`);
  console.table(
    rows.map((r) => ({
      scenario: r.scenario,
      round: r.round ?? '-',
      'offered/s': r.rate || '-',
      events: r.events,
      seconds: r.seconds.toFixed(2),
      'events/s': Math.round(r.perSecond),
      'delay p50 ms': fixed(r.loop?.delayP50Ms, 2),
      'delay p99 ms': fixed(r.loop?.delayP99Ms, 2),
      'raw p99 ms': fixed(r.loop?.rawP99Ms, 2),
      'busy %': fixed(r.loop && r.loop.busy * 100, 1),
      'CPU wait ms/s': fixed(r.loop?.cpuWaitMsPerS, 1),
      'steal %': fixed(r.loop && r.loop.stealShare * 100, 1),
    })),
  );
  const p99Of = (scenario: string): number =>
    median(rows.filter((r) => r.scenario === scenario && r.round! <= ROUNDS).map((r) => r.loop!.delayP99Ms));
  const loaded = rows.find((r) => r.round === 1 && r.scenario !== ALONE)!.scenario;
  console.log(
    `event-loop delay p99, median of ${ROUNDS} rounds: ${p99Of(ALONE).toFixed(2)} ms with no persistence, ` +
      `${p99Of(loaded).toFixed(2)} ms recording ${TARGET_RATE} events/s through Redis (target < 2 ms)`,
  );
  console.log(
    rows.some((r) => r.scenario === PINNED_LOADED)
      ? `pinned (PostgreSQL, Redis, writer on CPU ${STORAGE_CPU}; trading on CPU ${TRADING_CPU}), median of ${ROUNDS} ` +
          `rounds: event-loop delay p99 ${p99Of(PINNED_ALONE).toFixed(2)} ms with no persistence, ` +
          `${p99Of(PINNED_LOADED).toFixed(2)} ms recording ${PINNED_RATE} events/s (target < 2 ms: ` +
          `${p99Of(PINNED_LOADED) < 2 ? 'met' : 'NOT met'})`
      : pinnedNote,
  );
}

const PINNED_ALONE = `pinned: trading loop alone on CPU ${TRADING_CPU}`;
const PINNED_LOADED = `pinned: trading CPU ${TRADING_CPU} → Redis → writer → PostgreSQL, storage CPU ${STORAGE_CPU}`;

/**
 * The rounds again with the storage side on CPU 0 and this process on CPU 1, at PINNED_RATE; every affinity is given
 * back afterwards. Returns what to print when the rows could not be measured.
 */
async function pinnedRounds(sql: SqlClient, databaseUrl: string, dataDir: string, rows: Row[]): Promise<string> {
  const unavailable = pinningUnavailable();
  if (unavailable !== undefined) return `pinned rows skipped: ${unavailable}`;
  const storage = [...pidsNamed('postgres'), ...pidsNamed('redis-server')];
  if (storage.length === 0) return 'pinned rows skipped: no local postgres / redis-server processes to pin';
  const restoreStorage = pinProcesses(storage, STORAGE_CPU);
  const restoreSelf = pinProcesses([process.pid], TRADING_CPU);
  try {
    if (!pin(process.pid, TRADING_CPU)) return 'pinned rows skipped: taskset could not pin this process';
    for (let round = 1; round <= ROUNDS; round++) {
      rows.push(await loopAlone(round, PINNED_RATE, PINNED_ALONE));
      rows.push(
        await throughRedis(sql, databaseUrl, 1, dataDir, round, {
          rate: PINNED_RATE,
          writerCpu: STORAGE_CPU,
          scenario: PINNED_LOADED,
        }),
      );
    }
    return '';
  } finally {
    restoreSelf();
    restoreStorage();
  }
}

void main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
