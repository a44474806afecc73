export type { TradingEvent, TradingEventType, TradingEventOf, TradeSide, EventSink } from './trading-event';
export { createPersistence, type Persistence, type PersistenceOptions } from './persistence';
export type { HotState } from './hot-state';
export { PersistenceError, type PersistenceErrorCode } from './persistence-error';
export { sanitizeConfig, SECRET_KEY_PATTERN } from './sanitize-config';
export { ReferencePriceSampler } from './reference-price-sampler';
export { applyMigrations, MIGRATIONS, type Migration } from './migrations';
export {
  openPostgres,
  openPglite,
  pgPoolSqlClient,
  pgliteSqlClient,
  type SqlClient,
} from './sql-client';
export { writeEvents, type WriteResult } from './write-events';
export type { EventEnvelope } from './event-envelope';
export { redisKeys, DEFAULT_KEY_PREFIX, WRITER_GROUP, type RedisKeys } from './redis-keys';
export { StreamWriter, ensureGroup, type StreamWriterOptions, type StreamWriterCounters } from './stream-writer';
export { openRedis } from './redis-connection';
export { loadRunReport, formatRunReport, type RunReport } from './run-report';
