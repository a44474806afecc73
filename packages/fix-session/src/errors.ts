/** Why a session failed or ended abnormally. Open-ended so transports can add their own codes. */
export type FixSessionErrorCode =
  | 'AUTHENTICATION_FAILED'
  | 'ALREADY_AUTHENTICATED'
  | 'LOGON_REJECTED'
  | 'LOGON_TIMEOUT'
  | 'CLOSED_DURING_LOGON'
  | 'SEQUENCE_TOO_LOW'
  | 'TEST_REQUEST_TIMEOUT'
  | 'CONNECTION_ERROR'
  | 'GARBLED'
  | 'RESEND_QUEUE_OVERFLOW'
  | 'AUTH_FAILURES_EXHAUSTED'
  | 'STOPPED'
  | 'STORE_ERROR'
  | (string & {});

/**
 * A session-level failure. `venueText` carries the venue's own words (tag 58) when it gave any, so the operator
 * sees "Authentication failed" rather than a generic message. Never contains the API key or secret.
 */
export class FixSessionError extends Error {
  readonly code: FixSessionErrorCode;
  readonly venueText?: string;

  constructor(code: FixSessionErrorCode, message: string, venueText?: string) {
    super(venueText !== undefined ? `${message}: ${venueText}` : message);
    this.name = 'FixSessionError';
    this.code = code;
    if (venueText !== undefined) this.venueText = venueText;
  }
}

/** A failure before the venue acknowledged our Logon (rejected, timed out, or closed on us). */
export class FixLogonError extends FixSessionError {
  constructor(code: FixSessionErrorCode, message: string, venueText?: string) {
    super(code, message, venueText);
    this.name = 'FixLogonError';
  }
}
