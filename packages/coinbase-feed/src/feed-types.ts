import type { Clock } from '@truex-mm/clock';
import type { Logger } from 'pino';

import type { ExchangeCredentials } from './exchange-auth';
import type { LagSnapshot } from './lag-metrics';

export type CoinbaseDialect = 'exchange' | 'advanced-trade';

export const EXCHANGE_FEED_URL = 'wss://ws-feed.exchange.coinbase.com';
export const ADVANCED_TRADE_FEED_URL = 'wss://advanced-trade-ws.coinbase.com';

export interface CoinbaseFeedOptions {
  /** Default: the dialect's production URL (Exchange: wss://ws-feed.exchange.coinbase.com). */
  url?: string;
  /** Default ['BTC-USD']. */
  products?: string[];
  /** Default 'exchange'. */
  dialect?: CoinbaseDialect;
  /** Exchange only: subscribes the authenticated `level2` channel instead of `level2_batch`. */
  auth?: ExchangeCredentials;
  /** No message for this long marks the feed 'stale' and forces a reconnect. Default 3000 (heartbeats are 1/s). */
  staleAfterMs?: number;
  /**
   * The heartbeat cadence Coinbase keeps (default 1000 ms). The heartbeat channel is always subscribed, so a live
   * feed silent for 1.5 intervals is not fresh: `'liveness'` false, `isLive()` false, `topOfBook()` undefined.
   * `staleAfterMs` remains the outer bound that reconnects.
   */
  heartbeatIntervalMs?: number;
  reconnect?: {
    /** Default 1000. */
    initialDelayMs?: number;
    /** Default 30000. */
    maxDelayMs?: number;
    /** After an HTTP 429 at upgrade, wait at least this long. Default 16000. */
    rateLimitedDelayMs?: number;
    /** A connection that stayed live this long resets the backoff. Default 30000. */
    stableAfterMs?: number;
    /** Uniform [0, 1) for jitter; default Math.random. */
    random?: () => number;
  };
  /** Protocol ping period; default 10000. */
  pingIntervalMs?: number;
  /** No pong this long after a ping terminates the socket; default 10000. */
  pongTimeoutMs?: number;
  clock?: Clock;
  logger?: Logger;
}

export interface TopOfBook {
  product: string;
  bidPrice: string;
  bidSize: string;
  askPrice: string;
  askSize: string;
  /** Coinbase's time on the message that produced this top, when it carried one. */
  exchangeTimeMs?: number;
  receivedAtMs: number;
}

export type FeedState = 'connecting' | 'subscribing' | 'live' | 'stale' | 'disconnected' | 'stopped';

export interface Trade {
  product: string;
  price: string;
  size: string;
  /** TAKER (aggressor) side: Coinbase reports the maker side, which is flipped here. */
  side: 'buy' | 'sell';
  /** The side as Coinbase sent it (maker). */
  makerSide: 'buy' | 'sell';
  tradeId: number;
  timeMs: number;
}

export interface FeedMetrics {
  /** Frames received (valid or not). */
  messages: number;
  /** Frames that were not valid JSON or a malformed known message: counted and skipped. */
  malformed: number;
  /** Connection attempts after the first. */
  reconnects: number;
  bookInvalidations: number;
  /** Times the feed went 'stale'. */
  staleEvents: number;
  /** Times a live feed went 1.5 heartbeat intervals without a message (the reference stopped being fresh). */
  livenessLapses: number;
  /** `matches` trade_id jumps (Exchange). */
  tradeIdGaps: number;
  /** `sequence_num` jumps (Advanced Trade). */
  sequenceGaps: number;
  /** Duplicate or late frames/trades ignored. */
  duplicates: number;
  /** Book updates dropped because their book was waiting for a snapshot. */
  updatesWithoutBook: number;
  /** `error` messages from Coinbase. */
  venueErrors: number;
  /** Exceptions thrown by our own event listeners (contained: the feed carries on). */
  listenerErrors: number;
  lagMs: LagSnapshot;
}
