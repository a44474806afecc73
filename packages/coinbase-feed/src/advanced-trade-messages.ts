import { CoinbaseParseError } from './errors';
import { isObject, type JsonObject, parseJson, requireArray, requireInteger, requireString } from './json-fields';

/*
 * Typed views of Coinbase Advanced Trade market-data messages (wss://advanced-trade-ws.coinbase.com). Every
 * message but `error` has the envelope {channel, client_id?, timestamp, sequence_num, events[]}. Field names
 * are the wire names; the parser checks the shape and returns the parsed object itself.
 */

interface Envelope<C extends string, E> {
  readonly channel: C;
  /** "" in every documented example; absent in a 2026 capture. */
  readonly client_id?: string;
  /** Server send time, RFC 3339 with nanoseconds. */
  readonly timestamp: string;
  /** One counter per connection (observed): +1 per frame of any channel. */
  readonly sequence_num: number;
  readonly events: readonly E[];
}

export interface AdvancedTradeL2Entry {
  readonly side: 'bid' | 'offer';
  /** The epoch on some snapshot entries, meaning no time. */
  readonly event_time?: string;
  readonly price_level: string;
  /** Absolute size; zero removes the level. */
  readonly new_quantity: string;
}

export interface AdvancedTradeL2Event {
  readonly type: 'snapshot' | 'update';
  readonly product_id: string;
  readonly updates: readonly AdvancedTradeL2Entry[];
}

export interface AdvancedTradeTicker {
  readonly type?: string;
  readonly product_id: string;
  readonly price: string;
  readonly volume_24_h?: string;
  readonly low_24_h?: string;
  readonly high_24_h?: string;
  readonly best_bid?: string;
  readonly best_bid_quantity?: string;
  readonly best_ask?: string;
  readonly best_ask_quantity?: string;
  readonly [field: string]: unknown;
}

export interface AdvancedTradeTrade {
  readonly product_id: string;
  /** A string here (a number on the Exchange feed). */
  readonly trade_id: string;
  readonly price: string;
  readonly size: string;
  readonly time: string;
  /** Documented as the MAKER side; kept raw because downstream projects disagree. */
  readonly side: 'BUY' | 'SELL';
}

export interface AdvancedTradeHeartbeatEvent {
  readonly current_time: string;
  /** A string in the Advanced Trade docs, a number elsewhere. */
  readonly heartbeat_counter: string | number;
}

export type AdvancedTradeL2Data = Envelope<'l2_data', AdvancedTradeL2Event>;
export type AdvancedTradeTickerMessage = Envelope<
  'ticker' | 'ticker_batch',
  { readonly type: 'snapshot' | 'update'; readonly tickers: readonly AdvancedTradeTicker[] }
>;
export type AdvancedTradeMarketTrades = Envelope<
  'market_trades',
  { readonly type: 'snapshot' | 'update'; readonly trades: readonly AdvancedTradeTrade[] }
>;
export type AdvancedTradeHeartbeats = Envelope<'heartbeats', AdvancedTradeHeartbeatEvent>;
/** Keys are the subscribed channel names (`level2`, not `l2_data`). */
export type AdvancedTradeSubscriptions = Envelope<
  'subscriptions',
  { readonly subscriptions: Readonly<Record<string, readonly string[]>> }
>;
/**
 * `candles`, `status`, `user`, `futures_balance_summary` and channels added later: envelope checked only.
 * Test `'other' in m` before switching on `channel`, since this type's `channel` is any string.
 */
export type AdvancedTradeOtherChannel = Envelope<string, Readonly<Record<string, unknown>>> & { readonly other: true };

export interface AdvancedTradeError {
  readonly type: 'error';
  readonly message: string;
}

export type AdvancedTradeMessage =
  | AdvancedTradeL2Data
  | AdvancedTradeTickerMessage
  | AdvancedTradeMarketTrades
  | AdvancedTradeHeartbeats
  | AdvancedTradeSubscriptions
  | AdvancedTradeOtherChannel
  | AdvancedTradeError;

/** Parses one Advanced Trade frame. Throws {@link CoinbaseParseError} on invalid JSON or a malformed message. */
export function parseAdvancedTradeMessage(text: string): AdvancedTradeMessage {
  return decodeAdvancedTradeMessage(parseJson(text));
}

/** Checks an already JSON-parsed Advanced Trade message. Throws {@link CoinbaseParseError} when malformed. */
export function decodeAdvancedTradeMessage(value: unknown): AdvancedTradeMessage {
  if (!isObject(value)) throw new CoinbaseParseError('message is not a JSON object');
  if (value['type'] === 'error') {
    requireString(value, 'message', 'error');
    return value as unknown as AdvancedTradeError;
  }
  const channel = value['channel'];
  if (typeof channel !== 'string') throw new CoinbaseParseError('message has no channel');
  requireString(value, 'timestamp', channel);
  requireInteger(value, 'sequence_num', channel);
  const events = requireArray(value, 'events', channel);
  for (const e of events) if (!isObject(e)) throw new CoinbaseParseError(`${channel}: events must be objects`, channel);
  const objects = events as JsonObject[];
  switch (channel) {
    case 'l2_data':
      for (const e of objects) checkL2Event(e);
      return value as unknown as AdvancedTradeL2Data;
    case 'ticker':
    case 'ticker_batch':
      for (const e of objects) {
        for (const t of requireArray(e, 'tickers', channel)) {
          if (!isObject(t)) throw new CoinbaseParseError(`${channel}: tickers must be objects`, channel);
          requireString(t, 'product_id', channel);
          requireString(t, 'price', channel);
        }
      }
      return value as unknown as AdvancedTradeTickerMessage;
    case 'market_trades':
      for (const e of objects) {
        for (const t of requireArray(e, 'trades', channel)) {
          if (!isObject(t)) throw new CoinbaseParseError(`${channel}: trades must be objects`, channel);
          for (const f of ['product_id', 'trade_id', 'price', 'size', 'time']) requireString(t, f, channel);
          if (t['side'] !== 'BUY' && t['side'] !== 'SELL') {
            throw new CoinbaseParseError(`${channel}: side must be BUY|SELL`, channel);
          }
        }
      }
      return value as unknown as AdvancedTradeMarketTrades;
    case 'heartbeats':
      for (const e of objects) {
        const counter = e['heartbeat_counter'];
        if (typeof counter !== 'string' && typeof counter !== 'number') {
          throw new CoinbaseParseError('heartbeats: heartbeat_counter missing', channel);
        }
      }
      return value as unknown as AdvancedTradeHeartbeats;
    case 'subscriptions':
      for (const e of objects) {
        if (!isObject(e['subscriptions']))
          throw new CoinbaseParseError('subscriptions: events need subscriptions', channel);
      }
      return value as unknown as AdvancedTradeSubscriptions;
    default:
      return Object.assign(value, { other: true as const }) as unknown as AdvancedTradeOtherChannel;
  }
}

function checkL2Event(e: JsonObject): void {
  if (e['type'] !== 'snapshot' && e['type'] !== 'update') {
    throw new CoinbaseParseError('l2_data: event type must be snapshot|update', 'l2_data');
  }
  requireString(e, 'product_id', 'l2_data');
  for (const u of requireArray(e, 'updates', 'l2_data')) {
    if (
      !isObject(u) ||
      (u['side'] !== 'bid' && u['side'] !== 'offer') ||
      typeof u['price_level'] !== 'string' ||
      typeof u['new_quantity'] !== 'string'
    ) {
      throw new CoinbaseParseError('l2_data: updates need side bid|offer, price_level, new_quantity', 'l2_data');
    }
  }
}
