/**
 * A fixed-capacity FIFO over a preallocated array: push, peek and drop are O(1) (peek copies what it returns) and
 * nothing is reallocated on the trading path. Consumers `peek` a batch, hand it off, and `drop` it only once the
 * hand-off succeeded, so a failed hand-off loses nothing.
 */
export class RingQueue<T> {
  private readonly slots: Array<T | undefined>;
  private head = 0;
  private count = 0;

  constructor(readonly capacity: number) {
    if (!Number.isSafeInteger(capacity) || capacity < 1) throw new RangeError(`capacity must be >= 1 (${capacity})`);
    this.slots = new Array<T | undefined>(capacity);
  }

  get size(): number {
    return this.count;
  }

  get isFull(): boolean {
    return this.count === this.capacity;
  }

  /** Returns false (and stores nothing) when full. */
  push(item: T): boolean {
    if (this.count === this.capacity) return false;
    this.slots[(this.head + this.count) % this.capacity] = item;
    this.count++;
    return true;
  }

  /** The oldest `max` items, oldest first, without removing them. */
  peek(max: number): T[] {
    const n = Math.min(max, this.count);
    const out = new Array<T>(n);
    for (let i = 0; i < n; i++) out[i] = this.slots[(this.head + i) % this.capacity] as T;
    return out;
  }

  /** Removes the oldest `n` items. */
  drop(n: number): void {
    const k = Math.min(n, this.count);
    for (let i = 0; i < k; i++) this.slots[(this.head + i) % this.capacity] = undefined;
    this.head = (this.head + k) % this.capacity;
    this.count -= k;
  }
}
