import { EventEmitter } from 'node:events';

import { type Clock, systemClock } from '@truex-mm/clock';
import pino, { type Logger } from 'pino';

import { AdvancedTradeAdapter } from './advanced-trade-adapter';
import { CoinbaseFeedError, CoinbaseParseError } from './errors';
import { ExchangeAdapter } from './exchange-adapter';
import { FeedConnection } from './feed-connection';
import {
  ADVANCED_TRADE_FEED_URL,
  type CoinbaseFeedOptions,
  EXCHANGE_FEED_URL,
  type FeedMetrics,
  type FeedState,
  type TopOfBook,
  type Trade,
} from './feed-types';
import { LagTracker } from './lag-metrics';
import type { MarketDataSink, ProtocolAdapter } from './market-data-sink';
import { OrderBook } from './order-book';

interface ProductBook {
  readonly book: OrderBook;
  valid: boolean;
  /** A resync request is in flight: further invalidations wait for its snapshot instead of asking again. */
  resyncRequested: boolean;
  top: TopOfBook | undefined;
}

type Counter =
  | 'malformed'
  | 'bookInvalidations'
  | 'tradeIdGaps'
  | 'sequenceGaps'
  | 'duplicates'
  | 'updatesWithoutBook'
  | 'venueErrors'
  | 'listenerErrors';

/** Silence, in heartbeat intervals, after which a live feed is no longer a fresh reference (one missed beat + slack). */
export const LIVENESS_HEARTBEATS = 1.5;

/** How much of a bad frame goes into the log: enough to recognise it, never megabytes. */
const LOGGED_FRAME_CHARS = 200;

function truncatedFrame(text: string): string {
  return text.length <= LOGGED_FRAME_CHARS ? text : `${text.slice(0, LOGGED_FRAME_CHARS)}…(${text.length} chars)`;
}

function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/** Reasons Coinbase gives when a product can never be subscribed; retrying would loop forever. */
const PERMANENT_PRODUCT_FAILURE = /^\s*(\S+) is (?:not a valid product|delisted)/;

/**
 * Coinbase market data: one WebSocket, validated level-2 books per product, top-of-book and trade events.
 *
 * Events: 'top' (best bid/ask or their sizes changed on a valid book), 'trade', 'state', 'liveness' (live,
 * ageMs: false after {@link livenessWindowMs} of silence or on disconnect, true on the next message), 'book-invalid'
 * (product, reason), 'error' (CoinbaseFeedError; only emitted when someone listens, otherwise logged, so a
 * venue error never crashes the process).
 */
export class CoinbaseFeed extends EventEmitter {
  private stopping = false;
  private readonly clock: Clock;
  private readonly logger: Logger;
  private readonly adapter: ProtocolAdapter;
  private readonly connection: FeedConnection;
  private readonly books = new Map<string, ProductBook>();
  private readonly wanted: string[];
  private readonly lag = new LagTracker();
  private messages = 0;
  private readonly counters: Record<Counter, number> = {
    malformed: 0,
    bookInvalidations: 0,
    tradeIdGaps: 0,
    sequenceGaps: 0,
    duplicates: 0,
    updatesWithoutBook: 0,
    venueErrors: 0,
    listenerErrors: 0,
  };
  private readonly sink: MarketDataSink;
  /** A live feed silent this long is not a fresh reference: 1.5 heartbeat intervals, at most staleAfterMs. */
  readonly livenessWindowMs: number;

