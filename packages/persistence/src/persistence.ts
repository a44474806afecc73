import path from 'node:path';
import type { Redis } from 'ioredis';
import pino, { type Logger } from 'pino';
import { systemClock, type Clock } from '@truex-mm/clock';
import { acquireDataDirLock, type DataDirLock } from './data-dir-lock';
import { resolveDeployment } from './deployment';
import { DatabaseDestination, RedisStreamDestination, type EventDestination } from './event-destination';
import { EventPipeline, type CloseReport, type FlushReport } from './event-pipeline';
import type { HotState } from './hot-state';
import { connectRedis, openRedis } from './redis-connection';
import { DEFAULT_KEY_PREFIX, redisKeys } from './redis-keys';
import { PersistenceError } from './persistence-error';
import type { LastRunState, LastRunStateOptions } from './restart-state';
import { RestartStore } from './restart-store';
import { loadRunList, type RunListEntry } from './run-list';
import { loadRunReport, type RunReport } from './run-report';
import { schemaGate } from './schema-gate';
import { SpillFile } from './spill-file';
import { adoptLegacySpill, spillFilePath } from './spill-location';
import { openPglite, openPostgres, type SqlClient } from './sql-client';
import type { StorageHealth, StorageHealthListener } from './storage-health';
import { StreamBacklog } from './stream-backlog';
import { StreamWriter } from './stream-writer';
import type { TradingHalt, TradingHaltClear } from './trading-halt';
import type { EventSink } from './trading-event';

/** Default cap on the spill file: 1 GiB. */
export const DEFAULT_SPILL_MAX_BYTES = 1024 * 1024 * 1024;

export interface PersistenceOptions {
  /** PostgreSQL server; unset → embedded PGlite in `<dataDir>/pglite` (locked: one process per folder). */
  databaseUrl?: string;
  /** Redis; unset → no Redis tier (memory → PostgreSQL directly, same batching and spill). */
  redisUrl?: string;
  /** Embedded database and spill file live here. Default `./data` (relative to cwd). */
  dataDir?: string;
  /**
   * Names this market maker's deployment (apps pass `MM_DEPLOYMENT`): part of every Redis key and of the writers'
   * consumer group, stamped on runs and fills. Default derived from `databaseUrl`, else from `dataDir` (see
   * {@link resolveDeployment}). Must match `[A-Za-z0-9][A-Za-z0-9._-]{0,63}`.
   */
  deployment?: string;
  /** Run a stream writer in this process (Redis tier only). Default true. */
  runWriter?: boolean;
  logger?: Logger;
  clock?: Clock;
  /** Redis key prefix (see README). Default `truex-mm`. */
  keyPrefix?: string;
  /** Events held in memory before spilling to disk while the next tier is down. Default 100000. */
  queueCapacity?: number;
  /** Events held beyond `queueCapacity` while the spill file cannot take them; newer events are then dropped (and
   *  counted in `eventsDropped`). Default `queueCapacity`. */
  overflowCapacity?: number;
  /** Events per hand-off (one stream entry or one INSERT). Default 500. */
  maxBatch?: number;
  /** Longest an event waits in memory before it is handed to the next tier; a full batch (`maxBatch`) goes at
   *  once. Coalescing events into fewer, larger hand-offs is what keeps the trading loop's cost per event low: each
   *  Redis command costs far more than the bytes it carries. Default 10. */
  handoffIntervalMs?: number;
  /** Minimum time between stored reference prices per product. Default 250. */
  referencePriceMinIntervalMs?: number;
  /** Pause between hand-off attempts while the next tier is down. Default 250. */
  retryDelayMs?: number;
  /** Spill file; default `<dataDir>/spill/events-<deployment>.jsonl` (`events-<keyPrefix>-<deployment>.jsonl` with a
   *  non-default prefix). */
  spillFile?: string;
  /** Cap on the spill file's size on disk; beyond it the spill fails (`SPILL_FULL`) and storage is not durable.
   *  Default 1 GiB. */
  spillMaxBytes?: number;
  /** How long close() tries to flush before spilling what is left to disk. Default 5000. */
  closeTimeoutMs?: number;
  /** Options of the in-process stream writer. */
  writer?: { consumer?: string; claimIdleMs?: number; entriesPerRead?: number };
}

