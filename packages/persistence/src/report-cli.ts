#!/usr/bin/env node
// npm run report -- --run <id|latest> [--json] [--data-dir ./data] [--database-url postgres://…]
import path from 'node:path';
import { parseFlags, stringFlag } from './cli-flags';
import { applyMigrations } from './migrations';
import { PersistenceError } from './persistence-error';
import { formatRunReport, loadRunReport } from './run-report';
import { openPglite, openPostgres, type SqlClient } from './sql-client';

const USAGE = 'usage: report [--run <id|latest>] [--json] [--data-dir <dir>] [--database-url <url>]\n';

async function main(): Promise<number> {
  let flags: Record<string, string | true>;
  try {
    flags = parseFlags(process.argv.slice(2), ['run', 'json', 'data-dir', 'database-url', 'help']);
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n${USAGE}`);
    return 2;
  }
  if (flags.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  const databaseUrl = stringFlag(flags, 'database-url') ?? process.env.DATABASE_URL;
  const dataDir = path.resolve(stringFlag(flags, 'data-dir') ?? './data');
  let sql: SqlClient | undefined;
  try {
    sql = databaseUrl ? await openPostgres(databaseUrl) : await openPglite(path.join(dataDir, 'pglite'));
    // A fresh data folder then reports "no runs" instead of a missing-table error.
    await applyMigrations(sql);
    const report = await loadRunReport(sql, stringFlag(flags, 'run') ?? 'latest');
    process.stdout.write(flags.json ? `${JSON.stringify(report, null, 2)}\n` : `${formatRunReport(report)}\n`);
    return 0;
  } catch (error) {
    // Only our own message: a driver error could quote the connection string.
    const message = error instanceof PersistenceError ? error.message : 'cannot read the database';
    process.stderr.write(`report: ${message}\n`);
    return 1;
  } finally {
    await sql?.close().catch(() => undefined);
  }
}

void main().then((code) => {
  process.exitCode = code;
});
