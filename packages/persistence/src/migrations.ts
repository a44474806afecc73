import { PersistenceError } from './persistence-error';
import type { SqlClient } from './sql-client';

export interface Migration {
  readonly version: number;
  readonly name: string;
  /** DDL written to be re-runnable (IF NOT EXISTS), so two processes migrating at once cannot fail each other. */
  readonly sql: string;
}

// NUMERIC without a fixed scale keeps whatever the venue sent, exactly (NUMERIC(20,8) would round 9+ decimals).
export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'initial schema',
    sql: `
CREATE TABLE IF NOT EXISTS runs (
  run_id      TEXT PRIMARY KEY,
  mode        TEXT,
  started_at  TIMESTAMPTZ,
  ended_at    TIMESTAMPTZ,
  config      JSONB NOT NULL DEFAULT '{}'::jsonb
);
CREATE INDEX IF NOT EXISTS runs_started_at_idx ON runs (started_at);

CREATE TABLE IF NOT EXISTS reference_prices (
  id          BIGSERIAL PRIMARY KEY,
  run_id      TEXT NOT NULL,
  source      TEXT NOT NULL,
  seq         BIGINT NOT NULL,
  product     TEXT NOT NULL,
  bid_price   NUMERIC NOT NULL,
  ask_price   NUMERIC NOT NULL,
  mid         NUMERIC NOT NULL,
  fair_value  NUMERIC,
  time        TIMESTAMPTZ NOT NULL,
  UNIQUE (run_id, source, seq)
);
CREATE INDEX IF NOT EXISTS reference_prices_run_time_idx ON reference_prices (run_id, time);
CREATE INDEX IF NOT EXISTS reference_prices_time_idx ON reference_prices (time);

CREATE TABLE IF NOT EXISTS orders (
  run_id          TEXT NOT NULL,
  cl_ord_id       TEXT NOT NULL,
  orig_cl_ord_id  TEXT,
  order_id        TEXT,
  side            TEXT NOT NULL CHECK (side IN ('buy', 'sell')),
  symbol          TEXT NOT NULL,
  price           NUMERIC NOT NULL,
  quantity        NUMERIC NOT NULL,
  cum_qty         NUMERIC NOT NULL,
  leaves_qty      NUMERIC NOT NULL,
  state           TEXT NOT NULL,
  reject_reason   TEXT,
  created_at      TIMESTAMPTZ NOT NULL,
  updated_at      TIMESTAMPTZ NOT NULL,
  event_seq       BIGINT NOT NULL,
  PRIMARY KEY (run_id, cl_ord_id)
);
CREATE INDEX IF NOT EXISTS orders_cl_ord_id_idx ON orders (cl_ord_id);
CREATE INDEX IF NOT EXISTS orders_run_updated_idx ON orders (run_id, updated_at);
CREATE INDEX IF NOT EXISTS orders_order_id_idx ON orders (order_id);

CREATE TABLE IF NOT EXISTS executions (
  id              BIGSERIAL PRIMARY KEY,
  run_id          TEXT NOT NULL,
  exec_id         TEXT NOT NULL,
  cl_ord_id       TEXT,
  order_id        TEXT NOT NULL,
  exec_type       TEXT NOT NULL,
  ord_status      TEXT NOT NULL,
  side            TEXT NOT NULL CHECK (side IN ('buy', 'sell')),
  price           NUMERIC,
  last_qty        NUMERIC,
  last_px         NUMERIC,
  cum_qty         NUMERIC NOT NULL,
  leaves_qty      NUMERIC NOT NULL,
  text            TEXT,
  transact_time   TEXT,
  raw_fix         TEXT NOT NULL,
  time            TIMESTAMPTZ NOT NULL,
  UNIQUE (run_id, exec_id)
);
CREATE INDEX IF NOT EXISTS executions_cl_ord_id_idx ON executions (cl_ord_id);
CREATE INDEX IF NOT EXISTS executions_run_time_idx ON executions (run_id, time);

CREATE TABLE IF NOT EXISTS fills (
  id          BIGSERIAL PRIMARY KEY,
  run_id      TEXT NOT NULL,
  exec_id     TEXT NOT NULL,
  cl_ord_id   TEXT NOT NULL,
  order_id    TEXT NOT NULL,
  side        TEXT NOT NULL CHECK (side IN ('buy', 'sell')),
  quantity    NUMERIC NOT NULL,
  price       NUMERIC NOT NULL,
  fee         NUMERIC NOT NULL,
  liquidity   TEXT,
  time        TIMESTAMPTZ NOT NULL,
  UNIQUE (run_id, exec_id)
);
CREATE INDEX IF NOT EXISTS fills_cl_ord_id_idx ON fills (cl_ord_id);
CREATE INDEX IF NOT EXISTS fills_run_time_idx ON fills (run_id, time);

CREATE TABLE IF NOT EXISTS positions (
  id                   BIGSERIAL PRIMARY KEY,
  run_id               TEXT NOT NULL,
  source               TEXT NOT NULL,
  seq                  BIGINT NOT NULL,
  base                 NUMERIC NOT NULL,
  quote                NUMERIC NOT NULL,
  average_entry_price  NUMERIC,
  realized_pnl         NUMERIC NOT NULL,
  unrealized_pnl       NUMERIC NOT NULL,
  fair_value           NUMERIC,
  time                 TIMESTAMPTZ NOT NULL,
  UNIQUE (run_id, source, seq)
);
CREATE INDEX IF NOT EXISTS positions_run_time_idx ON positions (run_id, time);
`,
  },
  {
    version: 2,
    name: 'deployments, fills unique per deployment, position fees and net PnL, trading halts',
    // Existing rows: runs and fills get no deployment (NULL). NULLs never collide in a unique index, so fills from
    // before this migration keep their per-run uniqueness (UNIQUE (run_id, exec_id) stays) and nothing is rejected
    // for ids a seeded simulator repeated across runs. Position snapshots get the fees of their run's fills up to the
    // snapshot (what the ledger had paid then) and net PnL = realized + unrealized − fees.
    sql: `
ALTER TABLE runs ADD COLUMN IF NOT EXISTS deployment TEXT;
CREATE INDEX IF NOT EXISTS runs_deployment_started_at_idx ON runs (deployment, started_at);

ALTER TABLE fills ADD COLUMN IF NOT EXISTS deployment TEXT;
ALTER TABLE fills ADD COLUMN IF NOT EXISTS source TEXT;
ALTER TABLE fills ADD COLUMN IF NOT EXISTS seq BIGINT;
CREATE UNIQUE INDEX IF NOT EXISTS fills_deployment_exec_id_key ON fills (deployment, exec_id);

ALTER TABLE positions ADD COLUMN IF NOT EXISTS fees NUMERIC;
ALTER TABLE positions ADD COLUMN IF NOT EXISTS fees_by_currency JSONB;
ALTER TABLE positions ADD COLUMN IF NOT EXISTS net_pnl NUMERIC;
UPDATE positions p SET fees = COALESCE(
    (SELECT sum(f.fee) FROM fills f WHERE f.run_id = p.run_id AND f.time <= p.time), 0)
  WHERE p.fees IS NULL;
UPDATE positions SET net_pnl = realized_pnl + unrealized_pnl - fees WHERE net_pnl IS NULL;

CREATE TABLE IF NOT EXISTS trading_halts (
  id          BIGSERIAL PRIMARY KEY,
  deployment  TEXT NOT NULL,
  reason      TEXT NOT NULL,
  run_id      TEXT,
  halted_at   TIMESTAMPTZ NOT NULL,
  cleared_at  TIMESTAMPTZ,
  cleared_by  TEXT
);
CREATE INDEX IF NOT EXISTS trading_halts_active_idx ON trading_halts (deployment) WHERE cleared_at IS NULL;
`,
  },
  {
    version: 3,
    name: 'orders keep the fair value they were quoted against',
    // Spread capture's quoted edge needs the fair value at the moment the order was sent; before this migration the
    // report took the latest stored (sampled) reference price instead, which it still does for older rows (NULL).
    sql: `
ALTER TABLE orders ADD COLUMN IF NOT EXISTS quoted_fair_value NUMERIC;
`,
  },
];

