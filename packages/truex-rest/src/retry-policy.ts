export interface RetryOptions {
  /** Attempts in all, first included (default 3; 1 = never retry). */
  maxAttempts?: number;
  /** First backoff; doubles per attempt, with full jitter (default 250 ms). */
  baseDelayMs?: number;
  maxDelayMs?: number /* default 4000 */;
  /** A Retry-After longer than this is not waited for: the call fails with RATE_LIMITED (default 30 000). */
  maxRetryAfterMs?: number;
}

export type ResolvedRetryOptions = Required<RetryOptions>;

export function resolveRetryOptions(o: RetryOptions = {}): ResolvedRetryOptions {
  return {
    maxAttempts: Math.max(1, Math.floor(o.maxAttempts ?? 3)),
    baseDelayMs: Math.max(0, o.baseDelayMs ?? 250),
    maxDelayMs: Math.max(0, o.maxDelayMs ?? 4000),
    maxRetryAfterMs: Math.max(0, o.maxRetryAfterMs ?? 30_000),
  };
}

/**
 * Which requests are retried:
 * - `idempotent` (every GET): after a timeout, a network error, 408, 429, 500, 502, 503, 504.
 * - `refused-only` (DELETE cancel): TrueX does not document cancel as idempotent, so only after a 429, which
 *   refuses a request before it is processed (RFC 6585). A cancel that timed out or got a 5xx may have been
 *   carried out: it fails with `outcomeUnknown` and the caller checks the order's status instead.
 */
export type RetryClass = 'idempotent' | 'refused-only';

export type AttemptFailure = { kind: 'timeout' } | { kind: 'network' } | { kind: 'http'; status: number };

const RETRYABLE_STATUSES: ReadonlySet<number> = new Set([408, 429, 500, 502, 503, 504]);

export function isRetryable(retryClass: RetryClass, failure: AttemptFailure): boolean {
  if (retryClass === 'refused-only') return failure.kind === 'http' && failure.status === 429;
  return failure.kind !== 'http' || RETRYABLE_STATUSES.has(failure.status);
}

/** Full-jitter exponential backoff before attempt `attempt + 1` (attempt counts from 1). */
export function backoffDelayMs(attempt: number, o: ResolvedRetryOptions, random: () => number): number {
  const ceiling = Math.min(o.maxDelayMs, o.baseDelayMs * 2 ** (attempt - 1));
  return Math.floor(ceiling * Math.min(1, Math.max(0, random())));
}

/** Retry-After as milliseconds from `nowMs`: delta-seconds or an HTTP date. Undefined when absent or unreadable. */
export function parseRetryAfter(value: string | null | undefined, nowMs: number): number | undefined {
  if (value === null || value === undefined) return undefined;
  const text = value.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  const date = Date.parse(text);
  return Number.isNaN(date) ? undefined : Math.max(0, date - nowMs);
}
