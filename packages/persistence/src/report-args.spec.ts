import path from 'node:path';
import { PersistenceError } from './persistence-error';
import { parseReportArgs, REPORT_USAGE } from './report-args';

describe('report CLI arguments', () => {
  it('defaults to the latest run as a text table from ./data', () => {
    expect(parseReportArgs([])).toEqual({
      help: false,
      command: 'run',
      run: 'latest',
      limit: 100,
      format: 'text',
      deployment: undefined,
      dataDir: path.resolve('./data'),
      databaseUrl: undefined,
    });
  });

  it('reads --list, --limit, --run, --json, --csv, --deployment, --data-dir, --database-url and the environment', () => {
    expect(parseReportArgs(['--list', '--limit', '5', '--csv'])).toMatchObject({
      command: 'list',
      limit: 5,
      format: 'csv',
    });
    expect(parseReportArgs(['--run=abc', '--json', '--deployment', 'desk'])).toMatchObject({
      command: 'run',
      run: 'abc',
      format: 'json',
      deployment: 'desk',
    });
    expect(parseReportArgs([], { MM_DATA_DIR: '/srv/mm', DATABASE_URL: 'postgres://h/db' })).toMatchObject({
      dataDir: '/srv/mm',
      databaseUrl: 'postgres://h/db',
    });
    expect(
      parseReportArgs(['--data-dir', '/x', '--database-url', 'postgres://a/b'], { DATABASE_URL: 'x' }),
    ).toMatchObject({ dataDir: '/x', databaseUrl: 'postgres://a/b' });
    expect(parseReportArgs(['--help']).help).toBe(true);
  });

  it.each([
    [['--bogus'], /unknown flag --bogus/],
    [['latest'], /unexpected argument latest/],
    [['--run'], /--run needs a value/],
    [['--run', ''], /--run needs a run id/],
    [['--list', '--run', 'x'], /exclude each other/],
    [['--json', '--csv'], /exclude each other/],
    [['--list', 'yes'], /--list takes no value/],
    [['--list', '--limit', '0'], /--limit must be an integer >= 1/],
    [['--list', '--limit', '2.5'], /--limit must be an integer >= 1/],
    [['--limit', '3'], /--limit goes with --list/],
  ])('rejects %j with a usage error', (argv, message) => {
    let error: unknown;
    try {
      parseReportArgs(argv);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(PersistenceError);
    expect(error).toMatchObject({ code: 'BAD_CONFIG' });
    expect((error as Error).message).toMatch(message);
  });

  it('documents every flag in the usage text', () => {
    for (const flag of ['--list', '--limit', '--run', '--json', '--csv', '--deployment', '--data-dir', '--help']) {
      expect(REPORT_USAGE).toContain(flag);
    }
    expect(REPORT_USAGE).toContain('--database-url');
  });
});
