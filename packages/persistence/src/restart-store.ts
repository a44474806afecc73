import { PersistenceError } from './persistence-error';
import { loadLastRunState, type LastRunState, type LastRunStateOptions } from './restart-state';
import type { SqlClient } from './sql-client';
import {
  clearTradingHalt,
  loadTradingHalt,
  saveTradingHalt,
  type TradingHalt,
  type TradingHaltClear,
} from './trading-halt';

/**
 * The synchronous side of persistence: what a restarting market maker reads (previous run's state, the halt) and
 * the halt it writes. Queries go straight to the database, never through the event pipeline. Driver errors are
 * replaced by `DATABASE_UNAVAILABLE` (a driver message could quote the connection string).
 */
export class RestartStore {
  constructor(
    readonly deployment: string,
    /** The database, opened on first use; undefined when this process has none. */
    private readonly database: () => Promise<SqlClient | undefined>,
    private readonly ensureSchema: (sql: SqlClient) => Promise<void>,
  ) {}

  lastRunState(options?: LastRunStateOptions): Promise<LastRunState> {
    return this.run('read the previous run', (sql) => loadLastRunState(sql, this.deployment, options));
  }

  saveTradingHalt(halt: TradingHalt): Promise<void> {
    return this.run('store the trading halt', (sql) => saveTradingHalt(sql, this.deployment, halt));
  }

  loadTradingHalt(): Promise<TradingHalt | undefined> {
    return this.run('read the trading halt', (sql) => loadTradingHalt(sql, this.deployment));
  }

  async clearTradingHalt(clear: TradingHaltClear): Promise<boolean> {
    return (await this.run('clear the trading halt', (sql) => clearTradingHalt(sql, this.deployment, clear))) > 0;
  }

  private async run<T>(what: string, work: (sql: SqlClient) => Promise<T>): Promise<T> {
    const sql = await this.database();
    if (!sql) {
      throw new PersistenceError(
        'BAD_CONFIG',
        `cannot ${what}: this process has no database (a producer without its own writer needs databaseUrl)`,
      );
    }
    try {
      await this.ensureSchema(sql);
      return await work(sql);
    } catch (error) {
      if (error instanceof PersistenceError) throw error;
      throw new PersistenceError('DATABASE_UNAVAILABLE', `cannot ${what}: the database did not answer`, {
        cause: error,
      });
    }
  }
}
