#!/usr/bin/env node
// npm run report -- [--list [--limit <n>] | --run <id|latest>] [--json | --csv] [--deployment <name>]
//   [--data-dir ./data] [--database-url postgres://…]
import path from 'node:path';
import { acquireDataDirLock, type DataDirLock } from './data-dir-lock';
import { applyMigrations } from './migrations';
import { DataDirLockedError, PersistenceError } from './persistence-error';
import { parseReportArgs, REPORT_USAGE, type ReportArgs } from './report-args';
import { runListCsv, runReportCsv } from './report-csv';
import { formatRunList, loadRunList } from './run-list';
import { formatRunReport, loadRunReport } from './run-report';
import { openPglite, openPostgres, type SqlClient } from './sql-client';

async function main(argv: readonly string[]): Promise<number> {
  let args: ReportArgs;
  try {
    args = parseReportArgs(argv, process.env);
  } catch (error) {
    process.stderr.write(`report: ${(error as Error).message}\n\n${REPORT_USAGE}`);
    return 2;
  }
  if (args.help) {
    process.stdout.write(REPORT_USAGE);
    return 0;
  }
  let sql: SqlClient | undefined;
  let lock: DataDirLock | undefined;
  try {
    if (args.databaseUrl) {
      sql = await openPostgres(args.databaseUrl);
    } else {
      // PGlite is single-process: a running market maker on this folder makes the report fail cleanly, not corrupt.
      lock = await acquireDataDirLock(args.dataDir);
      sql = await openPglite(path.join(args.dataDir, 'pglite'));
    }
    // A fresh data folder then reports "no runs" instead of a missing-table error.
    await applyMigrations(sql);
    let text: string;
    if (args.command === 'list') {
      const runs = await loadRunList(sql, { deployment: args.deployment, limit: args.limit });
      text =
        args.format === 'json'
          ? JSON.stringify(runs, null, 2)
          : args.format === 'csv'
            ? runListCsv(runs)
            : formatRunList(runs);
    } else {
      const report = await loadRunReport(sql, args.run, { deployment: args.deployment });
      text =
        args.format === 'json'
          ? JSON.stringify(report, null, 2)
          : args.format === 'csv'
            ? runReportCsv(report)
            : formatRunReport(report);
    }
    process.stdout.write(`${text}\n`);
    return 0;
  } catch (error) {
    // Only our own message: a driver error could quote the connection string.
    const message = error instanceof PersistenceError ? error.message : 'cannot read the database';
    process.stderr.write(`report: ${message}\n`);
    if (error instanceof DataDirLockedError) {
      process.stderr.write('report: stop the market maker using this data folder, or pass --database-url\n');
      return 2;
    }
    return 1;
  } finally {
    await sql?.close().catch(() => undefined);
    await lock?.release().catch(() => undefined);
  }
}

void main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