  constructor(options: CoinbaseFeedOptions = {}) {
    super();
    const dialect = options.dialect ?? 'exchange';
    const products = options.products ?? ['BTC-USD'];
    if (products.length === 0) throw new CoinbaseFeedError('CONFIG', 'products must not be empty');
    if (dialect === 'advanced-trade' && options.auth) {
      throw new CoinbaseFeedError('CONFIG', 'auth (key/passphrase/secret) applies to the exchange dialect only');
    }
    if (options.auth && (!options.auth.key || !options.auth.passphrase || !options.auth.secret)) {
      throw new CoinbaseFeedError('CONFIG', 'auth needs key, passphrase and secret');
    }
    this.wanted = [...new Set(products)];
    this.clock = options.clock ?? systemClock;
    this.logger = options.logger ?? pino({ level: 'silent' });
    this.adapter = dialect === 'exchange' ? new ExchangeAdapter(options.auth) : new AdvancedTradeAdapter();
    for (const p of this.wanted)
      this.books.set(p, { book: new OrderBook(), valid: false, resyncRequested: false, top: undefined });
    const r = options.reconnect ?? {};
    const staleAfterMs = options.staleAfterMs ?? 3000;
    const heartbeatIntervalMs = options.heartbeatIntervalMs ?? 1000;
    if (!(staleAfterMs > 0) || !(heartbeatIntervalMs > 0)) {
      throw new CoinbaseFeedError('CONFIG', 'staleAfterMs and heartbeatIntervalMs must be positive');
    }
    this.livenessWindowMs = this.adapter.subscribesHeartbeats
      ? Math.min(staleAfterMs, LIVENESS_HEARTBEATS * heartbeatIntervalMs)
      : staleAfterMs;
    this.connection = new FeedConnection(
      {
        url: options.url ?? (dialect === 'exchange' ? EXCHANGE_FEED_URL : ADVANCED_TRADE_FEED_URL),
        clock: this.clock,
        logger: this.logger,
        staleAfterMs,
        livenessWindowMs: this.livenessWindowMs,
        pingIntervalMs: options.pingIntervalMs ?? 10_000,
        pongTimeoutMs: options.pongTimeoutMs ?? 10_000,
        backoff: {
          initialDelayMs: r.initialDelayMs ?? 1000,
          maxDelayMs: r.maxDelayMs ?? 30_000,
          random: r.random ?? Math.random,
        },
        rateLimitedDelayMs: r.rateLimitedDelayMs ?? 16_000,
        stableAfterMs: r.stableAfterMs ?? 30_000,
      },
      {
        opened: () => this.onOpened(),
        frame: (text, receivedAtMs) => this.onFrame(text, receivedAtMs),
        down: (reason) => this.invalidateAll(`disconnected: ${reason}`),
        state: (state) => this.emit('state', state),
        liveness: (live, ageMs) => this.emit('liveness', live, ageMs),
        socketError: (error) =>
          this.reportError(new CoinbaseFeedError('CONNECTION_ERROR', `coinbase feed socket: ${error.message}`)),
      },
    );
    this.sink = this.createSink();
  }

  get state(): FeedState {
    return this.connection.state;
  }

  /** Products still subscribed (a product Coinbase rejected for good is removed). */
  get products(): readonly string[] {
    return this.wanted;
  }

  start(): void {
    this.connection.start();
  }

  /** Closes the socket; no reconnect afterwards. Resolves once the socket is closed. */
  async stop(): Promise<void> {
    this.stopping = true;
    await this.connection.stop();
  }

  /**
   * Best bid/ask of a valid book on a fresh feed; undefined with no snapshot yet, after a crossed book, a gap or a
   * disconnect, and while the feed has been silent for {@link livenessWindowMs} (the book is kept: a late message
   * brings it back).
   */
  topOfBook(product: string): TopOfBook | undefined {
    const p = this.books.get(product);
    return p !== undefined && p.valid && this.connection.isLive(this.clock.now()) ? p.top : undefined;
  }

  /**
   * Milliseconds since the last message of any kind (heartbeats included) at `nowMs`; undefined unless the feed
   * is subscribing or live. This is the age of the reference: order placement should require it to be below
   * {@link livenessWindowMs}.
   */
  lastMessageAgeMs(nowMs: number = this.clock.now()): number | undefined {
    return this.connection.lastMessageAgeMs(nowMs);
  }

  /** Live and a message within {@link livenessWindowMs} of `nowMs`: the only time quoting on this feed is safe. */
  isLive(nowMs: number = this.clock.now()): boolean {
    return this.connection.isLive(nowMs);
  }

  /** The live book of a product, for depth reads; check {@link topOfBook} (or 'book-invalid') for validity. */
  orderBook(product: string): OrderBook | undefined {
    return this.books.get(product)?.book;
  }

  metrics(): FeedMetrics {
    return {
      messages: this.messages,
      ...this.counters,
      reconnects: this.connection.reconnects,
      staleEvents: this.connection.staleEvents,
      livenessLapses: this.connection.livenessLapses,
      lagMs: this.lag.snapshot(),
    };
  }

