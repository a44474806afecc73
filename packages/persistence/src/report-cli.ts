#!/usr/bin/env node
// npm run report -- [--list | --run <id|latest>] [--json | --csv] [--deployment <name>] [--data-dir ./data]
//   [--database-url postgres://…]
import path from 'node:path';
import { parseFlags, stringFlag } from './cli-flags';
import { acquireDataDirLock, type DataDirLock } from './data-dir-lock';
import { applyMigrations } from './migrations';
import { DataDirLockedError, PersistenceError } from './persistence-error';
import { runListCsv, runReportCsv } from './report-csv';
import { formatRunList, loadRunList } from './run-list';
import { formatRunReport, loadRunReport } from './run-report';
import { openPglite, openPostgres, type SqlClient } from './sql-client';

const USAGE =
  'usage: report [--list [--limit <n>] | --run <id|latest>] [--json | --csv] [--deployment <name>]\n' +
  '              [--data-dir <dir>] [--database-url <url>]\n';

async function main(): Promise<number> {
  let flags: Record<string, string | true>;
  try {
    flags = parseFlags(process.argv.slice(2), [
      'run',
      'list',
      'limit',
      'json',
      'csv',
      'deployment',
      'data-dir',
      'database-url',
      'help',
    ]);
    if (flags.json && flags.csv) throw new PersistenceError('BAD_CONFIG', '--json and --csv exclude each other');
    if (flags.list && flags.run) throw new PersistenceError('BAD_CONFIG', '--list and --run exclude each other');
    if (flags.list !== undefined && flags.list !== true)
      throw new PersistenceError('BAD_CONFIG', '--list takes no value');
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
  const deployment = stringFlag(flags, 'deployment');
  let sql: SqlClient | undefined;
  let lock: DataDirLock | undefined;
  try {
    if (databaseUrl) {
      sql = await openPostgres(databaseUrl);
    } else {
      // PGlite is single-process: a running market maker on this folder makes the report fail cleanly, not corrupt.
      lock = await acquireDataDirLock(dataDir);
      sql = await openPglite(path.join(dataDir, 'pglite'));
    }
    // A fresh data folder then reports "no runs" instead of a missing-table error.
    await applyMigrations(sql);
    if (flags.list) {
      const limit = Number(stringFlag(flags, 'limit') ?? 100);
      if (!Number.isInteger(limit) || limit < 1) throw new PersistenceError('BAD_CONFIG', '--limit must be >= 1');
      const runs = await loadRunList(sql, { deployment, limit });
      const text = flags.json ? JSON.stringify(runs, null, 2) : flags.csv ? runListCsv(runs) : formatRunList(runs);
      process.stdout.write(`${text}\n`);
      return 0;
    }
    const report = await loadRunReport(sql, stringFlag(flags, 'run') ?? 'latest', { deployment });
    const text = flags.json
      ? JSON.stringify(report, null, 2)
      : flags.csv
        ? runReportCsv(report)
        : formatRunReport(report);
    process.stdout.write(`${text}\n`);
    return 0;
  } catch (error) {
    // Only our own message: a driver error could quote the connection string.
    const message = error instanceof PersistenceError ? error.message : 'cannot read the database';
    process.stderr.write(`report: ${message}\n`);
    return error instanceof DataDirLockedError ? 2 : 1;
  } finally {
    await sql?.close().catch(() => undefined);
    await lock?.release().catch(() => undefined);
  }
}

void main().then((code) => {
  process.exitCode = code;
});
