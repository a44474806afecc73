import { CoinbaseParseError } from './errors';
import {
  isObject,
  type JsonObject,
  optionalInteger,
  optionalString,
  parseJson,
  requireArray,
  requireInteger,
  requireLevelPairs,
  requireString,
} from './json-fields';

/*
 * Typed views of Coinbase Exchange feed messages (wss://ws-feed.exchange.coinbase.com). Field names are the wire
 * names: the parser checks the shape and returns the parsed object itself, so the hot path allocates nothing
 * beyond JSON.parse. Prices and sizes stay decimal strings.
 */

export type ExchangeSide = 'buy' | 'sell';

export interface ExchangeSubscriptions {
  readonly type: 'subscriptions';
  readonly channels: ReadonlyArray<{ readonly name: string; readonly product_ids: readonly string[] }>;
}

export interface ExchangeHeartbeat {
  readonly type: 'heartbeat';
  readonly product_id: string;
  readonly sequence: number;
  /** Has been seen stuck at 0; never rely on it alone. */
  readonly last_trade_id: number;
  readonly time: string;
}

export interface ExchangeTicker {
  readonly type: 'ticker';
  readonly product_id: string;
  readonly sequence?: number;
  readonly price: string;
  readonly open_24h?: string;
  readonly volume_24h?: string;
  readonly low_24h?: string;
  readonly high_24h?: string;
  readonly volume_30d?: string;
  readonly best_bid?: string;
  readonly best_bid_size?: string;
  readonly best_ask?: string;
  readonly best_ask_size?: string;
  /** Taker side. */
  readonly side?: ExchangeSide;
  readonly time?: string;
  readonly trade_id?: number;
  readonly last_size?: string;
}

export interface ExchangeSnapshot {
  readonly type: 'snapshot';
  readonly product_id: string;
  readonly bids: ReadonlyArray<readonly [price: string, size: string]>;
  readonly asks: ReadonlyArray<readonly [price: string, size: string]>;
  /** Absent in the docs and the 2021 recording, present in 2026 captures. */
  readonly time?: string;
}

export interface ExchangeL2Update {
  readonly type: 'l2update';
  readonly product_id: string;
  /** `[side, price, absolute size]`; a zero size removes the level. */
  readonly changes: ReadonlyArray<readonly [side: ExchangeSide, price: string, size: string]>;
  /** Sometimes "0001-01-01T00:00:00.000000Z", meaning no time. */
  readonly time?: string;
}

export interface ExchangeMatch {
  /** `last_match` is the replay of the latest trade sent once on subscribe, not a new trade. */
  readonly type: 'match' | 'last_match';
  readonly trade_id: number;
  readonly sequence: number;
  readonly maker_order_id: string;
  readonly taker_order_id: string;
  readonly time: string;
  readonly product_id: string;
  readonly size: string;
  readonly price: string;
  /** MAKER side: 'sell' means the taker bought (an up-tick). */
  readonly side: ExchangeSide;
}

export interface ExchangeError {
  readonly type: 'error';
  readonly message: string;
  readonly reason?: string;
}

export interface ExchangeStatus {
  readonly type: 'status';
  readonly products: ReadonlyArray<Readonly<Record<string, unknown>> & { readonly id: string }>;
  readonly currencies?: ReadonlyArray<Readonly<Record<string, unknown>>>;
}

/** `full`/`user` channel order events (authenticated); typed loosely because the book here is level 2. */
export interface ExchangeOrderEvent {
  readonly type: 'received' | 'open' | 'done' | 'change' | 'activate';
  readonly product_id: string;
  readonly sequence?: number;
  readonly order_id: string;
  readonly side: ExchangeSide;
  readonly price?: string;
  readonly size?: string;
  readonly time?: string;
  /** `activate` carries epoch seconds here instead of `time`. */
  readonly timestamp?: string;
  readonly [field: string]: unknown;
}

export interface ExchangeAuction {
  readonly type: 'auction';
  readonly product_id: string;
  readonly sequence: number;
  readonly auction_state: string;
  readonly best_bid_price: string;
  readonly best_bid_size: string;
  readonly best_ask_price: string;
  readonly best_ask_size: string;
  readonly open_price: string;
  readonly open_size: string;
  readonly can_open: string;
  readonly timestamp: string;
}

/** The `level3` schema message (field order for the compact array messages that follow). */
export interface ExchangeLevel3Schema {
  readonly type: 'level3';
  readonly schema: Readonly<Record<string, readonly string[]>>;
}

/** A compact `level3` array message: `[type, product_id, sequence (string), …]`. */
export interface ExchangeLevel3Event {
  readonly type: 'level3-event';
  readonly fields: readonly string[];
}

/** `rfq_match`, `balance` and any type Coinbase adds later; the docs tell clients to ignore what they do not use. */
export interface ExchangeOtherMessage {
  readonly type: 'other';
  readonly rawType: string;
  readonly message: Readonly<Record<string, unknown>>;
}

export type ExchangeMessage =
  | ExchangeSubscriptions
  | ExchangeHeartbeat
  | ExchangeTicker
  | ExchangeSnapshot
  | ExchangeL2Update
  | ExchangeMatch
  | ExchangeError
  | ExchangeStatus
  | ExchangeOrderEvent
  | ExchangeAuction
  | ExchangeLevel3Schema
  | ExchangeLevel3Event
  | ExchangeOtherMessage;