export interface Persistence extends EventSink {
  readonly runId?: string;
  /** The deployment name in use (explicit or derived). */
  readonly deployment: string;
  /** Resolves when every event recorded so far is stored (in PostgreSQL when this process runs the writer or has
   *  no Redis tier; in the stream otherwise), with the count of events that never will be. Rejects with
   *  `FlushTimeoutError` (`FLUSH_TIMEOUT`, `eventsPending`) after `timeoutMs` (default 10000). */
  flush(timeoutMs?: number): Promise<FlushReport>;
  /** Flushes (bounded), spills whatever could not be delivered, stops the writer, closes connections and releases
   *  the data folder. Resolves with what was not stored: exit non-zero when `eventsNotStored` > 0. */
  close(): Promise<CloseReport>;
  metrics(): Record<string, number>;
  /** Backlog per tier and whether events can be made durable right now. */
  storageHealth(): StorageHealth;
  /** Called each time `storageHealth().durable` changes; returns the unsubscribe function. */
  onStorageHealthChange(listener: StorageHealthListener): () => void;
  /** What the previous run(s) of this deployment left (orders, position, fills, halt); by default ignores the run
   *  this instance recorded as started. Queries the database directly. */
  lastRunState(options?: LastRunStateOptions): Promise<LastRunState>;
  /** Stores a halt durably before resolving (not through the event pipeline). */
  saveTradingHalt(halt: TradingHalt): Promise<void>;
  /** The active halt of this deployment, if any. */
  loadTradingHalt(): Promise<TradingHalt | undefined>;
  /** Clears the active halt(s) (an operator's reset); resolves true if there was one. */
  clearTradingHalt(clear: TradingHaltClear): Promise<boolean>;
  hotState: {
    publish(s: HotState): void;
    current(): Readonly<HotState>;
  };
  /**
   * Past runs of this deployment, read-only, over this instance's own database connection (so the embedded
   * database, which this process holds locked, can be read while it runs). Rejects when no database is reachable.
   */
  runHistory: {
    list(options?: { limit?: number }): Promise<RunListEntry[]>;
    /** `'latest'` or a run id; rejects with `RUN_NOT_FOUND` for an unknown one. */
    report(run: string): Promise<RunReport>;
  };
}

/**
 * Opens the configured tiers and starts the background loop. Never fails because a server is down; fails with
 * `DataDirLockedError` (`DATA_DIR_LOCKED`) when another process holds the embedded data folder, touching nothing.
 */