  override on(event: 'top', listener: (top: TopOfBook) => void): this;
  override on(event: 'trade', listener: (trade: Trade) => void): this;
  override on(event: 'state', listener: (state: FeedState) => void): this;
  override on(event: 'liveness', listener: (live: boolean, ageMs: number) => void): this;
  override on(event: 'book-invalid', listener: (product: string, reason: string) => void): this;
  override on(event: 'error', listener: (error: CoinbaseFeedError) => void): this;
  override on(event: string | symbol, listener: (...args: never[]) => void): this {
    return super.on(event, listener as (...args: unknown[]) => void);
  }

  override once(event: 'top', listener: (top: TopOfBook) => void): this;
  override once(event: 'trade', listener: (trade: Trade) => void): this;
  override once(event: 'state', listener: (state: FeedState) => void): this;
  override once(event: 'liveness', listener: (live: boolean, ageMs: number) => void): this;
  override once(event: 'book-invalid', listener: (product: string, reason: string) => void): this;
  override once(event: 'error', listener: (error: CoinbaseFeedError) => void): this;
  override once(event: string | symbol, listener: (...args: never[]) => void): this {
    return super.once(event, listener as (...args: unknown[]) => void);
  }

  private onOpened(): void {
    this.adapter.connectionOpened();
    for (const p of this.books.values()) p.resyncRequested = false;
    for (const frame of this.adapter.subscribeFrames(this.wanted, this.clock.now())) this.connection.send(frame);
  }

  /**
   * The inbound error boundary: whatever a frame does (garbage, a malformed known message, a parser bug), it is
   * counted, logged with a truncated copy of the frame and skipped; the socket's read loop never sees a throw.
   * Listener exceptions never get here: {@link emit} contains them.
   */
  private onFrame(text: string, receivedAtMs: number): void {
    this.messages++;
    try {
      this.adapter.handleFrame(text, receivedAtMs, this.sink);
    } catch (e) {
      this.counters.malformed++;
      const expected = e instanceof CoinbaseParseError || e instanceof RangeError;
      this.logger.warn(
        { err: errorText(e), bytes: text.length, frame: truncatedFrame(text) },
        'coinbase feed: malformed frame skipped',
      );
      if (expected) return;
      // A parser bug: the message may have been half applied, so no book is trusted until its next snapshot.
      this.invalidate([...this.books.keys()], `frame handling failed: ${errorText(e)}`, true);
      this.reportError(new CoinbaseFeedError('INTERNAL', `coinbase feed: frame handling failed: ${errorText(e)}`));
    }
  }

  /**
   * Every listener runs in its own try/catch: a consumer's exception is counted (`listenerErrors`), logged and
   * reported as an INTERNAL error, and neither the other listeners, the frame being read, nor the connection's
   * state machine (which emits 'state' and 'liveness' from its timers) are interrupted.
   */
  override emit(event: string | symbol, ...args: unknown[]): boolean {
    const listeners = this.rawListeners(event) as Array<(...a: unknown[]) => unknown>;
    for (const listener of listeners) {
      try {
        listener.apply(this, args);
      } catch (e) {
        this.counters.listenerErrors++;
        this.logger.error({ event: String(event), err: errorText(e) }, 'coinbase feed: listener threw');
        if (event !== 'error') {
          this.reportError(
            new CoinbaseFeedError('INTERNAL', `coinbase feed: '${String(event)}' listener threw: ${errorText(e)}`),
          );
        }
      }
    }
    return listeners.length > 0;
  }

  private createSink(): MarketDataSink {
    return {
      products: this.wanted, // the same array: a rejected product leaves it in place
      bookForSnapshot: (product) => this.books.get(product)?.book,
      snapshotApplied: (product, exchangeTimeMs, receivedAtMs) => {
        const p = this.books.get(product)!;
        p.valid = true;
        p.resyncRequested = false;
        p.top = undefined;
        this.checkBook(product, p, exchangeTimeMs, receivedAtMs);
      },
      bookForUpdate: (product) => {
        const p = this.books.get(product);
        if (p === undefined) return undefined;
        if (!p.valid) {
          this.counters.updatesWithoutBook++;
          return undefined;
        }
        return p.book;
      },
      updateApplied: (product, exchangeTimeMs, receivedAtMs) => {
        this.checkBook(product, this.books.get(product)!, exchangeTimeMs, receivedAtMs);
      },
      trade: (trade) => this.emit('trade', trade),
      exchangeTime: (exchangeTimeMs, receivedAtMs) => {
        if (exchangeTimeMs !== undefined) this.lag.record(receivedAtMs - exchangeTimeMs);
      },
      subscribed: () => this.connection.markLive(),
      invalidate: (products, reason) => this.invalidate(products, reason, true),
      venueError: (message, reason) => this.onVenueError(message, reason),
      count: (counter) => this.counters[counter]++,
    };
  }

