import { Rounding, decimalScale, divRoundBig, formatUnitsBig, parseUnitsBig, pow10Big } from '@truex-mm/fixed-point';
import { QUANTITY_SCALE, maxUnits } from './quantity-units';

/** Where a booked stretch of an order's executed quantity came from. */
export type CoverageSource = 'fix' | 'rest' | 'adopted';

/** What {@link ExecutedQuantity.cover} did with one stretch (lo, hi] of CumQty. */
export interface Coverage {
  /** Units newly booked (the part of the stretch not booked before). */
  added: bigint;
  /** Units that overlapped a stretch booked from another FIX fill: the venue reported more LastQty than CumQty. */
  overlapFix: bigint;
  /** Units that overlapped a stretch booked from a REST status or an adopted order's history: already booked. */
  overlapOther: bigint;
}

interface Segment {
  /** Exclusive lower end, in quantity units. */
  from: bigint;
  /** Inclusive upper end. */
  to: bigint;
  source: CoverageSource;
}

/** Decimal places of a synthesized fill's price (a TrueX tick is 0.5; an average of fills may need a few more). */
export const SYNTHESIZED_PRICE_DECIMALS = 12;

/**
 * The executed quantity of one venue order (a replace chain shares one), kept as the set of CumQty stretches we have
 * booked fills for. A fill report with LastQty q and CumQty c covers (c − q, c]; only the part of that stretch not
 * covered yet is booked. This is the quantity-based reconciliation rule: a fill synthesized from a REST status covers
 * the stretch up to the venue's CumQty, so the FIX report of the same fill arriving later books nothing, and a late
 * (out-of-order) FIX fill below the highest CumQty is still booked because its stretch is uncovered.
 */
export class ExecutedQuantity {
  private readonly segments: Segment[] = [];
  private coveredUnits = 0n;
  /** Highest CumQty the venue reported for the order (reports and REST answers). */
  maxCumQty = 0n;
  /**
   * Σ quantity × price of every booked stretch, for the average-price arithmetic of synthesized fills: an exact
   * bigint count of 10^−notionalScale (quantity units at 10^−18 times the price at its own scale).
   */
  private notional = 0n;
  private notionalScale = QUANTITY_SCALE;

  /** Total units booked. */
  covered(): bigint {
    return this.coveredUnits;
  }

  /** Highest booked CumQty (the upper end of the top stretch). */
  top(): bigint {
    const last = this.segments[this.segments.length - 1];
    return last ? last.to : 0n;
  }

  /** Units in (0, upTo] not booked yet. */
  uncoveredUpTo(upTo: bigint): bigint {
    let covered = 0n;
    for (const s of this.segments) {
      if (s.from >= upTo) break;
      covered += (s.to < upTo ? s.to : upTo) - s.from;
    }
    return upTo - covered;
  }

  /**
   * Books the uncovered part of (lo, hi] from `source` at `price` (undefined for history we do not book, e.g. an
   * adopted order's earlier fills). Returns what was added and what overlapped.
   */
  cover(lo: bigint, hi: bigint, source: CoverageSource, price?: string): Coverage {
    const result: Coverage = { added: 0n, overlapFix: 0n, overlapOther: 0n };
    if (hi <= lo) return result;
    const gaps: Array<[bigint, bigint]> = [];
    let cursor = lo;
    for (const s of this.segments) {
      if (s.to <= cursor) continue;
      if (s.from >= hi) break;
      if (s.from > cursor) gaps.push([cursor, s.from]);
      const overlap = (s.to < hi ? s.to : hi) - (s.from > cursor ? s.from : cursor);
      if (s.source === 'fix') result.overlapFix += overlap;
      else result.overlapOther += overlap;
      cursor = s.to;
      if (cursor >= hi) break;
    }
    if (cursor < hi) gaps.push([cursor, hi]);
    for (const [from, to] of gaps) {
      this.insert({ from, to, source });
      result.added += to - from;
    }
    this.coveredUnits += result.added;
    if (price !== undefined && result.added > 0n) this.addNotional(result.added, price);
    return result;
  }

  /** Books every uncovered unit of (0, upTo] from `source`; returns how many. */
  coverUpTo(upTo: bigint, source: CoverageSource, price?: string): bigint {
    return this.cover(0n, upTo, source, price).added;
  }

  /**
   * The price of the units missing below `cumQty`, from the venue's average price over the whole `cumQty`:
   * (avgPx × cumQty − Σ booked quantity × price) / missing. Undefined when it cannot be trusted: no average price,
   * booked stretches above `cumQty`, or a result that is not a positive price.
   */
  missingPrice(cumQty: bigint, avgPx: string | undefined): string | undefined {
    const missing = this.uncoveredUpTo(cumQty);
    if (avgPx === undefined || missing <= 0n || this.top() > cumQty) return undefined;
    // (avgPx × cumQty − notional) / missing, exactly in bigint, rounded once (half-even) to 12 places.
    const avgScale = decimalScale(avgPx, false);
    const scale = Math.max(avgScale + QUANTITY_SCALE, this.notionalScale);
    const total = parseUnitsBig(avgPx, avgScale) * cumQty * pow10Big(scale - avgScale - QUANTITY_SCALE);
    const remainder = total - this.notional * pow10Big(scale - this.notionalScale);
    // value = remainder / 10^scale ÷ (missing / 10^18); in units of 10^−12: remainder · 10^(18+12) / (missing · 10^scale)
    const price = divRoundBig(
      remainder * pow10Big(QUANTITY_SCALE + SYNTHESIZED_PRICE_DECIMALS),
      missing * pow10Big(scale),
      Rounding.HALF_EVEN,
    );
    return price > 0n ? formatUnitsBig(price, SYNTHESIZED_PRICE_DECIMALS) : undefined;
  }

  /** notional += units × price, widening the notional's scale when the price has more decimals than before. */
  private addNotional(units: bigint, price: string): void {
    const priceScale = decimalScale(price, false);
    const scale = QUANTITY_SCALE + priceScale;
    if (scale > this.notionalScale) {
      this.notional *= pow10Big(scale - this.notionalScale);
      this.notionalScale = scale;
    }
    this.notional += units * parseUnitsBig(price, priceScale) * pow10Big(this.notionalScale - scale);
  }

  observeCumQty(cumQty: bigint): void {
    this.maxCumQty = maxUnits(this.maxCumQty, cumQty);
  }

  private insert(segment: Segment): void {
    let i = this.segments.length;
    while (i > 0 && (this.segments[i - 1] as Segment).from >= segment.to) i--;
    this.segments.splice(i, 0, segment);
    // Merge with same-source neighbours, so the list stays as short as the history of sources.
    const next = this.segments[i + 1];
    if (next && next.from === segment.to && next.source === segment.source) {
      segment.to = next.to;
      this.segments.splice(i + 1, 1);
    }
    const previous = this.segments[i - 1];
    if (previous && previous.to === segment.from && previous.source === segment.source) {
      previous.to = segment.to;
      this.segments.splice(i, 1);
    }
  }
}
