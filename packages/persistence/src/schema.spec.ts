import { applyMigrations, MIGRATIONS } from './migrations';
import { expectMigrationsIdempotent, expectSchema } from './schema-assertions.test-util';
import { createTestDatabase, type TestDatabase } from './test-db.test-util';
import type { SqlClient } from './sql-client';

describe('schema on PostgreSQL', () => {
  let db: TestDatabase;
  let sql: SqlClient;

  beforeAll(async () => {
    db = await createTestDatabase();
    sql = await db.open();
  });
  afterAll(async () => {
    await db.drop();
  });

  it('the first migration run applies every version', async () => {
    expect(await applyMigrations(sql)).toEqual(MIGRATIONS.map((m) => m.version));
  });

  it('has the tables, NUMERIC money columns and the indexes for by-run, by-time and by-ClOrdID queries', async () => {
    await expectSchema(sql);
  });

  it('running the migrations twice is a no-op', async () => {
    await expectMigrationsIdempotent(sql);
  });

  it('two processes migrating at once both succeed', async () => {
    const other = await createTestDatabase();
    try {
      const [a, b] = [await other.open(), await other.open()];
      await Promise.all([applyMigrations(a), applyMigrations(b)]);
      await expectSchema(a);
      const n = (await a.query<{ n: string }>('SELECT count(*) AS n FROM schema_migrations')).rows[0]!.n;
      expect(Number(n)).toBe(MIGRATIONS.length);
    } finally {
      await other.drop();
    }
  });
});
