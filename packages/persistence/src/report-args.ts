import path from 'node:path';
import { parseFlags, stringFlag } from './cli-flags';
import { PersistenceError } from './persistence-error';

export const REPORT_USAGE = `usage: npm run report -- [--list [--limit <n>] | --run <id|latest>] [--json | --csv]
                         [--deployment <name>] [--data-dir <dir>] [--database-url <url>]

  --list              the runs, newest first: start, end, mode, orders, fills, final position and PnL
  --limit <n>         at most n runs in --list (default 100)
  --run <id|latest>   one run's report: orders, rejects by reason, fills, fill rate, spread capture, PnL
                      (the default is --run latest)
  --json              machine-readable JSON instead of the text table
  --csv               CSV (RFC 4180) instead of the text table
  --deployment <name> only runs of this deployment
  --data-dir <dir>    the market maker's data folder with its embedded database (default ./data, MM_DATA_DIR)
  --database-url <u>  read PostgreSQL instead (default DATABASE_URL)
  --help              this text

The figures are defined in docs/FIGURES.md. Exit codes: 0 done; 1 the database could not be read or the run does
not exist; 2 bad arguments, or the data folder is in use by a running market maker.
`;

export interface ReportArgs {
  readonly help: boolean;
  readonly command: 'list' | 'run';
  /** A run id or 'latest' (command 'run'). */
  readonly run: string;
  readonly limit: number;
  readonly format: 'text' | 'json' | 'csv';
  readonly deployment: string | undefined;
  readonly dataDir: string;
  readonly databaseUrl: string | undefined;
}

const FLAGS = ['run', 'list', 'limit', 'json', 'csv', 'deployment', 'data-dir', 'database-url', 'help'] as const;

/** The report CLI's arguments; throws a BAD_CONFIG PersistenceError (exit 2) on anything it does not understand. */
export function parseReportArgs(
  argv: readonly string[],
  env: Readonly<Record<string, string | undefined>> = {},
): ReportArgs {
  const flags = parseFlags(argv, FLAGS);
  for (const name of ['list', 'json', 'csv', 'help'] as const) {
    if (flags[name] !== undefined && flags[name] !== true) {
      throw new PersistenceError('BAD_CONFIG', `--${name} takes no value (got "${flags[name]}")`);
    }
  }
  if (flags.json && flags.csv) throw new PersistenceError('BAD_CONFIG', '--json and --csv exclude each other');
  if (flags.list && flags.run !== undefined) {
    throw new PersistenceError('BAD_CONFIG', '--list and --run exclude each other');
  }
  const run = stringFlag(flags, 'run') ?? 'latest';
  if (run.trim() === '') throw new PersistenceError('BAD_CONFIG', '--run needs a run id or "latest"');
  const limitText = stringFlag(flags, 'limit');
  if (limitText !== undefined && !flags.list) throw new PersistenceError('BAD_CONFIG', '--limit goes with --list');
  const limit = limitText === undefined ? 100 : Number(limitText);
  if (!Number.isInteger(limit) || limit < 1) {
    throw new PersistenceError('BAD_CONFIG', `--limit must be an integer >= 1, got "${limitText}"`);
  }
  return {
    help: flags.help === true,
    command: flags.list ? 'list' : 'run',
    run,
    limit,
    format: flags.json ? 'json' : flags.csv ? 'csv' : 'text',
    deployment: stringFlag(flags, 'deployment'),
    dataDir: path.resolve(stringFlag(flags, 'data-dir') ?? nonEmpty(env.MM_DATA_DIR) ?? './data'),
    databaseUrl: stringFlag(flags, 'database-url') ?? nonEmpty(env.DATABASE_URL),
  };
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value === '' ? undefined : value;
}
