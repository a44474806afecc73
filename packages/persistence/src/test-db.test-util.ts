import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Redis } from 'ioredis';
import { Client } from 'pg';
import { openPostgres, type SqlClient } from './sql-client';

export const PG_ADMIN_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
export const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

/** A throwaway database per test file, so parallel runs never see each other's rows. */
export interface TestDatabase {
  readonly name: string;
  readonly url: string;
  open(): Promise<SqlClient>;
  drop(): Promise<void>;
}

export async function createTestDatabase(): Promise<TestDatabase> {
  const name = `test_persistence_${randomBytes(6).toString('hex')}`;
  await admin(`CREATE DATABASE ${name}`);
  const url = new URL(PG_ADMIN_URL);
  url.pathname = `/${name}`;
  const clients: SqlClient[] = [];
  return {
    name,
    url: url.toString(),
    async open() {
      const client = await openPostgres(url.toString(), () => undefined);
      clients.push(client);
      return client;
    },
    async drop() {
      await Promise.all(clients.map((c) => c.close().catch(() => undefined)));
      await admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    },
  };
}

async function admin(sql: string): Promise<void> {
  const client = new Client({ connectionString: PG_ADMIN_URL });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/** A unique Redis key prefix per test. */
export function testKeyPrefix(): string {
  return `test-persistence:${randomBytes(6).toString('hex')}`;
}

/** Row counts of the event tables for one run. */
export async function countRows(sql: SqlClient, runId: string): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const [table, type] of [
    ['orders', 'order'],
    ['executions', 'execution'],
    ['fills', 'fill'],
    ['positions', 'position'],
    ['reference_prices', 'reference-price'],
  ] as const) {
    const n = (await sql.query<{ n: string }>(`SELECT count(*) AS n FROM ${table} WHERE run_id = $1`, [runId])).rows[0]!
      .n;
    if (Number(n) > 0) out[type] = Number(n);
  }
  return out;
}

/** What a Redis + PostgreSQL test file shares: its database, a client on it, a Redis client and a data folder. */
export interface StreamTestEnvironment {
  readonly db: TestDatabase;
  readonly sql: SqlClient;
  readonly redis: Redis;
  readonly dataDir: string;
  /** A fresh key prefix, whose keys are deleted after the file's tests. */
  prefix(): string;
}

/**
 * Registers the beforeAll/afterAll hooks of a test file that runs against the real PostgreSQL and Redis, and returns
 * the environment they set up (read its fields inside tests, once beforeAll has run).
 */
export function useStreamTestEnvironment(dataDirPrefix: string): StreamTestEnvironment {
  let db: TestDatabase | undefined;
  let sql: SqlClient | undefined;
  let redis: Redis | undefined;
  let dataDir: string | undefined;
  const prefixes: string[] = [];
  const ready = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error('the test environment is read before beforeAll has run');
    return value;
  };

  beforeAll(async () => {
    db = await createTestDatabase();
    sql = await db.open();
    redis = new Redis(REDIS_URL);
    dataDir = await mkdtemp(path.join(tmpdir(), dataDirPrefix));
  });
  afterAll(async () => {
    if (redis) {
      for (const p of prefixes) {
        const keys = await redis.keys(`${p}:*`);
        if (keys.length > 0) await redis.del(...keys);
      }
      redis.disconnect();
    }
    await db?.drop();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  return {
    get db() {
      return ready(db);
    },
    get sql() {
      return ready(sql);
    },
    get redis() {
      return ready(redis);
    },
    get dataDir() {
      return ready(dataDir);
    },
    prefix() {
      const p = testKeyPrefix();
      prefixes.push(p);
      return p;
    },
  };
}
