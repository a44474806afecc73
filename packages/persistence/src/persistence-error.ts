export type PersistenceErrorCode =
  | 'MALFORMED_EVENT'
  | 'MIGRATION_FAILED'
  | 'DATABASE_UNAVAILABLE'
  | 'REDIS_UNAVAILABLE'
  | 'FLUSH_TIMEOUT'
  | 'BAD_CONFIG'
  | 'RUN_NOT_FOUND'
  | 'DATA_DIR_LOCKED'
  | 'SPILL_FULL';

/** Every error this package throws or reports. Messages never contain connection strings or secrets. */
export class PersistenceError extends Error {
  override readonly name: string = 'PersistenceError';
  constructor(
    readonly code: PersistenceErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** `FLUSH_TIMEOUT`, with how many events were still not stored when it gave up. */
export class FlushTimeoutError extends PersistenceError {
  override readonly name = 'FlushTimeoutError';
  constructor(
    message: string,
    /** Events not yet stored (memory + Redis not yet in PostgreSQL + spill file, plus any dropped). */
    readonly eventsPending: number,
  ) {
    super('FLUSH_TIMEOUT', message);
  }
}

/** Another process (or another instance in this process) holds the embedded data folder. Apps exit 2 on it. */
export class DataDirLockedError extends PersistenceError {
  override readonly name = 'DataDirLockedError';
  constructor(
    readonly dataDir: string,
    readonly holderPid: number,
    readonly holderHost: string,
  ) {
    super(
      'DATA_DIR_LOCKED',
      `data folder ${dataDir} is in use by pid ${holderPid}${holderHost ? ` on ${holderHost}` : ''}; stop that process first`,
    );
  }
}
