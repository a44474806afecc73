import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createPersistence, type Persistence } from './persistence';
import { expectMigrationsIdempotent, expectSchema } from './schema-assertions.test-util';
import { openPglite, type SqlClient } from './sql-client';
import { countByType, eventMix } from './trading-events.test-util';

// Embedded default: no databaseUrl, no redisUrl → PGlite in <dataDir>/pglite, memory → PGlite directly.
describe('embedded mode (PGlite, no Redis)', () => {
  let dataDir: string;
  let sql: SqlClient | undefined;
  let listedWhileOpen: Awaited<ReturnType<Persistence['runHistory']['list']>> = [];
  let reportWhileOpen: Awaited<ReturnType<Persistence['runHistory']['report']>> | undefined;
  let unknownRunError: unknown;
  const runId = 'embedded-run';
  const t0 = Date.UTC(2026, 0, 3);
  const events = eventMix(runId, 30, t0 + 10);

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'persistence-embedded-'));
    const persistence = await createPersistence({ dataDir });
    persistence.record({
      type: 'run-started',
      runId,
      mode: 'paper',
      config: { symbol: 'BTC-PYUSD', apiSecret: 'do-not-store', fix: { password: 'nope' } },
      timeMs: t0,
    });
    for (const e of events) persistence.record(e);
    persistence.record({ type: 'run-ended', runId, timeMs: t0 + 1000 });
    await persistence.flush();
    expect(persistence.runId).toBe(runId);
    expect(persistence.metrics()).toMatchObject({ eventsRecorded: events.length + 2, eventsQueued: 0 });
    // Past runs are readable while this process holds the embedded database (the dashboard's run history).
    listedWhileOpen = await persistence.runHistory.list();
    reportWhileOpen = await persistence.runHistory.report('latest');
    unknownRunError = await persistence.runHistory.report('no-such-run').catch((error: unknown) => error);
    await persistence.close();
    // The data survives the process: reopen the same folder.
    sql = await openPglite(path.join(dataDir, 'pglite'));
  }, 30_000);

  afterAll(async () => {
    await sql?.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('lists and reports past runs through the open instance, read-only', () => {
    const expected = countByType(events);
    expect(listedWhileOpen.map((r) => r.runId)).toEqual([runId]);
    expect(listedWhileOpen[0]).toMatchObject({ mode: 'paper', orders: expected.order, fills: expected.fill });
    expect(reportWhileOpen?.run.runId).toBe(runId);
    expect(unknownRunError).toMatchObject({ code: 'RUN_NOT_FOUND' });
  });

  it('passes the same schema checks as PostgreSQL', async () => {
    await expectSchema(sql!);
  });

  it('running the migrations again is a no-op', async () => {
    await expectMigrationsIdempotent(sql!);
  });

  it('kept every event in the data folder, once, with secrets stripped from the run config', async () => {
    const expected = countByType(events);
    const count = async (table: string): Promise<number> =>
      Number((await sql!.query<{ n: string }>(`SELECT count(*) AS n FROM ${table}`)).rows[0]!.n);
    expect(await count('orders')).toBe(expected.order);
    expect(await count('executions')).toBe(expected.execution);
    expect(await count('fills')).toBe(expected.fill);
    expect(await count('positions')).toBe(expected.position);
    const run = (await sql!.query<{ config: unknown; ended_at: Date }>('SELECT config, ended_at FROM runs')).rows;
    expect(run).toHaveLength(1);
    expect(run[0]!.config).toEqual({ symbol: 'BTC-PYUSD', fix: {} });
    expect(run[0]!.ended_at.getTime()).toBe(t0 + 1000);
  });
});
