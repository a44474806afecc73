export type { FairValueInput, ReferenceQuote, RejectedInputReason } from './fair-value-input';
export { sampleInput } from './fair-value-input';
export { DecayingMeanFairValue } from './decaying-mean-fair-value';
export type { DecayingMeanFairValueOptions, FairValueCounters } from './decaying-mean-fair-value';
export { EwmaVolatility } from './ewma-volatility';
export type { EwmaVolatilityOptions } from './ewma-volatility';
export { PricingConfigError } from './pricing-config-error';
export { toDecimalString } from './decimal-string';
