import type { Clock, TimerHandle } from '@truex-mm/clock';
import type { TradingEventOf } from './trading-event';

type ReferencePrice = TradingEventOf<'reference-price'>;

/**
 * Throttles reference prices per (run, product): a price is passed on when it differs from the last one passed on
 * (bid, ask, mid or fair value) and at least `minIntervalMs` has gone by since then. A change that arrives too soon
 * is not lost: the newest one is held and passed on when the interval ends (trailing edge), so the stored series
 * always ends at the true latest price. Unchanged prices are never stored twice.
 */
export class ReferencePriceSampler {
  private readonly products = new Map<string, ProductState>();
  private sampled = 0;
  private skipped = 0;

  constructor(
    private readonly emit: (event: ReferencePrice) => void,
    private readonly clock: Clock,
    readonly minIntervalMs = 250,
  ) {}

  /** Offers one price; O(1). */
  offer(event: ReferencePrice): void {
    const key = `${event.runId}\u0000${event.product}`;
    let state = this.products.get(key);
    if (!state) {
      state = { lastEmitted: undefined, lastEmittedAtMs: -Infinity, held: undefined, timer: undefined };
      this.products.set(key, state);
    }
    if (state.lastEmitted && samePrice(state.lastEmitted, event)) {
      // Back to the stored price before the held change was written: the held one is stale.
      state.held = undefined;
      this.skipped++;
      return;
    }
    const now = this.clock.now();
    if (now - state.lastEmittedAtMs >= this.minIntervalMs && state.timer === undefined) {
      this.pass(state, event, now);
      return;
    }
    if (state.held) this.skipped++;
    state.held = event;
    if (state.timer === undefined) {
      const s = state;
      s.timer = this.clock.setTimeout(
        () => {
          s.timer = undefined;
          const held = s.held;
          s.held = undefined;
          if (held) this.pass(s, held, this.clock.now());
        },
        Math.max(0, state.lastEmittedAtMs + this.minIntervalMs - now),
      );
    }
  }

  /** Passes on every held price now (at shutdown). */
  flush(): void {
    for (const state of this.products.values()) {
      this.clock.clearTimeout(state.timer);
      state.timer = undefined;
      const held = state.held;
      state.held = undefined;
      if (held) this.pass(state, held, this.clock.now());
    }
  }

  counters(): { referencePricesSampled: number; referencePricesSkipped: number } {
    return { referencePricesSampled: this.sampled, referencePricesSkipped: this.skipped };
  }

  private pass(state: ProductState, event: ReferencePrice, now: number): void {
    state.lastEmitted = event;
    state.lastEmittedAtMs = now;
    this.sampled++;
    this.emit(event);
  }
}

interface ProductState {
  lastEmitted: ReferencePrice | undefined;
  lastEmittedAtMs: number;
  held: ReferencePrice | undefined;
  timer: TimerHandle | undefined;
}

function samePrice(a: ReferencePrice, b: ReferencePrice): boolean {
  return a.bidPrice === b.bidPrice && a.askPrice === b.askPrice && a.mid === b.mid && a.fairValue === b.fairValue;
}
