export type PersistenceErrorCode =
  | 'MALFORMED_EVENT'
  | 'MIGRATION_FAILED'
  | 'DATABASE_UNAVAILABLE'
  | 'REDIS_UNAVAILABLE'
  | 'FLUSH_TIMEOUT'
  | 'BAD_CONFIG'
  | 'RUN_NOT_FOUND';

/** Every error this package throws or reports. Messages never contain connection strings or secrets. */
export class PersistenceError extends Error {
  override readonly name = 'PersistenceError';
  constructor(
    readonly code: PersistenceErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
