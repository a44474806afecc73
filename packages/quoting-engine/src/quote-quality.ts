/** One of our orders as the venue shows it. */
export interface VenueOrderView {
  readonly side: 'buy' | 'sell';
  readonly price: string;
}

export interface QuoteQualityReport {
  readonly durationS: number;
  /** Orders resting at the venue, time-averaged. */
  readonly liveOrders: { readonly mean: number; readonly bids: number; readonly asks: number };
  /** The fewest orders a side kept for a whole second (min over every 1 s window of the window's maximum). */
  readonly minPerSideOver1s: { readonly bids: number; readonly asks: number };
  readonly lifetimeMs: {
    readonly p10: number;
    readonly p50: number;
    readonly p90: number;
    readonly count: number;
  } | null;
  readonly messagesPerSec: { readonly mean: number; readonly max1s: number };
  readonly actionsByReason: Readonly<Record<string, number>>;
  readonly fills: number;
  /** Mean markout per fill in bps of price: (fair value h later − fill price) for a buy, the opposite for a sell. */
  readonly markoutBps: { readonly at1s: number | null; readonly at5s: number | null };
  /** Time during which at least one of our orders rested within the minimum edge of fair value, and through it. */
  readonly withinMinEdgeMs: number;
  readonly throughFairValueMs: number;
  readonly rejectsByText: Readonly<Record<string, number>>;
}

interface Sample {
  readonly atMs: number;
  readonly bids: number;
  readonly asks: number;
}

interface PendingMarkout {
  readonly atMs: number;
  readonly sign: 1 | -1;
  readonly price: number;
  at1s?: number;
  at5s?: number;
}

function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return 0;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i];
}

/** Sliding-window minimum of the per-window maximum, windows of `windowMs`, over step samples. */
function minOfWindowMax(samples: readonly Sample[], pick: (s: Sample) => number, windowMs: number): number {
  if (samples.length === 0) return 0;
  let best = Number.POSITIVE_INFINITY;
  let j = 0;
  for (let i = 0; i < samples.length; i++) {
    const end = samples[i].atMs + windowMs;
    if (end > samples[samples.length - 1].atMs) break;
    let max = 0;
    for (j = i; j < samples.length && samples[j].atMs < end; j++) max = Math.max(max, pick(samples[j]));
    best = Math.min(best, max);
  }
  return best === Number.POSITIVE_INFINITY ? pick(samples[0]) : best;
}

/**
 * Quote quality as a user choosing parameters needs it, measured from the venue's view of our orders (sampled) and
 * from what the engine sent: how full the ladder stayed, how long orders lived, how many messages it cost, how
 * fills marked out, and how long any order sat within the minimum edge of fair value or through it.
 * Each figure has one definition, here; the replay and the e2e tests print and assert these.
 */
export class QuoteQuality {
  private readonly samples: Sample[] = [];
  private readonly messageTimes: number[] = [];
  private readonly reasons = new Map<string, number>();
  private readonly lifetimes: number[] = [];
  private readonly rejects = new Map<string, number>();
  private readonly markouts: PendingMarkout[] = [];
  private withinEdgeMs = 0;
  private throughMs = 0;
  private lastSample?: { atMs: number; within: boolean; through: boolean };
  private firstMs?: number;

  /** Nothing before `fromMs` counts (e.g. while the first ladder is being placed). */
  constructor(private readonly options: { readonly fromMs?: number } = {}) {}

  private counts(atMs: number): boolean {
    return atMs >= (this.options.fromMs ?? Number.NEGATIVE_INFINITY);
  }

