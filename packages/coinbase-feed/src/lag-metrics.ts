/** Upper bounds (ms) of the lag histogram buckets; the last bucket is open-ended. */
export const LAG_BUCKETS_MS: readonly number[] = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000];

export interface LagSnapshot {
  /** Samples recorded since start. */
  readonly samples: number;
  /** Latest lag (local receipt minus Coinbase `time`), ms; 0 before the first sample. May be negative on skew. */
  readonly last: number;
  readonly max: number;
  /** Over the most recent `window` samples. */
  readonly p50: number;
  readonly p99: number;
  /** Counts per bucket: `le` is the bucket's upper bound (Infinity for the last). */
  readonly histogram: ReadonlyArray<{ readonly le: number; readonly count: number }>;
}

/**
 * Message lag: how long after Coinbase stamped a message we received it. Percentiles over a ring buffer of the
 * latest samples (so an old incident ages out); the histogram and max cover the whole run.
 */
export class LagTracker {
  private readonly ring: Float64Array;
  private filled = 0;
  private next = 0;
  private count = 0;
  private last = 0;
  private max = Number.NEGATIVE_INFINITY;
  private readonly buckets = new Array<number>(LAG_BUCKETS_MS.length + 1).fill(0);

  constructor(readonly window = 1024) {
    this.ring = new Float64Array(window);
  }

  record(lagMs: number): void {
    this.count++;
    this.last = lagMs;
    if (lagMs > this.max) this.max = lagMs;
    this.ring[this.next] = lagMs;
    this.next = (this.next + 1) % this.window;
    if (this.filled < this.window) this.filled++;
    let b = 0;
    while (b < LAG_BUCKETS_MS.length && lagMs > LAG_BUCKETS_MS[b]!) b++;
    this.buckets[b]!++;
  }

  snapshot(): LagSnapshot {
    const sorted = Array.from(this.ring.subarray(0, this.filled)).sort((a, b) => a - b);
    return {
      samples: this.count,
      last: this.last,
      max: this.count === 0 ? 0 : this.max,
      p50: percentile(sorted, 0.5),
      p99: percentile(sorted, 0.99),
      histogram: this.buckets.map((count, i) => ({ le: LAG_BUCKETS_MS[i] ?? Number.POSITIVE_INFINITY, count })),
    };
  }
}

/** Nearest-rank percentile of an ascending array; 0 when empty. */
function percentile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]!;
}
