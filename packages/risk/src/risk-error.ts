/** Bad configuration or a malformed fill: a programming or operator error, reported with the offending field. */
export class RiskInputError extends Error {
  override readonly name = 'RiskInputError';
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(`${field}: ${message}`);
  }
}