export async function createPersistence(options: PersistenceOptions = {}): Promise<Persistence> {
  const logger = (options.logger ?? pino({ level: 'silent' })).child({ component: 'persistence' });
  const clock = options.clock ?? systemClock;
  const dataDir = path.resolve(options.dataDir ?? './data');
  const deployment = resolveDeployment({ deployment: options.deployment, databaseUrl: options.databaseUrl, dataDir });
  const keyPrefix = options.keyPrefix ?? DEFAULT_KEY_PREFIX;
  const keys = redisKeys(keyPrefix, deployment);
  const runWriter = options.runWriter ?? true;
  const needSql = !options.redisUrl || runWriter;
  const onPgError = (error: Error): void =>
    logger.warn({ err: { message: error.message } }, 'postgres idle connection error');

  let lock: DataDirLock | undefined;
  let sql: SqlClient | undefined;
  let restartSql: Promise<SqlClient | undefined> | undefined;
  let producer: Redis | undefined;
  let writerRedis: Redis | undefined;
  let writer: StreamWriter | undefined;
  const closeResources = async (): Promise<void> => {
    const steps: Array<() => unknown> = [
      () => writer?.stop(),
      () => producer?.disconnect(),
      () => writerRedis?.disconnect(),
      () => sql?.close(),
      async () => (await restartSql?.catch(() => undefined))?.close(),
      () => lock?.release(),
    ];
    for (const step of steps) {
      try {
        await step();
      } catch (error) {
        logger.warn({ err: { message: (error as Error).message } }, 'closing a connection failed');
      }
    }
  };

  try {
    // The lock comes first: a second process must fail before it opens, adopts or replays anything.
    if (needSql) {
      if (options.databaseUrl) {
        sql = await openPostgres(options.databaseUrl, onPgError);
      } else {
        lock = await acquireDataDirLock(dataDir, deployment);
        sql = await openPglite(path.join(dataDir, 'pglite'));
      }
    }
    const ensureSchema = schemaGate(sql as SqlClient);

    // A producer without its own writer reads and writes restart state through a pool opened on first use.
    const restartDatabase = (): Promise<SqlClient | undefined> => {
      if (sql) return Promise.resolve(sql);
      if (!options.databaseUrl) return Promise.resolve(undefined);
      restartSql ??= openPostgres(options.databaseUrl, onPgError, { max: 1 });
      return restartSql;
    };
    const restartGates = new WeakMap<SqlClient, () => Promise<void>>();
    const schemaReady = (client: SqlClient): Promise<void> => {
      if (client === sql) return ensureSchema();
      let gate = restartGates.get(client);
      if (!gate) restartGates.set(client, (gate = schemaGate(client)));
      return gate();
    };
    const restart = new RestartStore(deployment, restartDatabase, schemaReady);
    const historyDatabase = async (): Promise<SqlClient> => {
      const client = await restartDatabase();
      if (!client) throw new PersistenceError('DATABASE_UNAVAILABLE', 'no database to read past runs from');
      await schemaReady(client);
      return client;
    };

    let destination: EventDestination;
    let streamBacklog: StreamBacklog | undefined;
    if (options.redisUrl) {
      producer = openRedis(options.redisUrl, logger, 'producer');
      if (!(await connectRedis(producer, clock))) logger.warn('redis unreachable at start; buffering events');
      destination = new RedisStreamDestination(producer, keys);
      streamBacklog = new StreamBacklog();
      if (runWriter && sql) {
        writerRedis = openRedis(options.redisUrl, logger, 'writer');
        await connectRedis(writerRedis, clock);
        writer = new StreamWriter({ redis: writerRedis, sql, keys, clock, logger, ...options.writer });
        writer.start();
      }
    } else {
      destination = new DatabaseDestination(sql as SqlClient, deployment, ensureSchema);
    }

    const spillPath = options.spillFile ?? spillFilePath(dataDir, keyPrefix, deployment);
    if (!options.spillFile && (await adoptLegacySpill(dataDir, keyPrefix, spillPath))) {
      logger.info({ deployment }, 'spill file of an earlier version adopted by this deployment');
    }
    const spill = new SpillFile(spillPath, { maxBytes: options.spillMaxBytes ?? DEFAULT_SPILL_MAX_BYTES });
    const pipeline = new EventPipeline({
      clock,
      logger,
      keys,
      destination,
      spill,
      producer,
      writer,
      streamBacklog,
      capacity: options.queueCapacity ?? 100_000,
      overflowCapacity: options.overflowCapacity,
      maxBatch: options.maxBatch ?? 500,
      handoffIntervalMs: options.handoffIntervalMs ?? 10,
      retryDelayMs: options.retryDelayMs ?? 250,
      referencePriceMinIntervalMs: options.referencePriceMinIntervalMs ?? 250,
      closeTimeoutMs: options.closeTimeoutMs ?? 5000,
      closeResources,
    });
    await pipeline.start();
    logger.info({ deployment, embedded: Boolean(lock), redis: Boolean(options.redisUrl) }, 'persistence started');
    return composePersistence(pipeline, restart, historyDatabase);
  } catch (error) {
    await closeResources();
    throw error;
  }
}

/** One object for the app: the event pipeline plus the restart state, which bypasses it. */
function composePersistence(
  pipeline: EventPipeline,
  restart: RestartStore,
  historyDatabase: () => Promise<SqlClient>,
): Persistence {
  const deployment = restart.deployment;
  return {
    get runId() {
      return pipeline.runId;
    },
    deployment,
    record: (event) => pipeline.record(event),
    flush: (timeoutMs) => pipeline.flush(timeoutMs),
    close: () => pipeline.close(),
    metrics: () => pipeline.metrics(),
    storageHealth: () => pipeline.storageHealth(),
    onStorageHealthChange: (listener) => pipeline.onStorageHealthChange(listener),
    lastRunState: (o) => restart.lastRunState({ excludeRunId: pipeline.runId, ...o }),
    saveTradingHalt: (halt) => restart.saveTradingHalt(halt),
    loadTradingHalt: () => restart.loadTradingHalt(),
    clearTradingHalt: (clear) => restart.clearTradingHalt(clear),
    runHistory: {
      list: async (o) => loadRunList(await historyDatabase(), { deployment, limit: o?.limit }),
      report: async (run) => loadRunReport(await historyDatabase(), run, { deployment }),
    },
    hotState: pipeline.hotState,
  };
}
