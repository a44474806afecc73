import path from 'node:path';
import type { Redis } from 'ioredis';
import pino, { type Logger } from 'pino';
import { systemClock, type Clock } from '@truex-mm/clock';
import { DatabaseDestination, RedisStreamDestination, type EventDestination } from './event-destination';
import { EventPipeline } from './event-pipeline';
import type { HotState } from './hot-state';
import { connectRedis, openRedis } from './redis-connection';
import { DEFAULT_KEY_PREFIX, redisKeys } from './redis-keys';
import { SpillFile } from './spill-file';
import { openPglite, openPostgres, type SqlClient } from './sql-client';
import { StreamWriter } from './stream-writer';
import type { EventSink } from './trading-event';

export interface PersistenceOptions {
  /** PostgreSQL server; unset → embedded PGlite in `<dataDir>/pglite`. */
  databaseUrl?: string;
  /** Redis; unset → no Redis tier (memory → PostgreSQL directly, same batching and spill). */
  redisUrl?: string;
  /** Embedded database and spill file live here. Default `./data` (relative to cwd). */
  dataDir?: string;
  /** Run a stream writer in this process (Redis tier only). Default true. */
  runWriter?: boolean;
  logger?: Logger;
  clock?: Clock;
  /** Redis key prefix (see README). Default `truex-mm`. */
  keyPrefix?: string;
  /** Events held in memory before spilling to disk while the next tier is down. Default 100000. */
  queueCapacity?: number;
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
  /** Spill file; default `<dataDir>/spill/events.jsonl` (`events-<keyPrefix>.jsonl` with a non-default prefix). */
  spillFile?: string;
  /** How long close() tries to flush before spilling what is left to disk. Default 5000. */
  closeTimeoutMs?: number;
  /** Options of the in-process stream writer. */
  writer?: { consumer?: string; claimIdleMs?: number; entriesPerRead?: number };
}

export interface Persistence extends EventSink {
  readonly runId?: string;
  /** Resolves when every event recorded so far is stored (in PostgreSQL when this process runs the writer or has
   *  no Redis tier; in the stream otherwise). Rejects with `FLUSH_TIMEOUT` after `timeoutMs` (default 10000). */
  flush(timeoutMs?: number): Promise<void>;
  /** Flushes (bounded), spills whatever could not be delivered, stops the writer and closes connections. */
  close(): Promise<void>;
  metrics(): Record<string, number>;
  hotState: {
    publish(s: HotState): void;
    current(): Readonly<HotState>;
  };
}

/** Opens the configured tiers and starts the background loop. Never fails because a server is down. */
export async function createPersistence(options: PersistenceOptions = {}): Promise<Persistence> {
  const logger = (options.logger ?? pino({ level: 'silent' })).child({ component: 'persistence' });
  const clock = options.clock ?? systemClock;
  const dataDir = path.resolve(options.dataDir ?? './data');
  const keyPrefix = options.keyPrefix ?? DEFAULT_KEY_PREFIX;
  const keys = redisKeys(keyPrefix);
  const runWriter = options.runWriter ?? true;
  const needSql = !options.redisUrl || runWriter;

  let sql: SqlClient | undefined;
  if (needSql) {
    sql = options.databaseUrl
      ? await openPostgres(options.databaseUrl, (error) =>
          logger.warn({ err: { message: error.message } }, 'postgres idle connection error'),
        )
      : await openPglite(path.join(dataDir, 'pglite'));
  }

  let producer: Redis | undefined;
  let writerRedis: Redis | undefined;
  let writer: StreamWriter | undefined;
  let destination: EventDestination;
  if (options.redisUrl) {
    producer = openRedis(options.redisUrl, logger, 'producer');
    if (!(await connectRedis(producer, clock))) logger.warn('redis unreachable at start; buffering events');
    destination = new RedisStreamDestination(producer, keys);
    if (runWriter && sql) {
      writerRedis = openRedis(options.redisUrl, logger, 'writer');
      await connectRedis(writerRedis, clock);
      writer = new StreamWriter({ redis: writerRedis, sql, keys, clock, logger, ...options.writer });
      writer.start();
    }
  } else {
    destination = new DatabaseDestination(sql as SqlClient);
  }

  const spillName = keyPrefix === DEFAULT_KEY_PREFIX ? 'events.jsonl' : `events-${keyPrefix.replace(/\W/g, '_')}.jsonl`;
  const spill = new SpillFile(options.spillFile ?? path.join(dataDir, 'spill', spillName));
  const pipeline = new EventPipeline({
    clock,
    logger,
    keys,
    destination,
    spill,
    producer,
    writer,
    capacity: options.queueCapacity ?? 100_000,
    maxBatch: options.maxBatch ?? 500,
    handoffIntervalMs: options.handoffIntervalMs ?? 10,
    retryDelayMs: options.retryDelayMs ?? 250,
    referencePriceMinIntervalMs: options.referencePriceMinIntervalMs ?? 250,
    closeTimeoutMs: options.closeTimeoutMs ?? 5000,
    closeResources: async () => {
      await writer?.stop();
      producer?.disconnect();
      writerRedis?.disconnect();
      await sql?.close();
    },
  });
  await pipeline.start();
  return pipeline;
}
