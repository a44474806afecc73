import type { ExchangeChannel } from './channels';

/** Where a source sends a frame: every connection subscribed to (channel, productId) receives it. */
export type Publish = (channel: ExchangeChannel, productId: string, frame: string) => void;

export interface FeedSourceSink {
  publish: Publish;
  /** Whether any connection is subscribed to (channel, productId); lets a source skip encoding unread frames. */
  wants(channel: ExchangeChannel, productId: string): boolean;
  mid(productId: string, mid: string): void;
}

/**
 * A market the simulator serves: the synthetic generator or a recording. Frames are pre-serialised JSON so
 * one message fans out to many connections without re-encoding.
 */
export interface FeedSource {
  products(): readonly string[];
  isProduct(productId: string): boolean;
  /** What Coinbase sends right after `subscriptions` for a newly subscribed pair (snapshot, ticker, last_match). */
  initialFrames(channel: ExchangeChannel, productId: string): string[];
  /** The per-second heartbeat; flushes anything pending first so its `sequence` covers every frame already sent. */
  heartbeatFrame(productId: string): string | undefined;
  mid(productId: string): string | undefined;
  start(): void;
  stop(): void;
  /** A connection subscribed (replay starts its timeline on the first one). */
  onSubscribed(): void;
}