  /**
   * The venue's view of our orders at `atMs`, with fair value and the minimum edge (price units) then. Samples
   * should be evenly spaced; each holds until the next.
   */
  sample(atMs: number, fairValue: number, minEdge: number, orders: readonly VenueOrderView[]): void {
    if (!this.counts(atMs)) return;
    this.firstMs ??= atMs;
    let bids = 0;
    let asks = 0;
    let within = false;
    let through = false;
    for (const o of orders) {
      const price = Number(o.price);
      const distance = o.side === 'buy' ? fairValue - price : price - fairValue;
      if (o.side === 'buy') bids++;
      else asks++;
      if (distance < minEdge) within = true;
      if (distance <= 0) through = true;
    }
    if (this.lastSample) {
      const dt = atMs - this.lastSample.atMs;
      if (this.lastSample.within) this.withinEdgeMs += dt;
      if (this.lastSample.through) this.throughMs += dt;
    }
    this.lastSample = { atMs, within, through };
    this.samples.push({ atMs, bids, asks });
    for (const m of this.markouts) {
      if (m.at1s === undefined && atMs >= m.atMs + 1000) m.at1s = (m.sign * (fairValue - m.price) * 10_000) / m.price;
      if (m.at5s === undefined && atMs >= m.atMs + 5000) m.at5s = (m.sign * (fairValue - m.price) * 10_000) / m.price;
    }
  }

  /** An order message went out for `reason`. */
  messageSent(atMs: number, reason: string): void {
    if (!this.counts(atMs)) return;
    this.messageTimes.push(atMs);
    this.reasons.set(reason, (this.reasons.get(reason) ?? 0) + 1);
  }

  /** One of our orders ended at `atMs` (replaced, cancelled, filled) after resting `lifetimeMs` at the venue. */
  orderEnded(atMs: number, lifetimeMs: number): void {
    if (this.counts(atMs)) this.lifetimes.push(lifetimeMs);
  }

  fill(atMs: number, side: 'buy' | 'sell', price: string): void {
    if (!this.counts(atMs)) return;
    this.markouts.push({ atMs, sign: side === 'buy' ? 1 : -1, price: Number(price) });
  }

  reject(atMs: number, text: string): void {
    if (!this.counts(atMs)) return;
    this.rejects.set(text, (this.rejects.get(text) ?? 0) + 1);
  }

  report(): QuoteQualityReport {
    const s = this.samples;
    const durationMs = s.length > 1 ? s[s.length - 1].atMs - s[0].atMs : 0;
    let bidArea = 0;
    let askArea = 0;
    for (let i = 0; i + 1 < s.length; i++) {
      const dt = s[i + 1].atMs - s[i].atMs;
      bidArea += s[i].bids * dt;
      askArea += s[i].asks * dt;
    }
    const mean = (area: number): number => (durationMs === 0 ? 0 : Math.round((area / durationMs) * 10) / 10);
    const lifetimes = [...this.lifetimes].sort((a, b) => a - b);
    const times = this.messageTimes;
    let max1s = 0;
    for (let i = 0, j = 0; i < times.length; i++) {
      while (times[i] - times[j] >= 1000) j++;
      max1s = Math.max(max1s, i - j + 1);
    }
    const avg = (xs: number[]): number | null =>
      xs.length === 0 ? null : Math.round((xs.reduce((a, b) => a + b, 0) / xs.length) * 100) / 100;
    return {
      durationS: Math.round(durationMs / 100) / 10,
      liveOrders: { mean: mean(bidArea + askArea), bids: mean(bidArea), asks: mean(askArea) },
      minPerSideOver1s: {
        bids: minOfWindowMax(s, (x) => x.bids, 1000),
        asks: minOfWindowMax(s, (x) => x.asks, 1000),
      },
      lifetimeMs:
        lifetimes.length === 0
          ? null
          : {
              p10: percentile(lifetimes, 10),
              p50: percentile(lifetimes, 50),
              p90: percentile(lifetimes, 90),
              count: lifetimes.length,
            },
      messagesPerSec: {
        mean: durationMs === 0 ? 0 : Math.round((times.length / (durationMs / 1000)) * 100) / 100,
        max1s,
      },
      actionsByReason: Object.fromEntries([...this.reasons.entries()].sort()),
      fills: this.markouts.length,
      markoutBps: {
        at1s: avg(this.markouts.flatMap((m) => (m.at1s === undefined ? [] : [m.at1s]))),
        at5s: avg(this.markouts.flatMap((m) => (m.at5s === undefined ? [] : [m.at5s]))),
      },
      withinMinEdgeMs: this.withinEdgeMs,
      throughFairValueMs: this.throughMs,
      rejectsByText: Object.fromEntries([...this.rejects.entries()].sort()),
    };
  }
}
