// TEST ONLY: planQuotes as it was before issue 14 made the planner allocation-free (closures, filter/sort/splice on
// fresh arrays per pass), kept unchanged as the oracle that QuotePlanner must reproduce step for step.
import type { QuoteSide } from '../target-order';
import type { PlanInput, PlanOrder, PlannedStep, QuoteReason } from './quote-plan';
import type { Anchors } from './ladder-anchors';
import type { LadderShape } from './ladder-shape';
import { compareAbove, compareBelow, type TickFraction } from './tick-fraction';

interface SideBook {
  readonly side: QuoteSide;
  readonly wanted: readonly number[];
  readonly wantedTotal: number;
  /** Orders per level, pending included. */
  readonly occupancy: number[];
  /** Settled orders at each level, oldest expiry first. */
  readonly settledAt: PlanOrder[][];
  /** Settled orders not at a level price (fair value moved, the shape changed, or off-grid). */
  readonly leaving: PlanOrder[];
  count: number;
}

function levelPrice(anchors: Anchors, shape: LadderShape, side: QuoteSide, level: number): number {
  return side === 'buy'
    ? anchors.buy - (level - 1) * shape.levelSpacingTicks
    : anchors.sell + (level - 1) * shape.levelSpacingTicks;
}

function levelOf(anchors: Anchors, shape: LadderShape, side: QuoteSide, ticks: number, levels: number): number {
  const s = shape.levelSpacingTicks;
  const d = side === 'buy' ? anchors.buy - ticks : ticks - anchors.sell;
  if (d < 0 || d % s !== 0) return 0;
  const level = d / s + 1;
  return level <= levels ? level : 0;
}

/** How far inside the minimum edge an order is (> 0: unsafe; larger is worse); ≤ 0 when it is safe. */
function intrusion(o: PlanOrder, fairValue: TickFraction, edge: number): number {
  if (o.priceTicks === undefined) return Number.POSITIVE_INFINITY;
  const c =
    o.side === 'buy' ? compareBelow(fairValue, o.priceTicks, edge) : compareAbove(fairValue, o.priceTicks, edge);
  return -c / fairValue.den;
}

function distanceFromFairValue(o: PlanOrder, fairValue: TickFraction): number {
  if (o.priceTicks === undefined) return 0;
  const d = o.side === 'buy' ? compareBelow(fairValue, o.priceTicks, 0) : compareAbove(fairValue, o.priceTicks, 0);
  return d / fairValue.den;
}

function buildSide(input: PlanInput, side: QuoteSide): SideBook {
  const wanted = input.perLevel[side];
  const levels = wanted.length;
  const book: SideBook = {
    side,
    wanted,
    wantedTotal: wanted.reduce((a, b) => a + b, 0),
    occupancy: new Array<number>(levels + 1).fill(0),
    settledAt: Array.from({ length: levels + 1 }, () => []),
    leaving: [],
    count: 0,
  };
  for (const o of input.live) {
    if (o.side !== side) continue;
    book.count++;
    const level = o.priceTicks === undefined ? 0 : levelOf(input.anchors, input.shape, side, o.priceTicks, levels);
    if (level > 0 && wanted[level - 1] > 0) {
      book.occupancy[level]++;
      if (!o.pending) book.settledAt[level].push(o);
    } else if (!o.pending) {
      book.leaving.push(o);
    }
  }
  for (const list of book.settledAt) list.sort((a, b) => a.expiresAtMs - b.expiresAtMs);
  return book;
}

/** Levels still short of their wanted count, inner first, one entry per missing order. */
function holes(book: SideBook): number[] {
  const out: number[] = [];
  for (let level = 1; level < book.occupancy.length; level++) {
    for (let n = book.occupancy[level]; n < book.wanted[level - 1]; n++) out.push(level);
  }
  return out;
}

/** A settled order on the level with the largest surplus (outermost first), or undefined. */
function takeSurplus(book: SideBook, acted: ReadonlySet<string>): PlanOrder | undefined {
  for (let level = book.occupancy.length - 1; level >= 1; level--) {
    if (book.occupancy[level] <= book.wanted[level - 1]) continue;
    const candidate = book.settledAt[level].find((o) => !acted.has(o.clOrdId));
    if (candidate) {
      book.occupancy[level]--;
      return candidate;
    }
  }
  return undefined;
}

/**
 * Plans the fewest order messages that keep the ladder full and safe within the budget, by priority:
 * (a) safety — orders within the minimum edge (or through fair value) move to an open level of their side, or are
 *     cancelled; beyond the routine budget only cancels, up to `urgentAllowance`;
 * (b) refill — open levels, inner first and alternating sides, take an order leaving the ladder, else a new order
 *     (within the open-order limit and the side's count), else an order from an over-full level; orders leaving the
 *     ladder with nowhere to go, and orders beyond the side's count, are cancelled;
 * (c) refresh — orders whose lifetime is over, longest overdue first, are replaced (into an open level when theirs
 *     is over-full, else at the same price).
 * An order whose price is still a level price of its side is never moved for any other reason.
 */
