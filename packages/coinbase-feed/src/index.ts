export { CoinbaseFeed, LIVENESS_HEARTBEATS } from './coinbase-feed';
export {
  ADVANCED_TRADE_FEED_URL,
  EXCHANGE_FEED_URL,
  type CoinbaseDialect,
  type CoinbaseFeedOptions,
  type FeedMetrics,
  type FeedState,
  type TopOfBook,
  type Trade,
} from './feed-types';
export { OrderBook, type BookLevel, type BookSide } from './order-book';
export { formatPriceKey, isZeroDecimal, PRICE_SCALE, priceKey } from './decimal-price';
export { parseCoinbaseTime } from './coinbase-time';
export * from './exchange-messages';
export * from './advanced-trade-messages';
export {
  exchangeAuthFields,
  exchangeSignature,
  type ExchangeAuthFields,
  type ExchangeCredentials,
} from './exchange-auth';
export { reconnectDelayMs, type BackoffPolicy } from './reconnect-backoff';
export { LAG_BUCKETS_MS, LagTracker, type LagSnapshot } from './lag-metrics';
export { CoinbaseFeedError, CoinbaseParseError, type CoinbaseFeedErrorCode } from './errors';
