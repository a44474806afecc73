/**
 * Sliding one-second window over message arrival times. TrueX's limit (~10 msg/s, README §4.8) is not documented
 * in detail; the simulator answers an excess message with 35=j 380=8 instead of processing it.
 */
export class MessageRateLimiter {
  private readonly arrivals: number[] = [];
  private head = 0;

  /** `limitPerSec` 0 disables the limit. */
  constructor(
    private limitPerSec: number,
    private readonly windowMs = 1000,
  ) {}

  setLimit(limitPerSec: number): void {
    this.limitPerSec = limitPerSec;
  }

  /** Records an arrival at `nowMs`; returns false when it exceeds the limit (the excess is not counted). */
  tryAcquire(nowMs: number): boolean {
    if (this.limitPerSec <= 0) return true;
    while (this.head < this.arrivals.length && this.arrivals[this.head]! <= nowMs - this.windowMs) this.head++;
    if (this.head > 1024) {
      this.arrivals.splice(0, this.head);
      this.head = 0;
    }
    if (this.arrivals.length - this.head >= this.limitPerSec) return false;
    this.arrivals.push(nowMs);
    return true;
  }
}
