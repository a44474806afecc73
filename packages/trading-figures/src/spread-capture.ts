import { FigureAmount, RATIO_DECIMALS, ZERO_AMOUNT, parseFigureAmount } from './figure-amount';
import { addAmounts, mulAmounts, quotientFixed, subAmounts } from './exact';

export type FigureSide = 'buy' | 'sell';

/** One fill as spread capture needs it. Decimal strings; quantities in the base asset, prices in quote per base. */
export interface CaptureFill {
  readonly side: FigureSide;
  /** The fill's quantity (LastQty). */
  readonly quantity: string;
  /** The fill's price (LastPx). */
  readonly price: string;
  /** Fair value when the fill was booked. */
  readonly fairValueAtFill: string;
  /** The price the order was quoted at (its limit price when it was sent). */
  readonly quotedPrice: string;
  /** Fair value when the order was sent. */
  readonly fairValueAtQuote: string;
}

export interface SpreadCapture {
  /** Fills counted (each had a fair value both when quoted and when filled). */
  readonly fillsPriced: number;
  /** Σ edge(side, fill price, fair value at fill) × qty, in the quote currency. */
  readonly capturedEdge: string;
  /** Σ edge(side, quoted price, fair value at quote) × qty: the edge the quotes asked for, in the quote currency. */
  readonly quotedEdge: string;
  /** capturedEdge / quotedEdge to 4 decimals (ties to even); null when quotedEdge ≤ 0 or nothing was counted. */
  readonly ratio: string | null;
}

/**
 * Edge of a trade against fair value, per unit: fair − price for a buy, price − fair for a sell. Positive means the
 * trade was on the right side of fair value. Exact (`.toFixed()` is its decimal text).
 */
export function edgePerUnit(side: FigureSide, price: string, fairValue: string): FigureAmount {
  const px = parseFigureAmount('price', price);
  const fv = parseFigureAmount('fairValue', fairValue);
  return side === 'buy' ? subAmounts(fv, px) : subAmounts(px, fv);
}

/**
 * Spread capture, accumulated fill by fill (the engine feeds it live; the report feeds it the stored fills): the
 * edge actually captured over the edge quoted, quantity-weighted. 1 means fills happened exactly at the edge that was
 * quoted; less means fair value moved towards the quote before it filled (adverse selection); above 1, away from it.
 * The sums are exact scaled integers (bigint: edge × quantity at scales 8 + 8 is beyond 2^53 units).
 */
export class SpreadCaptureTally {
  private captured: FigureAmount = ZERO_AMOUNT;
  private quoted: FigureAmount = ZERO_AMOUNT;
  private count = 0;

  add(fill: CaptureFill): void {
    if (fill.side !== 'buy' && fill.side !== 'sell') throw new TypeError(`side: unknown side ${String(fill.side)}`);
    const qty = parseFigureAmount('quantity', fill.quantity);
    const captured = mulAmounts(edgePerUnit(fill.side, fill.price, fill.fairValueAtFill), qty);
    const quoted = mulAmounts(edgePerUnit(fill.side, fill.quotedPrice, fill.fairValueAtQuote), qty);
    this.captured = addAmounts(this.captured, captured);
    this.quoted = addAmounts(this.quoted, quoted);
    this.count++;
  }

  result(): SpreadCapture {
    return {
      fillsPriced: this.count,
      capturedEdge: this.captured.toFixed(),
      quotedEdge: this.quoted.toFixed(),
      ratio:
        this.count === 0 || this.quoted.units <= 0n ? null : quotientFixed(this.captured, this.quoted, RATIO_DECIMALS),
    };
  }
}

/** Spread capture of a set of fills (see {@link SpreadCaptureTally}). */
export function spreadCapture(fills: Iterable<CaptureFill>): SpreadCapture {
  const tally = new SpreadCaptureTally();
  for (const fill of fills) tally.add(fill);
  return tally.result();
}
