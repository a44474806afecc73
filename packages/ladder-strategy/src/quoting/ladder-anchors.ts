import * as fixedPoint from '@truex-mm/fixed-point';
import type { LadderShape } from './ladder-shape';
import type { TickFraction } from './tick-fraction';

// Bound once at load so V8 can inline these calls (see the README of @truex-mm/fixed-point).
const { ceilDiv, floorDiv } = fixedPoint;

/** Level 1's price in ticks on each side. Levels L = 2.. sit (L − 1) spacings further out. */
export interface Anchors {
  readonly buy: number;
  readonly sell: number;
}

/**
 * Anchors the ladder to a grid that moves only in whole spacings. While fair value wanders inside the band
 * `[minEdge, offset + spacing)` from level 1, nothing moves; when it leaves the band, the anchor moves by the fewest
 * whole spacings that bring level 1 back to between `offset` and `offset + spacing`. Because the anchor moves in whole
 * spacings, every level price that is still inside the ladder stays a target price: when fair value moves by k
 * levels, only the k levels leaving the ladder need new prices (the levels entering it), not the whole side.
 *
 * `skewTicks` (positive when long) pushes bids out and pulls asks in, as the stateless ladder does; the minimum edge
 * is applied to the skewed quotes, so skew never brings a quote closer than the edge.
 */
export class LadderAnchors {
  private anchors: { buy: number; sell: number } | undefined;
  private spacing = 0;
  private shifts = 0;
  private readonly view = { buy: 0, sell: 0 };

  /** The anchors now (a new object). */
  update(fairValue: TickFraction, shape: LadderShape, skewTicks: number): Anchors {
    const a = this.advance(fairValue, shape, skewTicks);
    return { buy: a.buy, sell: a.sell };
  }

  /**
   * {@link update} into one object this instance reuses (the per-tick path: nothing built); its values change with
   * the next call.
   */
  updateShared(fairValue: TickFraction, shape: LadderShape, skewTicks: number): Anchors {
    const a = this.advance(fairValue, shape, skewTicks);
    this.view.buy = a.buy;
    this.view.sell = a.sell;
    return this.view;
  }

  private advance(fairValue: TickFraction, shape: LadderShape, skewTicks: number): { buy: number; sell: number } {
    const { levelSpacingTicks: s, minEdgeTicks: edge } = shape;
    const buyOffset = Math.max(edge, shape.level1OffsetTicks + skewTicks);
    const sellOffset = Math.max(edge, shape.level1OffsetTicks - skewTicks);
    const { num, den } = fairValue;
    if (this.anchors === undefined || this.spacing !== s) {
      this.spacing = s;
      this.anchors = {
        buy: floorDiv(num - buyOffset * den, den),
        sell: ceilDiv(num + sellOffset * den, den),
      };
      return this.anchors;
    }
    const a = this.anchors;
    // Bids: distance d = F − buy (in ticks, times den to stay integer).
    const dBuy = num - a.buy * den;
    if (dBuy < edge * den) {
      a.buy -= s * ceilDiv(buyOffset * den - dBuy, s * den);
      this.shifts++;
    } else if (dBuy >= (buyOffset + s) * den) {
      a.buy += s * floorDiv(dBuy - buyOffset * den, s * den);
      this.shifts++;
    }
    // Asks: distance d = sell − F.
    const dSell = a.sell * den - num;
    if (dSell < edge * den) {
      a.sell += s * ceilDiv(sellOffset * den - dSell, s * den);
      this.shifts++;
    } else if (dSell >= (sellOffset + s) * den) {
      a.sell -= s * floorDiv(dSell - sellOffset * den, s * den);
      this.shifts++;
    }
    return a;
  }

  /** Forget the anchors (the next update re-anchors from scratch). */
  reset(): void {
    this.anchors = undefined;
  }

  /** Anchor moves so far (one per side per move, whatever its size). */
  shiftCount(): number {
    return this.shifts;
  }
}
