export type FixDecodeErrorCode =
  | 'EMPTY'
  | 'BAD_FIELD'
  | 'BAD_BEGIN_STRING'
  | 'BAD_BODY_LENGTH'
  | 'BAD_CHECKSUM'
  | 'MISSING_MSG_TYPE'
  | 'MISSING_TAG'
  | 'BAD_INT'
  | 'BAD_DECIMAL'
  | 'BAD_CHAR'
  | 'BAD_BOOLEAN'
  | 'BAD_TIMESTAMP'
  | 'BAD_VALUE'
  | 'GROUP_COUNT_MISMATCH'
  /** A FixDecoder view read after its decoder moved on to another frame (a programming error, not bad input). */
  | 'STALE_MESSAGE';

/** A message (or one of its values) that does not parse. Carries the offending tag when there is one. */
export class FixDecodeError extends Error {
  override readonly name = 'FixDecodeError';

  constructor(
    readonly code: FixDecodeErrorCode | (string & {}),
    message: string,
    readonly tag?: number,
  ) {
    super(message);
  }
}