const MIGRATION_LOCK_ID = 727_246_353;

/**
 * Applies every migration not yet recorded in `schema_migrations`, in version order, each in one transaction under
 * an advisory lock. Running it again (or from several processes at once) changes nothing. Returns the versions
 * applied by this call.
 */
export async function applyMigrations(
  client: SqlClient,
  migrations: readonly Migration[] = MIGRATIONS,
): Promise<number[]> {
  try {
    await client.exec(`SELECT pg_advisory_xact_lock(${MIGRATION_LOCK_ID});
CREATE TABLE IF NOT EXISTS schema_migrations (
  version     INTEGER PRIMARY KEY,
  name        TEXT NOT NULL,
  applied_at  TIMESTAMPTZ NOT NULL DEFAULT now()
);`);
    const applied = new Set(
      (await client.query<{ version: number }>('SELECT version FROM schema_migrations')).rows.map((r) => r.version),
    );
    const done: number[] = [];
    for (const m of [...migrations].sort((a, b) => a.version - b.version)) {
      if (applied.has(m.version)) continue;
      // Name is ours (not user input); quote-doubling keeps the literal valid anyway.
      const name = m.name.replace(/'/g, "''");
      await client.exec(`SELECT pg_advisory_xact_lock(${MIGRATION_LOCK_ID});
${m.sql}
INSERT INTO schema_migrations (version, name) VALUES (${m.version}, '${name}') ON CONFLICT (version) DO NOTHING;`);
      done.push(m.version);
    }
    return done;
  } catch (error) {
    throw new PersistenceError('MIGRATION_FAILED', `schema migration failed: ${(error as Error).message}`, {
      cause: error,
    });
  }
}
