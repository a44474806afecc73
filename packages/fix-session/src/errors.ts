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
  | 'INBOUND_ERROR'
  | 'COMP_ID_PROBLEM'
  | 'SENDING_TIME_ACCURACY'
  | 'RESEND_TIMEOUT'
  | 'CONNECT_TIMEOUT'
  | 'TLS_HOSTNAME_MISMATCH'
  | 'TLS_UNTRUSTED_CERTIFICATE'
  | 'TLS_CERTIFICATE_EXPIRED'
  | 'TLS_ERROR'
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

/**
 * The transport could not be established: a connect timeout, a refused or reset TCP connection, or a TLS failure
 * (`TLS_HOSTNAME_MISMATCH`, `TLS_UNTRUSTED_CERTIFICATE`, `TLS_CERTIFICATE_EXPIRED`, `TLS_ERROR`). `causeCode` is the
 * Node/OpenSSL code behind it (e.g. `ERR_TLS_CERT_ALTNAME_INVALID`, `SELF_SIGNED_CERT_IN_CHAIN`, `ECONNREFUSED`).
 */
export class FixConnectError extends FixSessionError {
  readonly causeCode?: string;

  constructor(code: FixSessionErrorCode, message: string, causeCode?: string) {
    super(code, message);
    this.name = 'FixConnectError';
    if (causeCode !== undefined) this.causeCode = causeCode;
  }
}
