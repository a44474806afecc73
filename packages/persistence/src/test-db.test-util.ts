import { randomBytes } from 'node:crypto';
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
