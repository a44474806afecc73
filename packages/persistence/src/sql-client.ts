import type { Pool, PoolConfig } from 'pg';

/**
 * The little SQL surface this package needs, so the same migrations, writer and report run on a PostgreSQL server
 * (pg.Pool) and on embedded PGlite. `query` runs one statement (parameters allowed); `exec` runs a multi-statement
 * script as one implicit transaction (simple query protocol on both).
 */
export interface SqlClient {
  readonly dialect: 'postgres' | 'pglite';
  query<R extends object = Record<string, unknown>>(text: string, params?: readonly unknown[]): Promise<{ rows: R[] }>;
  exec(script: string): Promise<void>;
  close(): Promise<void>;
}

/** Wraps a pg.Pool. The pool's idle-client errors are routed to `onError` (an unhandled one would crash node). */
export function pgPoolSqlClient(pool: Pool, onError?: (error: Error) => void): SqlClient {
  pool.on('error', (error) => onError?.(error));
  return {
    dialect: 'postgres',
    async query<R extends object>(text: string, params?: readonly unknown[]) {
      const result = await pool.query(text, params ? [...params] : undefined);
      return { rows: result.rows as R[] };
    },
    async exec(script: string) {
      await pool.query(script);
    },
    close: () => pool.end(),
  };
}

/** Opens a pg.Pool on `databaseUrl` with timeouts that fail fast, so an unreachable server is noticed and retried. */
export async function openPostgres(
  databaseUrl: string,
  onError?: (error: Error) => void,
  poolConfig: PoolConfig = {},
): Promise<SqlClient> {
  const { Pool } = await import('pg');
  const pool = new Pool({
    connectionString: databaseUrl,
    max: 4,
    connectionTimeoutMillis: 3000,
    idleTimeoutMillis: 10_000,
    query_timeout: 30_000,
    ...poolConfig,
  });
  return pgPoolSqlClient(pool, onError);
}

/** The part of PGlite's API used here (structural, so the ESM and CJS typings of PGlite both fit). */
export interface PgliteLike {
  query<R>(text: string, params?: unknown[]): Promise<{ rows: R[] }>;
  exec(script: string): Promise<unknown>;
  close(): Promise<void>;
}

/** Wraps a PGlite instance (one connection; PGlite queues concurrent queries itself). */
export function pgliteSqlClient(db: PgliteLike): SqlClient {
  return {
    dialect: 'pglite',
    async query<R extends object>(text: string, params?: readonly unknown[]) {
      const result = await db.query<R>(text, params ? [...params] : undefined);
      return { rows: result.rows };
    },
    async exec(script: string) {
      await db.exec(script);
    },
    close: () => db.close(),
  };
}

/** Opens embedded PostgreSQL (WASM) with its files in `dataDir`, or in memory when `dataDir` is undefined. */
export async function openPglite(dataDir?: string): Promise<SqlClient> {
  const { PGlite } = await import('@electric-sql/pglite');
  const db = new PGlite(dataDir);
  await db.waitReady;
  return pgliteSqlClient(db);
}
