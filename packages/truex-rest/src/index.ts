export { TrueXRestClient, type TrueXRestClientOptions, type IdType } from './truex-rest-client';
export {
  TRUEX_REST_URLS,
  TRUEX_API_VERSIONS,
  DEFAULT_HEADER_NAMES,
  parseBaseUrl,
  type TrueXApiGeneration,
  type TrueXBaseUrl,
  type TrueXRestHeaderNames,
} from './config';
export { endpointPaths, type TrueXPathStyle, type TrueXEndpointPaths } from './endpoints';
export { trueXRestSignature, restTimestamp, signedPathOf, type RestSignatureInput } from './signature';
export { TrueXRestError, SecretRedactor, type TrueXRestErrorCode, type TrueXRestErrorDetails } from './errors';
export {
  normaliseOrder,
  isTerminalOrderStatus,
  fixOrdStatusOf,
  TRUEX_ORDER_STATUSES,
  type TrueXOrder,
  type TrueXOrderStatus,
  type TrueXOrderModify,
} from './order';
export { normaliseClientInfo, type TrueXClientInfo } from './client-info';
export { normaliseInstrument, type TrueXInstrument } from './instrument';
export { normaliseBalance, type TrueXBalance, type TrueXAssetBalance } from './balance';
export { unwrapEnvelope, type UnwrappedResponse, type TrueXPagination } from './envelope';
export { venueErrorText } from './venue-error-text';
export { canonicalDecimal } from './decimal-text';
export { RequestRateLimiter, type RateLimit } from './request-rate-limiter';
export {
  resolveRetryOptions,
  isRetryable,
  backoffDelayMs,
  parseRetryAfter,
  type RetryOptions,
  type RetryClass,
  type AttemptFailure,
} from './retry-policy';
export { fetchTransport, type HttpTransport, type HttpRequestInit, type HttpResponseLike } from './http-transport';
export type { UnknownValueListener } from './unknown-value';
export type { JsonRecord } from './json-fields';
