/** A pricing estimator was constructed with an option that cannot work (non-positive window, unknown input). */
export class PricingConfigError extends RangeError {
  override readonly name = 'PricingConfigError';
  constructor(
    readonly option: string,
    message: string,
  ) {
    super(message);
  }
}
