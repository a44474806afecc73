import type { DashboardEvent, DashboardSnapshot } from './types';

/** One point of the time series the page charts (decimal strings, as the status document gives them). */
export interface HistorySample {
  readonly timeMs: number;
  readonly fairPrice: string | null;
  readonly referenceBid: string | null;
  readonly referenceAsk: string | null;
  readonly position: string;
  readonly realizedPnl: string;
  readonly unrealizedPnl: string;
  readonly fees: string | null;
}

export interface HistoryView {
  readonly samples: readonly HistorySample[];
  readonly events: readonly DashboardEvent[];
}

export interface HistoryOptions {
  /** Samples kept (one per second: 900 = the last 15 minutes). */
  readonly maxSamples?: number;
  /** Fills, rejects and state changes kept. */
  readonly maxEvents?: number;
}

/** A fixed-capacity ring: pushing beyond capacity drops the oldest entry; no allocation per push once full. */
class Ring<T> {
  private readonly items: T[] = [];
  private start = 0;

  constructor(private readonly capacity: number) {}

  push(item: T): void {
    if (this.items.length < this.capacity) this.items.push(item);
    else {
      this.items[this.start] = item;
      this.start = (this.start + 1) % this.capacity;
    }
  }

  toArray(): T[] {
    return [...this.items.slice(this.start), ...this.items.slice(0, this.start)];
  }
}

/** The recent past, bounded, so that a page opened late shows it. */
export class DashboardHistory {
  private readonly samples: Ring<HistorySample>;
  private readonly events: Ring<DashboardEvent>;

  constructor(options: HistoryOptions = {}) {
    const maxSamples = options.maxSamples ?? 900;
    const maxEvents = options.maxEvents ?? 500;
    if (!(Number.isInteger(maxSamples) && maxSamples > 0) || !(Number.isInteger(maxEvents) && maxEvents > 0)) {
      throw new RangeError('history sizes must be positive integers');
    }
    this.samples = new Ring(maxSamples);
    this.events = new Ring(maxEvents);
  }

  /** Records the snapshot taken at `timeMs` and returns the sample stored. */
  sample(timeMs: number, snapshot: DashboardSnapshot): HistorySample {
    const status = snapshot.status;
    const reference = referenceOf(status.reference);
    const sample: HistorySample = {
      timeMs,
      fairPrice: status.fairPrice,
      referenceBid: reference?.bid ?? null,
      referenceAsk: reference?.ask ?? null,
      position: status.position,
      realizedPnl: status.realizedPnl,
      unrealizedPnl: status.unrealizedPnl,
      fees: typeof status.fees === 'string' ? status.fees : null,
    };
    this.samples.push(sample);
    return sample;
  }

  event(event: DashboardEvent): void {
    this.events.push(event);
  }

  view(): HistoryView {
    return { samples: this.samples.toArray(), events: this.events.toArray() };
  }
}

function referenceOf(value: unknown): { bid: string; ask: string } | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const { bid, ask } = value as { bid?: unknown; ask?: unknown };
  return typeof bid === 'string' && typeof ask === 'string' ? { bid, ask } : undefined;
}
