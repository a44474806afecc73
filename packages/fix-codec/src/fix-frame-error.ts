export type FixFrameErrorCode = 'BAD_BEGIN_STRING' | 'BAD_BODY_LENGTH' | 'BAD_CHECKSUM' | 'FRAME_TOO_LARGE' | 'GARBAGE';

/** A garbled frame (or run of garbage bytes) that the splitter skipped. The stream itself carries on. */
export class FixFrameError extends Error {
  override readonly name = 'FixFrameError';

  constructor(
    readonly code: FixFrameErrorCode,
    message: string,
    /** For GARBAGE: how many bytes were discarded. */
    readonly skippedBytes = 0,
  ) {
    super(message);
  }
}
