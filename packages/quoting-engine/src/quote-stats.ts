import { SpreadCaptureTally, fillRate } from '@truex-mm/trading-figures';
import { build as buildHistogram, type Histogram } from 'hdr-histogram-js';

/**
 * The original design's figures, computed from what actually happened: fill rate, spread capture, order lifetimes and
 * acknowledgement latency. Fill rate and spread capture are `@truex-mm/trading-figures`' definitions (the run report
 * uses the same ones; docs/FIGURES.md):
 *
 * - fill rate = orders that received at least one fill / acknowledged orders, 4 decimals.
 * - spread capture = Σ edge captured at fill / Σ edge quoted at placement, quantity-weighted, where
 *   edge = (fair value − price) for a buy and (price − fair value) for a sell; 4 decimals, null while the quoted
 *   edge is ≤ 0. 1 means fills happened exactly at the edge we quoted; less means the market moved against the
 *   quote before it filled (adverse selection).
 */
interface Placement {
  side: 'buy' | 'sell';
  price: string;
  fairValue: string;
}

const MAX_SPARE_PLACEMENTS = 256;

export class QuoteStats {
  // Strings only: placement is on the tick-to-wire path, so the decimal work waits until a fill needs it.
  private readonly placements = new Map<string, Placement>();
  /** Placements of orders that ended unfilled, reused by the next ones (a steady ladder allocates none). */
  private readonly spare: Placement[] = [];
  private readonly filledOrders = new Set<string>();
  private acked = 0;
  private readonly capture = new SpreadCaptureTally();
  private readonly ackLatencyMs: Histogram = buildHistogram({
    lowestDiscernibleValue: 1,
    highestTrackableValue: 600_000,
    numberOfSignificantValueDigits: 3,
  });
  private readonly lifetimeMs: Histogram = buildHistogram({
    lowestDiscernibleValue: 1,
    highestTrackableValue: 3_600_000,
    numberOfSignificantValueDigits: 3,
  });

  /** An order was sent at `price` while fair value was `fairValue`. */
  placed(clOrdId: string, side: 'buy' | 'sell', price: string, fairValue: string): void {
    const placement = this.spare.pop() ?? { side, price, fairValue };
    placement.side = side;
    placement.price = price;
    placement.fairValue = fairValue;
    this.placements.set(clOrdId, placement);
  }

  /** Fair value when the order was sent, while the order is tracked (recorded with the order for the report). */
  placementFairValue(clOrdId: string): string | undefined {
    return this.placements.get(clOrdId)?.fairValue;
  }

  acknowledged(latencyMs: number): void {
    this.acked++;
    this.ackLatencyMs.recordValue(Math.max(1, Math.round(latencyMs)));
  }

  /** A live order ended (cancelled, replaced, filled) after `ageMs`. */
  ended(clOrdId: string, ageMs: number): void {
    this.lifetimeMs.recordValue(Math.max(1, Math.round(ageMs)));
    if (this.filledOrders.has(clOrdId)) return;
    const placement = this.placements.get(clOrdId);
    if (placement === undefined) return;
    this.placements.delete(clOrdId);
    if (this.spare.length < MAX_SPARE_PLACEMENTS) this.spare.push(placement);
  }

  filled(clOrdId: string, side: 'buy' | 'sell', quantity: string, price: string, fairValue: string | undefined): void {
    this.filledOrders.add(clOrdId);
    const placement = this.placements.get(clOrdId);
    if (!placement || fairValue === undefined) return;
    this.capture.add({
      side,
      quantity,
      price,
      fairValueAtFill: fairValue,
      quotedPrice: placement.price,
      fairValueAtQuote: placement.fairValue,
    });
  }

  /** fillRate and spreadCapture are the figures' 4-decimal ratios as numbers (JSON /status). */
  snapshot(): {
    ordersAcknowledged: number;
    ordersFilled: number;
    fillRate: number | null;
    spreadCapture: number | null;
    ackLatencyMs: { p50: number; p99: number; max: number } | null;
    orderLifetimeMs: { p50: number; p99: number; min: number; max: number } | null;
  } {
    return {
      ordersAcknowledged: this.acked,
      ordersFilled: this.filledOrders.size,
      fillRate: numberOrNull(fillRate(this.filledOrders.size, this.acked)),
      spreadCapture: numberOrNull(this.capture.result().ratio),
      ackLatencyMs:
        this.ackLatencyMs.totalCount === 0
          ? null
          : {
              p50: this.ackLatencyMs.getValueAtPercentile(50),
              p99: this.ackLatencyMs.getValueAtPercentile(99),
              max: this.ackLatencyMs.maxValue,
            },
      orderLifetimeMs:
        this.lifetimeMs.totalCount === 0
          ? null
          : {
              p50: this.lifetimeMs.getValueAtPercentile(50),
              p99: this.lifetimeMs.getValueAtPercentile(99),
              min: this.lifetimeMs.minNonZeroValue,
              max: this.lifetimeMs.maxValue,
            },
    };
  }
}

function numberOrNull(ratio: string | null): number | null {
  return ratio === null ? null : Number(ratio);
}
