/** A frame that is not valid JSON or lacks a field its message type requires. Counted and skipped by the feed. */
export class CoinbaseParseError extends Error {
  override readonly name = 'CoinbaseParseError';
  constructor(
    message: string,
    /** The message `type` (Exchange) or `channel` (Advanced Trade), when it could be read. */
    readonly messageType?: string,
  ) {
    super(message);
  }
}

export type CoinbaseFeedErrorCode =
  /** Coinbase sent `{"type":"error"}`; `reason` carries its words. */
  | 'VENUE_ERROR'
  /** A subscribe was refused for good (invalid or delisted product); the product is dropped, not retried. */
  | 'SUBSCRIBE_REJECTED'
  /** The socket failed (refused, reset, HTTP status at upgrade). */
  | 'CONNECTION_ERROR'
  /** Invalid configuration given to the constructor. */
  | 'CONFIG'
  /** Handling a frame threw something other than a parse error (e.g. a throwing 'top' listener). */
  | 'INTERNAL';

/** Errors the feed reports on its 'error' event. Never carries credentials. */
export class CoinbaseFeedError extends Error {
  override readonly name = 'CoinbaseFeedError';
  constructor(
    readonly code: CoinbaseFeedErrorCode,
    message: string,
    /** Coinbase's `reason` field, verbatim, when the venue sent one. */
    readonly reason?: string,
  ) {
    super(message);
  }
}
