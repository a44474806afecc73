import type { OrderBook } from './order-book';
import type { Trade } from './feed-types';

/**
 * What a protocol adapter reports to the feed. The adapter knows the wire; the feed owns books, validity,
 * events and metrics, so both dialects share one set of rules.
 */
export interface MarketDataSink {
  /** The book to load a snapshot into; undefined for a product we did not ask for. */
  bookForSnapshot(product: string): OrderBook | undefined;
  /** Marks the book valid after a snapshot, then checks it like any update. */
  snapshotApplied(product: string, exchangeTimeMs: number | undefined, receivedAtMs: number): void;
  /** The book to apply an update to; undefined while it waits for a snapshot (the update is dropped). */
  bookForUpdate(product: string): OrderBook | undefined;
  /** Checks the book after a whole message (a batch may cross mid-way) and publishes a changed top. */
  updateApplied(product: string, exchangeTimeMs: number | undefined, receivedAtMs: number): void;
  trade(trade: Trade): void;
  /** A Coinbase time seen on a message: one lag sample. */
  exchangeTime(exchangeTimeMs: number | undefined, receivedAtMs: number): void;
  /** The server acknowledged or started streaming: the connection is live. */
  subscribed(): void;
  /** Throws the books away until new snapshots arrive and asks the adapter for them. */
  invalidate(products: readonly string[], reason: string): void;
  venueError(message: string, reason: string | undefined): void;
  count(counter: 'tradeIdGaps' | 'sequenceGaps' | 'duplicates'): void;
  /** Products the feed wants (for dialect-level checks such as -USDC aliasing). */
  readonly products: readonly string[];
}

/**
 * How far a counter (Advanced Trade `sequence_num`, Exchange `trade_id`) may go backwards and still be a late or
 * duplicated frame. Further back is not lateness: the previous value was garbage (one garbled frame would
 * otherwise make every later frame look like a duplicate, freezing the book) or the counter restarted, so it is
 * handled as a gap: books invalid, resync, the new value becomes the baseline.
 */
export const LATE_FRAME_WINDOW = 1000;

/** One dialect of the Coinbase feed: the frames to send, and how to read the frames received. */
export interface ProtocolAdapter {
  /** Whether subscribeFrames includes the heartbeat channel (then silence is judged against its cadence). */
  readonly subscribesHeartbeats: boolean;
  /** Frames to send right after the socket opens (well within Coinbase's 5 s subscribe deadline). */
  subscribeFrames(products: readonly string[], nowMs: number): string[];
  /** Frames that make the server send fresh book snapshots for `products` on the live connection. */
  resyncFrames(products: readonly string[], nowMs: number): string[];
  /** A new connection: per-connection state (sequence numbers) starts over. */
  connectionOpened(): void;
  /** Reads one frame; throws CoinbaseParseError (or RangeError on a bad decimal) when malformed. */
  handleFrame(text: string, receivedAtMs: number, sink: MarketDataSink): void;
}