  private checkBook(product: string, p: ProductBook, exchangeTimeMs: number | undefined, receivedAtMs: number): void {
    if (p.book.isCrossed()) {
      const bid = p.book.bestBid()!.price;
      const ask = p.book.bestAsk()!.price;
      this.invalidate([product], `crossed book: bid ${bid} >= ask ${ask}`, true);
      return;
    }
    const bid = p.book.bestBid();
    const ask = p.book.bestAsk();
    if (bid === undefined || ask === undefined) {
      p.top = undefined;
      return;
    }
    const t = p.top;
    if (
      t !== undefined &&
      t.bidPrice === bid.price &&
      t.bidSize === bid.size &&
      t.askPrice === ask.price &&
      t.askSize === ask.size
    ) {
      return;
    }
    // Two literals rather than a conditional spread: no temporary object, and each keeps one shape.
    p.top =
      exchangeTimeMs !== undefined
        ? {
            product,
            bidPrice: bid.price,
            bidSize: bid.size,
            askPrice: ask.price,
            askSize: ask.size,
            exchangeTimeMs,
            receivedAtMs,
          }
        : { product, bidPrice: bid.price, bidSize: bid.size, askPrice: ask.price, askSize: ask.size, receivedAtMs };
    this.emit('top', p.top);
  }

  private invalidate(products: readonly string[], reason: string, resync: boolean): void {
    const toResync: string[] = [];
    for (const product of products) {
      const p = this.books.get(product);
      if (p === undefined) continue;
      if (p.valid) {
        p.valid = false;
        p.top = undefined;
        p.book.clear();
        this.counters.bookInvalidations++;
        // A book dropped by our own stop() is expected, not something an operator must look at.
        if (this.stopping) this.logger.debug({ product, reason }, 'coinbase feed: book invalid');
        else this.logger.warn({ product, reason }, 'coinbase feed: book invalid');
        this.emit('book-invalid', product, reason);
      }
      if (resync && !p.resyncRequested) {
        p.resyncRequested = true;
        toResync.push(product);
      }
    }
    if (toResync.length > 0 && (this.state === 'live' || this.state === 'subscribing')) {
      for (const frame of this.adapter.resyncFrames(toResync, this.clock.now())) this.connection.send(frame);
    }
  }

  private invalidateAll(reason: string): void {
    this.invalidate([...this.books.keys()], reason, false);
  }

  private onVenueError(message: string, reason: string | undefined): void {
    this.counters.venueErrors++;
    const rejected = reason === undefined ? null : PERMANENT_PRODUCT_FAILURE.exec(reason);
    const product = rejected?.[1];
    if (product !== undefined && this.books.has(product)) {
      // Dropped from the desired set so reconnects stop asking for it; the other products carry on.
      this.books.delete(product);
      this.wanted.splice(this.wanted.indexOf(product), 1);
      this.reportError(new CoinbaseFeedError('SUBSCRIBE_REJECTED', `${message}: ${reason}`, reason));
      return;
    }
    const hint = /require[s]? authentication/i.test(reason ?? '')
      ? ' (configure auth with an Exchange API key, or use the public level2_batch channel)'
      : '';
    this.reportError(
      new CoinbaseFeedError('VENUE_ERROR', `coinbase: ${message}${reason ? `: ${reason}` : ''}${hint}`, reason),
    );
  }

  private reportError(error: CoinbaseFeedError): void {
    this.logger.error({ code: error.code, err: error.message }, 'coinbase feed error');
    if (this.listenerCount('error') > 0) this.emit('error', error);
  }
}
