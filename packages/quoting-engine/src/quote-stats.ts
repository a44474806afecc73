import Decimal from 'decimal.js';
import { build as buildHistogram, type Histogram } from 'hdr-histogram-js';

/**
 * The original design's figures, computed from what actually happened: fill rate, spread capture, order lifetimes and
 * acknowledgement latency.
 *
 * - fill rate = acknowledged orders that received at least one fill / acknowledged orders.
 * - spread capture = Σ edge captured at fill / Σ edge quoted at placement, quantity-weighted, where
 *   edge = (fair value − price) for a buy and (price − fair value) for a sell. 100 % means fills happened exactly at
 *   the edge we quoted; less means the market moved against the quote before it filled (adverse selection).
 */
export class QuoteStats {
  // Strings only: placement is on the tick-to-wire path, so the decimal work waits until a fill needs it.
  private readonly placements = new Map<string, { side: 'buy' | 'sell'; price: string; fairValue: string }>();
  private readonly filledOrders = new Set<string>();
  private acked = 0;
  private capturedEdge = new Decimal(0);
  private quotedEdge = new Decimal(0);
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
    this.placements.set(clOrdId, { side, price, fairValue });
  }

  acknowledged(latencyMs: number): void {
    this.acked++;
    this.ackLatencyMs.recordValue(Math.max(1, Math.round(latencyMs)));
  }

  /** A live order ended (cancelled, replaced, filled) after `ageMs`. */
  ended(clOrdId: string, ageMs: number): void {
    this.lifetimeMs.recordValue(Math.max(1, Math.round(ageMs)));
    if (!this.filledOrders.has(clOrdId)) this.placements.delete(clOrdId);
  }

  filled(clOrdId: string, side: 'buy' | 'sell', quantity: string, price: string, fairValue: string | undefined): void {
    this.filledOrders.add(clOrdId);
    const placement = this.placements.get(clOrdId);
    if (!placement || fairValue === undefined) return;
    const qty = new Decimal(quantity);
    this.capturedEdge = this.capturedEdge.plus(edge(side, price, fairValue).times(qty));
    this.quotedEdge = this.quotedEdge.plus(edge(placement.side, placement.price, placement.fairValue).times(qty));
  }

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
      fillRate: this.acked === 0 ? null : this.filledOrders.size / this.acked,
      spreadCapture: this.quotedEdge.isZero()
        ? null
        : this.capturedEdge.div(this.quotedEdge).toDecimalPlaces(4).toNumber(),
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

function edge(side: 'buy' | 'sell', price: string, fairValue: string): Decimal {
  const fv = new Decimal(fairValue);
  const px = new Decimal(price);
  return side === 'buy' ? fv.minus(px) : px.minus(fv);
}
