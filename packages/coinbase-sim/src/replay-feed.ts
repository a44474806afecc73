import type { Clock, TimerHandle } from '@truex-mm/clock';
import type { Logger } from 'pino';
import type { ExchangeChannel } from './channels';
import { formatCoinbaseTime } from './coinbase-time';
import type { FeedSource, FeedSourceSink } from './feed-source';
import type { RecordedFrame } from './recording';
import { every } from './recurring-timer';
import { l2updateChanges, snapshotLevels } from './recorded-book-message';
import { ReplayBook } from './replay-book';

export interface ReplayFeedOptions {
  frames: readonly RecordedFrame[];
  /** 1 = recorded cadence, 10 = ten times faster, 0 = as fast as the event loop allows. */
  speed: number;
  tickerBatchIntervalMs: number;
  /** Frames sent per event-loop turn at speed 0, so sockets drain and other work runs between bursts. */
  burstFrames?: number;
  clock: Clock;
  logger: Logger;
  sink: FeedSourceSink;
  onFinished(): void;
}

interface ProductState {
  readonly book: ReplayBook;
  hasBook: boolean;
  ticker?: string;
  tickerChanged: boolean;
  lastMatch?: Readonly<Record<string, unknown>>;
  sequence: number;
  lastTradeId: number;
  lastMid?: string;
}

/**
 * Plays a recording on one timeline that starts with the first subscription. Recorded frames go out
 * unchanged to the connections subscribed to their channel and product; the player also keeps each product's
 * book, ticker, last trade and sequence so late subscribers get a current snapshot and heartbeats stay honest.
 */
export class ReplayFeed implements FeedSource {
  private readonly states = new Map<string, ProductState>();
  private cursor = 0;
  private startedAtMs: number | undefined;
  private timer: TimerHandle | undefined;
  private stopTickerBatch: (() => void) | undefined;
  private stopped = false;

  constructor(private readonly options: ReplayFeedOptions) {
    if (!(options.speed >= 0)) throw new RangeError(`replay speed must be >= 0: ${options.speed}`);
    for (const f of options.frames) {
      if (f.productId && f.type !== 'subscriptions' && f.type !== 'error' && !this.states.has(f.productId)) {
        this.states.set(f.productId, {
          book: new ReplayBook(),
          hasBook: false,
          tickerChanged: false,
          sequence: 0,
          lastTradeId: 0,
        });
      }
    }
  }

  products(): readonly string[] {
    return [...this.states.keys()];
  }

  isProduct(productId: string): boolean {
    return this.states.has(productId);
  }

  get finished(): boolean {
    return this.cursor >= this.options.frames.length;
  }

  get framesPlayed(): number {
    return this.cursor;
  }

  start(): void {
    this.stopTickerBatch = every(this.options.clock, this.options.tickerBatchIntervalMs, () => this.tickerBatch());
  }

  stop(): void {
    this.stopped = true;
    this.options.clock.clearTimeout(this.timer);
    this.stopTickerBatch?.();
  }

  onSubscribed(): void {
    if (this.startedAtMs !== undefined || this.stopped) return;
    this.startedAtMs = this.options.clock.now();
    this.options.logger.info({ frames: this.options.frames.length, speed: this.options.speed }, 'replay started');
    this.schedule(0);
  }

  mid(productId: string): string | undefined {
    return this.states.get(productId)?.book.mid();
  }

  initialFrames(channel: ExchangeChannel, productId: string): string[] {
    const state = this.states.get(productId);
    if (!state) return [];
    switch (channel) {
      case 'level2':
      case 'level2_batch':
        return state.hasBook
          ? [
              JSON.stringify({
                type: 'snapshot',
                product_id: productId,
                bids: state.book.levels('buy'),
                asks: state.book.levels('sell'),
              }),
            ]
          : [];
      case 'ticker':
      case 'ticker_batch':
        return state.ticker ? [state.ticker] : [];
      case 'matches':
        return state.lastMatch ? [JSON.stringify({ ...state.lastMatch, type: 'last_match' })] : [];
      case 'heartbeat':
        return [];
    }
  }

  heartbeatFrame(productId: string): string | undefined {
    const state = this.states.get(productId);
    if (!state) return undefined;
    return JSON.stringify({
      type: 'heartbeat',
      last_trade_id: state.lastTradeId,
      product_id: productId,
      sequence: state.sequence,
      time: formatCoinbaseTime(this.options.clock.now()),
    });
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    this.timer = this.options.clock.setTimeout(() => this.play(), Math.max(0, delayMs));
  }

  private play(): void {
    const { frames, speed, clock } = this.options;
    const firstAtMs = frames[0]?.atMs ?? 0;
    const elapsedMs = clock.now() - this.startedAtMs!;
    let budget = speed === 0 ? (this.options.burstFrames ?? 256) : Number.POSITIVE_INFINITY;
    while (this.cursor < frames.length && budget > 0) {
      const frame = frames[this.cursor]!;
      if (speed > 0 && (frame.atMs - firstAtMs) / speed > elapsedMs) break;
      this.cursor++;
      budget--;
      this.apply(frame);
    }
    if (this.cursor >= frames.length) {
      this.options.logger.info({ frames: frames.length }, 'replay finished');
      this.options.onFinished();
      return;
    }
    const next = frames[this.cursor]!;
    this.schedule(speed === 0 ? 0 : (next.atMs - firstAtMs) / speed - elapsedMs);
  }

  private apply(recorded: RecordedFrame): void {
    const { sink } = this.options;
    const state = recorded.productId ? this.states.get(recorded.productId) : undefined;
    if (!state || !recorded.productId) return;
    const productId = recorded.productId;
    const m = recorded.message;
    if (typeof m['sequence'] === 'number' && m['sequence'] > state.sequence) state.sequence = m['sequence'];
    try {
      switch (recorded.type) {
        case 'snapshot': {
          const { bids, asks } = snapshotLevels(m);
          state.book.replace(bids, asks);
          state.hasBook = true;
          this.publishBook(productId, recorded.frame);
          break;
        }
        case 'l2update': {
          const changes = l2updateChanges(m);
          if (state.hasBook) for (const [side, p, s] of changes) state.book.set(side, p, s);
          this.publishBook(productId, recorded.frame);
          break;
        }
        case 'ticker':
          state.ticker = recorded.frame;
          state.tickerChanged = true;
          sink.publish('ticker', productId, recorded.frame);
          break;
        case 'match':
        case 'last_match':
          if (typeof m['trade_id'] === 'number' && m['trade_id'] >= state.lastTradeId) {
            state.lastTradeId = m['trade_id'];
            state.lastMatch = m;
          }
          sink.publish('matches', productId, recorded.frame);
          break;
        default:
          // heartbeats are generated live; full-channel and unknown types have no served channel.
          break;
      }
    } catch (error) {
      this.options.logger.warn({ err: error, productId, type: recorded.type }, 'skipping unusable recorded frame');
      return;
    }
    const mid = state.book.mid();
    if (mid !== undefined && mid !== state.lastMid) {
      state.lastMid = mid;
      sink.mid(productId, mid);
    }
  }

  private publishBook(productId: string, frame: string): void {
    this.options.sink.publish('level2', productId, frame);
    this.options.sink.publish('level2_batch', productId, frame);
  }

  private tickerBatch(): void {
    for (const [productId, state] of this.states) {
      if (!state.tickerChanged || !state.ticker) continue;
      state.tickerChanged = false;
      this.options.sink.publish('ticker_batch', productId, state.ticker);
    }
  }
}
