import pino from 'pino';
import { resolveDeployment, validateDeployment } from './deployment';
import { createPersistence, type Persistence } from './persistence';
import { redisKeys } from './redis-keys';
import type { SqlClient } from './sql-client';
import { createTestDatabase, REDIS_URL, useStreamTestEnvironment, type TestDatabase } from './test-db.test-util';
import type { TradingEvent } from './trading-event';
import { eventMix } from './trading-events.test-util';

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Every natural key of every table, sorted: a database compared row by row. */
async function rowKeys(sql: SqlClient): Promise<Record<string, string[]>> {
  const keys = async (query: string): Promise<string[]> =>
    (await sql.query<{ k: string }>(query)).rows.map((r) => r.k).sort();
  return {
    runs: await keys(`SELECT run_id || '/' || deployment AS k FROM runs`),
    orders: await keys(`SELECT run_id || '/' || cl_ord_id AS k FROM orders`),
    executions: await keys(`SELECT run_id || '/' || exec_id AS k FROM executions`),
    fills: await keys(`SELECT run_id || '/' || exec_id || '/' || deployment AS k FROM fills`),
    positions: await keys(`SELECT run_id || '/' || time::text AS k FROM positions`),
  };
}

/** The keys rowKeys() must find for one deployment's events (positions: their count; times are stored rounded). */
function expectedKeys(
  deployment: string,
  runId: string,
  events: readonly TradingEvent[],
): { keys: Record<string, string[]>; positions: number } {
  const out: Record<string, string[]> = { runs: [`${runId}/${deployment}`], orders: [], executions: [], fills: [] };
  const positions: string[] = [];
  for (const e of events) {
    if (e.type === 'order') out.orders!.push(`${runId}/${e.clOrdId}`);
    if (e.type === 'execution') out.executions!.push(`${runId}/${e.execId}`);
    if (e.type === 'fill') out.fills!.push(`${runId}/${e.execId}/${deployment}`);
    if (e.type === 'position') positions.push(`${runId}/${new Date(e.timeMs).toISOString()}`);
  }
  for (const k of Object.keys(out)) out[k]!.sort();
  return { keys: out, positions: positions.length };
}

describe('deployments: market makers sharing one Redis and one PostgreSQL server', () => {
  const env = useStreamTestEnvironment('persistence-deployments-');
  let otherDb: TestDatabase;
  beforeAll(async () => {
    otherDb = await createTestDatabase();
  });
  afterAll(async () => {
    await otherDb.drop();
  });

  it('two deployments writing concurrently on one Redis prefix: each database holds exactly its own events', async () => {
    const keyPrefix = env.prefix(); // the SAME prefix for both: only the deployment separates them
    const t0 = Date.UTC(2026, 0, 7);
    const sides = [
      { deployment: 'desk-a', db: env.db, runId: 'run-a', tag: 'A' },
      { deployment: 'desk-b', db: otherDb, runId: 'run-b', tag: 'B' },
    ];
    const instances: Persistence[] = [];
    for (const side of sides) {
      instances.push(
        await createPersistence({
          databaseUrl: side.db.url,
          redisUrl: REDIS_URL,
          keyPrefix,
          deployment: side.deployment,
          dataDir: env.dataDir, // shared too: spill files are per deployment
          maxBatch: 25,
          logger: pino({ level: 'silent' }),
        }),
      );
    }
    const streams = sides.map(
      (side, i) =>
        [
          { type: 'run-started', runId: side.runId, mode: 'paper', config: { desk: side.deployment }, timeMs: t0 },
          ...eventMix(side.runId, 150, t0 + 1 + i, side.tag),
          { type: 'run-ended', runId: side.runId, timeMs: t0 + 10_000 },
        ] as TradingEvent[],
    );
    try {
      // Interleaved in small slices with pauses, so both pipelines and both writers work at the same time.
      for (let i = 0; i < streams[0]!.length || i < streams[1]!.length; i += 20) {
        streams.forEach((events, k) => events.slice(i, i + 20).forEach((e) => instances[k]!.record(e)));
        await sleep(5);
      }
      await Promise.all(instances.map((p) => p.flush(15_000)));
      for (const [k, side] of sides.entries()) {
        const sql = k === 0 ? env.sql : await side.db.open();
        const { keys: expected, positions } = expectedKeys(side.deployment, side.runId, streams[k]!);
        const actual = await rowKeys(sql);
        expect(actual).toEqual({ ...expected, positions: expect.any(Array) });
        expect(actual.positions).toHaveLength(positions);
        expect(actual.positions.every((p) => p.startsWith(`${side.runId}/`))).toBe(true);
        const run = (await sql.query<{ config: unknown }>('SELECT config FROM runs')).rows;
        expect(run).toEqual([{ config: { desk: side.deployment } }]);
      }
      // The Redis names carry the deployment: separate streams, groups and hot state.
      const [a, b] = sides.map((s) => redisKeys(keyPrefix, s.deployment));
      expect(a).toMatchObject({ stream: `${keyPrefix}:desk-a:events`, group: 'pg-writer:desk-a' });
      expect(b).toMatchObject({ stream: `${keyPrefix}:desk-b:events`, group: 'pg-writer:desk-b' });
      const groups = (await env.redis.call('XINFO', 'GROUPS', a!.stream)) as unknown[][];
      expect(groups.map((g) => g[1])).toEqual(['pg-writer:desk-a']);
      expect(await env.redis.hget(b!.state, 'run_id')).toBe('run-b');
      expect(instances.map((p) => p.deployment)).toEqual(['desk-a', 'desk-b']);
    } finally {
      await Promise.all(instances.map((p) => p.close()));
    }
  }, 30_000);

  it('derives a deterministic default name from the database URL (no credentials) or the data folder', () => {
    const a = resolveDeployment({ databaseUrl: 'postgres://mm:s3cret@db.example:5433/trading?ssl=1', dataDir: '/x' });
    expect(a).toMatch(/^trading-[0-9a-f]{8}$/);
    expect(a).not.toContain('s3cret');
    // Same server and database, other credentials: same deployment. Other database or host: another one.
    expect(resolveDeployment({ databaseUrl: 'postgres://other:pw@db.example:5433/trading', dataDir: '/y' })).toBe(a);
    expect(resolveDeployment({ databaseUrl: 'postgres://mm@db.example:5433/trading2', dataDir: '/x' })).not.toBe(a);
    expect(resolveDeployment({ databaseUrl: 'postgres://mm@db2.example:5433/trading', dataDir: '/x' })).not.toBe(a);
    const d = resolveDeployment({ dataDir: '/srv/Market Maker/data' });
    expect(d).toMatch(/^data-[0-9a-f]{8}$/);
    expect(resolveDeployment({ dataDir: '/srv/Market Maker/data/' })).toBe(d);
    expect(resolveDeployment({ dataDir: '/srv/other/data' })).not.toBe(d);
    expect(resolveDeployment({ deployment: 'desk-1', dataDir: '/x' })).toBe('desk-1');
    expect(() => validateDeployment('a b')).toThrow(expect.objectContaining({ code: 'BAD_CONFIG' }));
    expect(() => validateDeployment('x:y')).toThrow(expect.objectContaining({ code: 'BAD_CONFIG' }));
  });
});
