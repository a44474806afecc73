import { readFileSync } from 'node:fs';
import { sameTop } from './market-top';
import type { MarketTopChange, SteppedMarket } from './market-top';
import { l2updateChanges, snapshotLevels } from './recorded-book-message';
import { parseRecording } from './recording';
import type { RecordedFrame, Recording } from './recording';
import { ReplayBook } from './replay-book';

export interface RecordingMarketOptions {
  /** A parsed recording (`parseRecording(text)`: cryptofeed capture or JSONL). */
  recording: Recording;
  /** The product to follow (default: the first product with a snapshot). */
  product?: string;
}

/**
 * A recording replayed in-process as a stepped source of top-of-book changes, the recorded twin of
 * ScenarioMarket. Market time is milliseconds since the recording's first frame (any product), so several
 * RecordingMarkets over one recording share a timeline. Prices and sizes are the recorded strings.
 */
export class RecordingMarket implements SteppedMarket {
  readonly product: string;
  /** Market time of the product's last frame. */
  readonly durationMs: number;
  private readonly frames: readonly RecordedFrame[];
  private readonly startMs: number;
  private readonly book = new ReplayBook();
  private hasBook = false;
  private cursor = 0;
  private elapsed = 0;
  private last: MarketTopChange | undefined;
  /** Recorded book frames that could not be applied (skipped; the book waits for the next snapshot). */
  malformedFrames = 0;

  constructor(o: RecordingMarketOptions) {
    const all = o.recording.frames;
    const product = o.product ?? all.find((f) => f.type === 'snapshot' && f.productId !== undefined)?.productId;
    if (product === undefined) throw new RangeError('the recording has no snapshot');
    this.product = product;
    this.startMs = all[0]?.atMs ?? 0;
    this.frames = all.filter((f) => f.productId === product && (f.type === 'snapshot' || f.type === 'l2update'));
    if (this.frames.length === 0) throw new RangeError(`the recording has no level2 messages for ${product}`);
    this.durationMs = this.frames[this.frames.length - 1]!.atMs - this.startMs;
  }

  static fromFile(path: string, product?: string): RecordingMarket {
    return new RecordingMarket({ recording: parseRecording(readFileSync(path, 'utf8')), product });
  }

  /** Applies every frame of the product up to `elapsedMs`; returns the top changes (after each whole message). */
  advanceTo(elapsedMs: number): ReadonlyArray<MarketTopChange> {
    if (!(elapsedMs >= this.elapsed) || !Number.isFinite(elapsedMs)) {
      throw new RangeError(`advanceTo(${elapsedMs}): market time is already ${this.elapsed} ms`);
    }
    this.elapsed = elapsedMs;
    const changes: MarketTopChange[] = [];
    while (this.cursor < this.frames.length) {
      const frame = this.frames[this.cursor]!;
      const atMs = frame.atMs - this.startMs;
      if (atMs > elapsedMs) break;
      this.cursor++;
      this.apply(frame);
      this.record(atMs, changes);
    }
    return changes;
  }

  mid(): string | undefined {
    return this.hasBook ? this.book.mid() : undefined;
  }

  get finished(): boolean {
    return this.cursor >= this.frames.length;
  }

  private apply(frame: RecordedFrame): void {
    try {
      if (frame.type === 'snapshot') {
        const { bids, asks } = snapshotLevels(frame.message);
        this.book.replace(bids, asks);
        this.hasBook = true;
      } else if (this.hasBook) {
        for (const [side, price, size] of l2updateChanges(frame.message)) this.book.set(side, price, size);
      }
    } catch {
      // As a client would: a book that missed an update is wrong until the next snapshot.
      this.malformedFrames++;
      this.hasBook = false;
      this.book.replace([], []);
    }
  }

  private record(atMs: number, changes: MarketTopChange[]): void {
    const mid = this.mid();
    const bid = this.book.best('buy');
    const ask = this.book.best('sell');
    if (mid === undefined || bid === undefined || ask === undefined) {
      this.last = undefined;
      return;
    }
    const top = { bidPrice: bid[0], bidSize: bid[1], askPrice: ask[0], askSize: ask[1] };
    if (sameTop(this.last, top)) return;
    this.last = { atMs, ...top, mid };
    changes.push(this.last);
  }
}
