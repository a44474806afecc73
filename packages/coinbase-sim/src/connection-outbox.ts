import type { Clock, TimerHandle } from '@truex-mm/clock';
import type { WebSocket } from 'ws';

export type StallMode = 'drop' | 'hold';

export interface OutboxOptions {
  clock: Clock;
  /** Above this many bytes queued in user space the connection is a slow consumer. */
  maxBufferedBytes: number;
  onSlowConsumer(bufferedBytes: number): void;
  onSent(): void;
}

/**
 * Every frame to one client goes through here, so the on-demand faults (stall, duplicate, reorder, drop)
 * and Coinbase's slow-consumer cut-off apply to exactly what the client would see on the wire.
 */
export class ConnectionOutbox {
  private stalledUntilMs = 0;
  private stallMode: StallMode = 'drop';
  private stallTimer: TimerHandle | undefined;
  private held: string[] = [];
  private duplicateCount = 0;
  private duplicateType: string | undefined;
  private reorderCount = 0;
  private reorderType: string | undefined;
  private dropCount = 0;
  private reorderHeld: string | undefined;
  private closed = false;
  private maxBufferedBytes: number;

  constructor(
    private readonly socket: WebSocket,
    private readonly options: OutboxOptions,
  ) {
    this.maxBufferedBytes = options.maxBufferedBytes;
  }

  setMaxBufferedBytes(bytes: number): void {
    this.maxBufferedBytes = bytes;
  }

  /** True while a stall is in force: nothing is written, pings go unanswered. */
  get stalled(): boolean {
    return this.options.clock.now() < this.stalledUntilMs;
  }

  send(frame: string): void {
    if (this.closed) return;
    if (this.stalled) {
      if (this.stallMode === 'hold') this.held.push(frame);
      return;
    }
    if (this.dropCount > 0) {
      this.dropCount--;
      return;
    }
    if (this.reorderCount > 0 && isType(frame, this.reorderType)) {
      if (this.reorderHeld === undefined) {
        this.reorderHeld = frame;
        return;
      }
      const earlier = this.reorderHeld;
      this.reorderHeld = undefined;
      this.reorderCount--;
      this.write(frame);
      this.write(earlier);
      return;
    }
    this.write(frame);
    if (this.duplicateCount > 0 && isType(frame, this.duplicateType)) {
      this.duplicateCount--;
      this.write(frame);
    }
  }

  /** Writes past every fault (garbage frames, error replies during a fault test). */
  sendRaw(frame: string): void {
    if (!this.closed) this.write(frame);
  }

  stall(ms: number, mode: StallMode): void {
    this.stalledUntilMs = this.options.clock.now() + ms;
    this.stallMode = mode;
    this.options.clock.clearTimeout(this.stallTimer);
    this.stallTimer = this.options.clock.setTimeout(() => this.endStall(), ms);
  }

  /** The next `n` frames (of `type`, when given) are written twice. */
  duplicateNext(n: number, type?: string): void {
    this.duplicateCount += n;
    this.duplicateType = type;
  }

  /** Swaps each of the next `n` pairs of frames (of `type`, when given; other frames pass in between). */
  reorderNext(n: number, type?: string): void {
    this.reorderCount += n;
    this.reorderType = type;
  }

  dropNext(n: number): void {
    this.dropCount += n;
  }

  close(): void {
    this.closed = true;
    this.options.clock.clearTimeout(this.stallTimer);
    this.held = [];
  }

  private endStall(): void {
    this.stallTimer = undefined;
    const held = this.held;
    this.held = [];
    for (const frame of held) this.send(frame);
  }

  private write(frame: string): void {
    if (this.socket.readyState !== this.socket.OPEN) return;
    this.socket.send(frame);
    this.options.onSent();
    const buffered = this.socket.bufferedAmount;
    if (buffered > this.maxBufferedBytes && !this.closed) {
      this.options.onSlowConsumer(buffered);
    }
  }
}

/** Frames are serialised with `type` first (ours and Coinbase's), so a prefix test avoids re-parsing. */
function isType(frame: string, type: string | undefined): boolean {
  return type === undefined || frame.startsWith(`{"type":"${type}"`);
}
