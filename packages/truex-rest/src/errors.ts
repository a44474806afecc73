/**
 * Why a TrueX REST call failed. HTTP statuses map to the first group; the rest are client-side outcomes.
 * `MALFORMED_RESPONSE`: the venue answered 2xx with a body this client cannot read (bad JSON, missing id, a money
 * field that is not a decimal string). `INVALID_ARGUMENT`: the caller passed something unusable (empty id, bad URL).
 */
export type TrueXRestErrorCode =
  | 'BAD_REQUEST'
  | 'UNAUTHORIZED'
  | 'FORBIDDEN'
  | 'NOT_FOUND'
  | 'RATE_LIMITED'
  | 'SERVER_ERROR'
  | 'HTTP_ERROR'
  | 'TIMEOUT'
  | 'NETWORK'
  | 'MALFORMED_RESPONSE'
  | 'INVALID_ARGUMENT';

export interface TrueXRestErrorDetails {
  /** HTTP status, when the venue answered. */
  status?: number;
  /** The venue's own words (RFC 7807 detail/title, `message`, or the raw body), credentials removed. */
  venueText?: string;
  method?: string;
  /** Request path without the query string. */
  path?: string;
  /** Attempts made (1 = no retry). */
  attempts?: number;
  /**
   * True when the venue may have acted although the call failed: a cancel that timed out, lost its connection or
   * got a 5xx. Check the order's status before acting on the assumption that it is still live.
   */
  outcomeUnknown?: boolean;
}

/** A failed TrueX REST call. The message never contains a credential (see {@link SecretRedactor}). */
export class TrueXRestError extends Error {
  readonly code: TrueXRestErrorCode;
  readonly status?: number;
  readonly venueText?: string;
  readonly method?: string;
  readonly path?: string;
  readonly attempts: number;
  readonly outcomeUnknown: boolean;
  /** The message without the request context and the venue's text. */
  readonly reason: string;

  constructor(code: TrueXRestErrorCode, message: string, details: TrueXRestErrorDetails = {}) {
    const where = details.method && details.path ? `${details.method} ${details.path}: ` : '';
    const status = details.status !== undefined ? ` (HTTP ${details.status})` : '';
    const venue = details.venueText ? `: ${details.venueText}` : '';
    super(`${where}${message}${status}${venue}`);
    this.name = 'TrueXRestError';
    this.reason = message;
    this.code = code;
    this.status = details.status;
    this.venueText = details.venueText;
    this.method = details.method;
    this.path = details.path;
    this.attempts = details.attempts ?? 1;
    this.outcomeUnknown = details.outcomeUnknown ?? false;
  }

  /** The same error with request context added (normalisers throw without it). */
  withContext(details: TrueXRestErrorDetails): TrueXRestError {
    return new TrueXRestError(this.code, this.reason, {
      status: this.status,
      venueText: this.venueText,
      method: this.method,
      path: this.path,
      attempts: this.attempts,
      outcomeUnknown: this.outcomeUnknown,
      ...details,
    });
  }
}

const REDACTED = '[REDACTED]';

/**
 * Removes credentials from any text that may reach a log or an error: the venue's error body, a transport error
 * message. The secret is never sent, but the key id is (as a header) and a proxy or server may echo it.
 */
export class SecretRedactor {
  private readonly secrets: string[];

  constructor(secrets: ReadonlyArray<string | undefined>) {
    // Longest first, so a secret that contains another is removed whole. Very short values would redact noise.
    this.secrets = secrets
      .filter((s): s is string => s !== undefined && s.length >= 4)
      .sort((a, b) => b.length - a.length);
  }

  redact(text: string): string {
    let out = text;
    for (const secret of this.secrets) out = out.split(secret).join(REDACTED);
    return out;
  }
}