/** Parses one Exchange frame. Throws {@link CoinbaseParseError} on invalid JSON or a malformed known message. */
export function parseExchangeMessage(text: string): ExchangeMessage {
  return decodeExchangeMessage(parseJson(text));
}

/** Checks an already JSON-parsed Exchange message. Throws {@link CoinbaseParseError} when malformed. */
export function decodeExchangeMessage(value: unknown): ExchangeMessage {
  if (Array.isArray(value)) return decodeLevel3Array(value);
  if (!isObject(value)) throw new CoinbaseParseError('message is not a JSON object');
  const type = value['type'];
  if (typeof type !== 'string') throw new CoinbaseParseError('message has no type');
  switch (type) {
    case 'l2update':
      return decodeL2Update(value);
    case 'snapshot':
      requireString(value, 'product_id', type);
      requireLevelPairs(value, 'bids', type);
      requireLevelPairs(value, 'asks', type);
      optionalString(value, 'time', type);
      return value as unknown as ExchangeSnapshot;
    case 'heartbeat':
      requireString(value, 'product_id', type);
      requireInteger(value, 'sequence', type);
      requireInteger(value, 'last_trade_id', type);
      requireString(value, 'time', type);
      return value as unknown as ExchangeHeartbeat;
    case 'ticker':
      requireString(value, 'product_id', type);
      requireString(value, 'price', type);
      optionalInteger(value, 'sequence', type);
      optionalInteger(value, 'trade_id', type);
      for (const f of ['best_bid', 'best_ask', 'best_bid_size', 'best_ask_size', 'time', 'last_size']) {
        optionalString(value, f, type);
      }
      requireSideIfPresent(value, type);
      return value as unknown as ExchangeTicker;
    case 'match':
    case 'last_match':
      requireInteger(value, 'trade_id', type);
      requireInteger(value, 'sequence', type);
      for (const f of ['product_id', 'price', 'size', 'time', 'maker_order_id', 'taker_order_id']) {
        requireString(value, f, type);
      }
      requireSide(value, type);
      return value as unknown as ExchangeMatch;
    case 'subscriptions':
      for (const c of requireArray(value, 'channels', type)) {
        if (!isObject(c) || typeof c['name'] !== 'string' || !Array.isArray(c['product_ids'])) {
          throw new CoinbaseParseError('subscriptions: channels entries must be {name, product_ids}', type);
        }
      }
      return value as unknown as ExchangeSubscriptions;
    case 'error':
      requireString(value, 'message', type);
      optionalString(value, 'reason', type);
      return value as unknown as ExchangeError;
    case 'status':
      for (const p of requireArray(value, 'products', type)) {
        if (!isObject(p) || typeof p['id'] !== 'string')
          throw new CoinbaseParseError('status: product without id', type);
      }
      return value as unknown as ExchangeStatus;
    case 'received':
    case 'open':
    case 'done':
    case 'change':
    case 'activate':
      requireString(value, 'product_id', type);
      requireString(value, 'order_id', type);
      requireSide(value, type);
      optionalInteger(value, 'sequence', type);
      return value as unknown as ExchangeOrderEvent;
    case 'auction':
      requireString(value, 'product_id', type);
      requireInteger(value, 'sequence', type);
      for (const f of ['auction_state', 'best_bid_price', 'best_bid_size', 'best_ask_price', 'best_ask_size']) {
        requireString(value, f, type);
      }
      return value as unknown as ExchangeAuction;
    case 'level3':
      if (!isObject(value['schema'])) throw new CoinbaseParseError('level3: schema must be an object', type);
      return value as unknown as ExchangeLevel3Schema;
    default:
      return { type: 'other', rawType: type, message: value };
  }
}

function decodeL2Update(value: JsonObject): ExchangeL2Update {
  requireString(value, 'product_id', 'l2update');
  optionalString(value, 'time', 'l2update');
  for (const c of requireArray(value, 'changes', 'l2update')) {
    if (
      !Array.isArray(c) ||
      (c[0] !== 'buy' && c[0] !== 'sell') ||
      typeof c[1] !== 'string' ||
      typeof c[2] !== 'string'
    ) {
      throw new CoinbaseParseError('l2update: changes entries must be [buy|sell, price, size]', 'l2update');
    }
  }
  return value as unknown as ExchangeL2Update;
}

function decodeLevel3Array(value: unknown[]): ExchangeLevel3Event {
  if (value.length < 3 || !value.every((v) => typeof v === 'string')) {
    throw new CoinbaseParseError('level3 array message must hold strings [type, product_id, sequence, ...]', 'level3');
  }
  return { type: 'level3-event', fields: value as string[] };
}

function requireSide(o: JsonObject, type: string): void {
  if (o['side'] !== 'buy' && o['side'] !== 'sell') throw new CoinbaseParseError(`${type}: side must be buy|sell`, type);
}

function requireSideIfPresent(o: JsonObject, type: string): void {
  if (o['side'] !== undefined) requireSide(o, type);
}