export function oraclePlanQuotes(input: PlanInput): PlannedStep[] {
  const steps: PlannedStep[] = [];
  const acted = new Set<string>();
  let tokens = Math.max(0, Math.floor(input.tokens));
  let urgent = Math.max(0, Math.floor(input.urgentAllowance));
  const books = { buy: buildSide(input, 'buy'), sell: buildSide(input, 'sell') };
  const open = { buy: holes(books.buy), sell: holes(books.sell) };
  let liveTotal = input.live.length;
  const edge = input.shape.minEdgeTicks;

  const place = (book: SideBook, level: number, from: PlanOrder | undefined, reason: QuoteReason): void => {
    const priceTicks = levelPrice(input.anchors, input.shape, book.side, level);
    if (from) {
      acted.add(from.clOrdId);
      steps.push({ kind: 'replace', side: book.side, clOrdId: from.clOrdId, level, priceTicks, reason, urgent: false });
    } else {
      steps.push({ kind: 'new', side: book.side, level, priceTicks, reason, urgent: false });
      book.count++;
      liveTotal++;
    }
    book.occupancy[level]++;
  };
  const cancel = (book: SideBook, o: PlanOrder, reason: QuoteReason, isUrgent: boolean): void => {
    acted.add(o.clOrdId);
    steps.push({ kind: 'cancel', side: book.side, clOrdId: o.clOrdId, reason, urgent: isUrgent });
    book.count--;
  };

  // (a) safety: every settled order inside the edge, the worst first.
  const unsafe = input.live
    .filter((o) => !o.pending && intrusion(o, input.fairValue, edge) > 0)
    .sort((a, b) => intrusion(b, input.fairValue, edge) - intrusion(a, input.fairValue, edge));
  for (const o of unsafe) {
    const book = books[o.side];
    // It no longer counts where it was (a level inside the edge is never a level price, but be exact).
    const level =
      o.priceTicks === undefined ? 0 : levelOf(input.anchors, input.shape, o.side, o.priceTicks, book.wanted.length);
    const leavingIndex = book.leaving.indexOf(o);
    if (leavingIndex >= 0) book.leaving.splice(leavingIndex, 1);
    else if (level > 0) book.occupancy[level]--;
    if (tokens > 0) {
      tokens--;
      const hole = open[o.side].shift();
      if (hole !== undefined && book.count <= book.wantedTotal) place(book, hole, o, 'safety');
      else cancel(book, o, 'safety', false);
    } else if (urgent > 0) {
      urgent--;
      cancel(book, o, 'safety', true);
    } else {
      break;
    }
  }

  // (b) refill open levels, inner first, alternating sides.
  const order: Array<{ side: QuoteSide; level: number }> = [];
  const maxHoles = Math.max(open.buy.length, open.sell.length);
  for (let i = 0; i < maxHoles; i++) {
    if (i < open.buy.length) order.push({ side: 'buy', level: open.buy[i] });
    if (i < open.sell.length) order.push({ side: 'sell', level: open.sell[i] });
  }
  order.sort((a, b) => a.level - b.level);
  for (const { side, level } of order) {
    if (tokens === 0) break;
    const book = books[side];
    if (book.occupancy[level] >= book.wanted[level - 1]) continue;
    const leaving = book.leaving
      .filter((o) => !acted.has(o.clOrdId))
      .sort((a, b) => distanceFromFairValue(b, input.fairValue) - distanceFromFairValue(a, input.fairValue))[0];
    if (leaving) {
      book.leaving.splice(book.leaving.indexOf(leaving), 1);
      place(book, level, leaving, 'refill');
      tokens--;
      continue;
    }
    if (book.count < book.wantedTotal && liveTotal < input.openOrderLimit) {
      place(book, level, undefined, 'refill');
      tokens--;
      continue;
    }
    if (book.wanted[level - 1] - book.occupancy[level] > input.levelTolerance) {
      const surplus = takeSurplus(book, acted);
      if (surplus) {
        place(book, level, surplus, 'rebalance');
        tokens--;
      }
    }
  }

  // Orders leaving the ladder with nowhere to go, and orders beyond the side's count.
  for (const book of [books.buy, books.sell]) {
    const spare = book.leaving
      .filter((o) => !acted.has(o.clOrdId))
      .sort((a, b) => distanceFromFairValue(b, input.fairValue) - distanceFromFairValue(a, input.fairValue));
    for (const o of spare) {
      if (tokens === 0) break;
      // A leaving order still counts towards the side; keep it while the side has room and no level wants it.
      if (book.count <= book.wantedTotal && holes(book).length === 0 && book.wantedTotal > 0) break;
      cancel(book, o, 'excess', false);
      tokens--;
    }
    while (tokens > 0 && book.count > book.wantedTotal) {
      const surplus = takeSurplus(book, acted);
      if (!surplus) break;
      cancel(book, surplus, 'excess', false);
      tokens--;
    }
  }

  // (c) refresh by age, longest overdue first.
  if (tokens > 0) {
    const due: Array<{ o: PlanOrder; level: number; book: SideBook }> = [];
    for (const book of [books.buy, books.sell]) {
      for (let level = 1; level < book.settledAt.length; level++) {
        for (const o of book.settledAt[level]) {
          if (o.expiresAtMs <= input.nowMs && !acted.has(o.clOrdId)) due.push({ o, level, book });
        }
      }
    }
    due.sort((a, b) => a.o.expiresAtMs - b.o.expiresAtMs || a.level - b.level);
    for (const { o, level, book } of due) {
      if (tokens === 0) break;
      let to = level;
      if (book.occupancy[level] > book.wanted[level - 1]) {
        const hole = holes(book)[0];
        if (hole !== undefined) {
          to = hole;
          book.occupancy[level]--;
          book.occupancy[hole]++;
        }
      }
      acted.add(o.clOrdId);
      steps.push({
        kind: 'replace',
        side: book.side,
        clOrdId: o.clOrdId,
        level: to,
        priceTicks: levelPrice(input.anchors, input.shape, book.side, to),
        reason: 'refresh',
        urgent: false,
      });
      tokens--;
    }
  }
  return steps;
}
