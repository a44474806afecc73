import { applyMigrations } from './migrations';
import type { SqlClient } from './sql-client';

/**
 * Applies the migrations once per connection, on first use: a database that is down at start is migrated when it
 * comes back (a failed attempt is retried by the next caller).
 */
export function schemaGate(sql: SqlClient): () => Promise<void> {
  let ready: Promise<void> | undefined;
  return () => {
    ready ??= applyMigrations(sql).then(
      () => undefined,
      (error: unknown) => {
        ready = undefined;
        throw error;
      },
    );
    return ready;
  };
}
