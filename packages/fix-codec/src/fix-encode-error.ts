export type FixEncodeErrorCode =
  | 'BAD_TAG'
  | 'EMPTY_VALUE'
  | 'SOH_IN_VALUE'
  | 'FORBIDDEN_TAG'
  | 'BAD_HEADER'
  /** encode…Into(): the caller's buffer has no room for the frame after `offset`. */
  | 'TARGET_TOO_SMALL';

/** A message we refuse to put on the wire because the venue would reject or misframe it. */
export class FixEncodeError extends Error {
  override readonly name = 'FixEncodeError';

  constructor(
    readonly code: FixEncodeErrorCode,
    message: string,
    readonly tag?: number,
  ) {
    super(message);
  }
}
