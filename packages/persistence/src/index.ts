export type { TradingEvent, TradingEventType, TradingEventOf, TradeSide, EventSink } from './trading-event';
export { createPersistence, DEFAULT_SPILL_MAX_BYTES, type Persistence, type PersistenceOptions } from './persistence';
export type { FlushReport, CloseReport } from './event-pipeline';
export type { StorageHealth, StorageBacklog, StorageHealthListener } from './storage-health';
export type { HotState } from './hot-state';
export {
  PersistenceError,
  FlushTimeoutError,
  DataDirLockedError,
  type PersistenceErrorCode,
} from './persistence-error';
export { resolveDeployment, validateDeployment, DEPLOYMENT_PATTERN } from './deployment';
export {
  acquireDataDirLock,
  readDataDirLock,
  DATA_DIR_LOCK_FILE,
  type DataDirLock,
  type DataDirLockHolder,
} from './data-dir-lock';
export {
  loadLastRunState,
  TERMINAL_ORDER_STATES,
  type LastRunState,
  type LastRunStateOptions,
  type RestoredPosition,
  type StoredFill,
  type StoredOrder,
} from './restart-state';
export {
  saveTradingHalt,
  loadTradingHalt,
  clearTradingHalt,
  type TradingHalt,
  type TradingHaltClear,
} from './trading-halt';
export { sanitizeConfig, SECRET_KEY_PATTERN } from './sanitize-config';
export { ReferencePriceSampler } from './reference-price-sampler';
export { applyMigrations, MIGRATIONS, type Migration } from './migrations';
export { openPostgres, openPglite, pgPoolSqlClient, pgliteSqlClient, type SqlClient } from './sql-client';
export { writeEvents, type WriteResult, type WriteOptions } from './write-events';
export type { EventEnvelope } from './event-envelope';
export { redisKeys, DEFAULT_KEY_PREFIX, WRITER_GROUP, type RedisKeys } from './redis-keys';
export { StreamWriter, ensureGroup, type StreamWriterOptions, type StreamWriterCounters } from './stream-writer';
export { openRedis } from './redis-connection';
export { loadRunReport, formatRunReport, type RunReport } from './run-report';
export { loadRunList, formatRunList, type RunListEntry } from './run-list';
export { runReportCsv, runListCsv } from './report-csv';
