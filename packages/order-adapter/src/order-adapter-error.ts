/** Misconfiguration of the order adapter or its ClOrdID generator (bad prefix, exhausted id space, missing party). */
export class OrderAdapterError extends Error {
  override readonly name = 'OrderAdapterError';
  constructor(
    readonly code: 'BAD_PREFIX' | 'CLORDID_SPACE_EXHAUSTED' | 'BAD_OPTIONS',
    message: string,
  ) {
    super(message);
  }
}
