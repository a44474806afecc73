import type { QuoteSide } from '../target-order';
import type { Anchors } from './ladder-anchors';
import type { LadderShape } from './ladder-shape';
import { compareAbove, compareBelow, type TickFraction } from './tick-fraction';

/**
 * Why the policy moves an order, in priority order:
 * - `safety`: the order is within the minimum edge of fair value, or through it;
 * - `refill`: a level of the ladder has fewer orders than it should (swept, rejected, expired, or it just entered
 *   the ladder because fair value moved) and an order leaving the ladder, or a new order, fills it;
 * - `rebalance`: an order moves from a level with too many orders to one with too few;
 * - `excess`: more orders than the ladder wants (it shrank, or the side stopped quoting);
 * - `refresh`: the order's lifetime is over.
 */
export type QuoteReason = 'safety' | 'refill' | 'rebalance' | 'excess' | 'refresh';

/** One planned step, in ticks (the policy turns it into prices and quantities). */
export interface PlannedStep {
  readonly kind: 'new' | 'replace' | 'cancel';
  readonly side: QuoteSide;
  /** The order acted on (replace, cancel). */
  readonly clOrdId?: string;
  /** Target level and price (new, replace). */
  readonly level?: number;
  readonly priceTicks?: number;
  readonly reason: QuoteReason;
  /** A safety step sent beyond the routine budget (always a cancel, which may borrow against the budget). */
  readonly urgent: boolean;
}

/** An order of ours as the planner sees it. */
export interface PlanOrder {
  readonly clOrdId: string;
  readonly side: QuoteSide;
  /** Price in whole ticks; undefined when it is not on the tick grid or unreadable (then it is moved first). */
  readonly priceTicks: number | undefined;
  /** A request is in flight for it: it counts where it is, but nothing is sent for it. */
  readonly pending: boolean;
  readonly expiresAtMs: number;
}

export interface PlanInput {
  readonly fairValue: TickFraction;
  readonly anchors: Anchors;
  readonly shape: LadderShape;
  /** Orders wanted per level, inner first, per side (all zeros for a side that must not quote). */
  readonly perLevel: { readonly buy: readonly number[]; readonly sell: readonly number[] };
  readonly live: readonly PlanOrder[];
  /** Open orders allowed at the venue, pending ones included. */
  readonly openOrderLimit: number;
  readonly nowMs: number;
  /** Messages that may be sent now for routine work (whole number ≥ 0). */
  readonly tokens: number;
  /** Extra safety cancels that may be sent beyond `tokens` now. */
  readonly urgentAllowance: number;
  /** A level short by at most this many orders is not worth moving an order of another level for (default 1). */
  readonly levelTolerance: number;
}

/**
 * A growable list of small integers (indices, levels) whose storage is kept when it is emptied: a JavaScript array
 * emptied with `length = 0` gives its storage back, and the next push allocates it again.
 */
class IntList {
  length = 0;
  private data = new Int32Array(16);

  get(index: number): number {
    return this.data[index]!;
  }

  set(index: number, value: number): void {
    this.data[index] = value;
  }

  push(value: number): void {
    if (this.length === this.data.length) {
      const grown = new Int32Array(2 * this.data.length);
      grown.set(this.data);
      this.data = grown;
    }
    this.data[this.length++] = value;
  }

  indexOf(value: number): number {
    for (let i = 0; i < this.length; i++) if (this.data[i] === value) return i;
    return -1;
  }

  /** Removes the element at `index`, keeping the order of the rest. */
  removeAt(index: number): void {
    this.data.copyWithin(index, index + 1, this.length);
    this.length--;
  }
}

/** One side of the plan: occupancy and the settled orders by level, as indices into `live`, in reused lists. */
class SideBook {
  wanted: readonly number[] = [];
  wantedTotal = 0;
  /** Orders per level, pending included (index 0 unused). */
  readonly occupancy: number[] = [];
  /** Settled orders at each level, oldest expiry first. */
  readonly settledAt: IntList[] = [];
  /** Settled orders not at a level price (fair value moved, the shape changed, or off-grid). */
  readonly leaving = new IntList();
  count = 0;
  /** The open levels found before the safety step (inner first), consumed from `openHead`. */
  readonly open = new IntList();
  openHead = 0;

  constructor(readonly side: QuoteSide) {}

  get levels(): number {
    return this.wanted.length;
  }
}

/** One step as the planner builds it (mutable, reused); {@link planQuotes} hands out copies. */
class StepSlot implements PlannedStep {
  kind: 'new' | 'replace' | 'cancel' = 'new';
  side: QuoteSide = 'buy';
  clOrdId: string | undefined = undefined;
  level: number | undefined = undefined;
  priceTicks: number | undefined = undefined;
  reason: QuoteReason = 'refill';
  urgent = false;
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

/**
 * Sorts `list` (indices) stably by `key[index]`, ascending, or descending when `descending`: the order
 * Array.prototype.sort (stable) gives with `(a, b) => key[a] - key[b]` (resp. `key[b] - key[a]`). Insertion sort:
 * the lists are a ladder's worth at most, and it neither allocates nor calls a comparator. Equal or unordered keys
 * (NaN: two +∞ intrusions) keep their order, as the comparator's NaN does in a binary insertion sort.
 */
function sortByKey(list: IntList, key: Float64Array, descending: boolean): void {
  for (let i = 1; i < list.length; i++) {
    const x = list.get(i);
    const kx = key[x]!;
    let j = i - 1;
    while (j >= 0) {
      const kj = key[list.get(j)]!;
      if (!(descending ? kx - kj > 0 : kx - kj < 0)) break;
      list.set(j + 1, list.get(j));
      j--;
    }
    list.set(j + 1, x);
  }
}

/**
 * The planner of {@link planQuotes}, with every working list kept from pass to pass: a plan allocates nothing once
 * the lists have grown to the ladder (the first passes). Read the steps with {@link step} before the next plan.
 */
export class QuotePlanner {
  private readonly buy = new SideBook('buy');
  private readonly sell = new SideBook('sell');
  /** Every step object made so far; the first {@link count} are this pass's. */
  private readonly steps: StepSlot[] = [];
  private count = 0;
  /** Per live index: 1 once a step acted on that order. */
  private acted = new Uint8Array(64);
  /** Per live index: its intrusion and its distance from fair value (sort keys). */
  private intrusionKey = new Float64Array(64);
  private distanceKey = new Float64Array(64);
  private readonly unsafe = new IntList();
  private readonly spare = new IntList();
  /** Refill order: levels (and sides, 0 buy / 1 sell) of the open levels, sorted by level. */
  private readonly refillLevel = new IntList();
  private readonly refillSide = new IntList();
  private refillKey = new Float64Array(64);
  private readonly refillOrder = new IntList();
  /** Refresh candidates: live index, level and side, sorted by expiry then level. */
  private readonly dueIndex = new IntList();
  private readonly dueLevel = new IntList();
  private readonly dueSide = new IntList();
  private readonly dueOrder = new IntList();
  private input!: PlanInput;
  private liveTotal = 0;

  /** Plans one pass (see {@link planQuotes}); returns the number of steps, read with {@link step}. */
  plan(input: PlanInput): number {
    this.input = input;
    const live = input.live;
    const n = live.length;
    this.reserve(n);
    this.acted.fill(0, 0, n);
    this.count = 0;
    let tokens = Math.max(0, Math.floor(input.tokens));
    let urgent = Math.max(0, Math.floor(input.urgentAllowance));
    const buy = this.buy;
    const sell = this.sell;
    this.buildSide(buy);
    this.buildSide(sell);
    this.holesInto(buy, buy.open);
    this.holesInto(sell, sell.open);
    this.liveTotal = n;
    const edge = input.shape.minEdgeTicks;
    const fairValue = input.fairValue;

    // (a) safety: every settled order inside the edge, the worst first.
    const unsafe = this.unsafe;
    unsafe.length = 0;
    for (let i = 0; i < n; i++) {
      const o = live[i]!;
      if (o.pending) continue;
      const x = intrusion(o, fairValue, edge);
      if (x > 0) {
        this.intrusionKey[i] = x;
        unsafe.push(i);
      }
    }
    sortByKey(unsafe, this.intrusionKey, true);
    for (let u = 0; u < unsafe.length; u++) {
      const i = unsafe.get(u);
      const o = live[i]!;
      const book = o.side === 'buy' ? buy : sell;
      // It no longer counts where it was (a level inside the edge is never a level price, but be exact).
      const level =
        o.priceTicks === undefined ? 0 : levelOf(input.anchors, input.shape, o.side, o.priceTicks, book.levels);
      const leavingIndex = book.leaving.indexOf(i);
      if (leavingIndex >= 0) book.leaving.removeAt(leavingIndex);
      else if (level > 0) book.occupancy[level]!--;
      if (tokens > 0) {
        tokens--;
        const hole = book.openHead < book.open.length ? book.open.get(book.openHead++) : 0;
        if (hole > 0 && book.count <= book.wantedTotal) this.place(book, hole, i, 'safety');
        else this.cancel(book, i, 'safety', false);
      } else if (urgent > 0) {
        urgent--;
        this.cancel(book, i, 'safety', true);
      } else {
        break;
      }
    }

    // (b) refill open levels, inner first, alternating sides.
    const refillLevel = this.refillLevel;
    const refillSide = this.refillSide;
    refillLevel.length = 0;
    refillSide.length = 0;
    const buyOpen = buy.open.length - buy.openHead;
    const sellOpen = sell.open.length - sell.openHead;
    const maxHoles = Math.max(buyOpen, sellOpen);
    for (let h = 0; h < maxHoles; h++) {
      if (h < buyOpen) {
        refillLevel.push(buy.open.get(buy.openHead + h));
        refillSide.push(0);
      }
      if (h < sellOpen) {
        refillLevel.push(sell.open.get(sell.openHead + h));
        refillSide.push(1);
      }
    }
    const refillOrder = this.refillOrder;
    refillOrder.length = 0;
    if (this.refillKey.length < refillLevel.length) this.refillKey = new Float64Array(2 * refillLevel.length);
    for (let r = 0; r < refillLevel.length; r++) {
      refillOrder.push(r);
      this.refillKey[r] = refillLevel.get(r);
    }
    sortByKey(refillOrder, this.refillKey, false);
    for (let r = 0; r < refillOrder.length; r++) {
      if (tokens === 0) break;
      const level = refillLevel.get(refillOrder.get(r));
      const book = refillSide.get(refillOrder.get(r)) === 0 ? buy : sell;
      if (book.occupancy[level]! >= book.wanted[level - 1]!) continue;
      const leaving = this.farthestLeaving(book);
      if (leaving >= 0) {
        book.leaving.removeAt(book.leaving.indexOf(leaving));
        this.place(book, level, leaving, 'refill');
        tokens--;
        continue;
      }
      if (book.count < book.wantedTotal && this.liveTotal < input.openOrderLimit) {
        this.place(book, level, -1, 'refill');
        tokens--;
        continue;
      }
      if (book.wanted[level - 1]! - book.occupancy[level]! > input.levelTolerance) {
        const surplus = this.takeSurplus(book);
        if (surplus >= 0) {
          this.place(book, level, surplus, 'rebalance');
          tokens--;
        }
      }
    }

    // Orders leaving the ladder with nowhere to go, and orders beyond the side's count.
    for (let b = 0; b < 2; b++) {
      const book = b === 0 ? buy : sell;
      const spare = this.spare;
      spare.length = 0;
      for (let k = 0; k < book.leaving.length; k++) {
        const i = book.leaving.get(k);
        if (this.acted[i] === 1) continue;
        this.distanceKey[i] = distanceFromFairValue(live[i]!, fairValue);
        spare.push(i);
      }
      sortByKey(spare, this.distanceKey, true);
      for (let k = 0; k < spare.length; k++) {
        if (tokens === 0) break;
        // A leaving order still counts towards the side; keep it while the side has room and no level wants it.
        if (book.count <= book.wantedTotal && this.firstHole(book) === 0 && book.wantedTotal > 0) break;
        this.cancel(book, spare.get(k), 'excess', false);
        tokens--;
      }
      while (tokens > 0 && book.count > book.wantedTotal) {
        const surplus = this.takeSurplus(book);
        if (surplus < 0) break;
        this.cancel(book, surplus, 'excess', false);
        tokens--;
      }
    }

    // (c) refresh by age, longest overdue first.
    if (tokens > 0) {
      const dueIndex = this.dueIndex;
      const dueLevel = this.dueLevel;
      const dueSide = this.dueSide;
      dueIndex.length = 0;
      dueLevel.length = 0;
      dueSide.length = 0;
      for (let b = 0; b < 2; b++) {
        const book = b === 0 ? buy : sell;
        for (let level = 1; level <= book.levels; level++) {
          const list = book.settledAt[level]!;
          for (let k = 0; k < list.length; k++) {
            const i = list.get(k);
            if (live[i]!.expiresAtMs <= input.nowMs && this.acted[i] === 0) {
              dueIndex.push(i);
              dueLevel.push(level);
              dueSide.push(b);
            }
          }
        }
      }
      const dueOrder = this.dueOrder;
      dueOrder.length = 0;
      for (let d = 0; d < dueIndex.length; d++) dueOrder.push(d);
      this.sortDue();
      for (let d = 0; d < dueOrder.length; d++) {
        if (tokens === 0) break;
        const e = dueOrder.get(d);
        const i = dueIndex.get(e);
        const level = dueLevel.get(e);
        const book = dueSide.get(e) === 0 ? buy : sell;
        let to = level;
        if (book.occupancy[level]! > book.wanted[level - 1]!) {
          const hole = this.firstHole(book);
          if (hole > 0) {
            to = hole;
            book.occupancy[level]!--;
            book.occupancy[hole]!++;
          }
        }
        this.acted[i] = 1;
        const priceTicks = levelPrice(input.anchors, input.shape, book.side, to);
        this.push('replace', book.side, live[i]!.clOrdId, to, priceTicks, 'refresh');
        tokens--;
      }
    }
    return this.count;
  }

  /** Step `k` (0 ≤ k < the count {@link plan} returned) of the last plan; changed by the next plan. */
  step(k: number): PlannedStep {
    return this.steps[k]!;
  }

  /** Grows the per-order arrays to `n` live orders. */
  private reserve(n: number): void {
    if (this.acted.length >= n) return;
    const size = Math.max(n, 2 * this.acted.length);
    this.acted = new Uint8Array(size);
    this.intrusionKey = new Float64Array(size);
    this.distanceKey = new Float64Array(size);
  }

  private push(
    kind: 'new' | 'replace' | 'cancel',
    side: QuoteSide,
    clOrdId: string | undefined,
    level: number | undefined,
    priceTicks: number | undefined,
    reason: QuoteReason,
  ): StepSlot {
    if (this.count === this.steps.length) this.steps.push(new StepSlot());
    const step = this.steps[this.count++]!;
    step.kind = kind;
    step.side = side;
    step.clOrdId = clOrdId;
    step.level = level;
    step.priceTicks = priceTicks;
    step.reason = reason;
    step.urgent = false;
    return step;
  }

  private place(book: SideBook, level: number, from: number, reason: QuoteReason): void {
    const input = this.input;
    const priceTicks = levelPrice(input.anchors, input.shape, book.side, level);
    if (from >= 0) {
      this.acted[from] = 1;
      this.push('replace', book.side, input.live[from]!.clOrdId, level, priceTicks, reason);
    } else {
      this.push('new', book.side, undefined, level, priceTicks, reason);
      book.count++;
      this.liveTotal++;
    }
    book.occupancy[level]!++;
  }

  private cancel(book: SideBook, i: number, reason: QuoteReason, isUrgent: boolean): void {
    this.acted[i] = 1;
    this.push('cancel', book.side, this.input.live[i]!.clOrdId, undefined, undefined, reason).urgent = isUrgent;
    book.count--;
  }

  private buildSide(book: SideBook): void {
    const input = this.input;
    const side = book.side;
    const wanted = input.perLevel[side];
    const levels = wanted.length;
    book.wanted = wanted;
    let total = 0;
    for (let l = 0; l < levels; l++) total += wanted[l]!;
    book.wantedTotal = total;
    const occupancy = book.occupancy;
    if (occupancy.length !== levels + 1) occupancy.length = levels + 1;
    occupancy.fill(0);
    const settledAt = book.settledAt;
    while (settledAt.length < levels + 1) settledAt.push(new IntList());
    for (let l = 0; l <= levels; l++) settledAt[l]!.length = 0;
    book.leaving.length = 0;
    book.open.length = 0;
    book.openHead = 0;
    book.count = 0;
    const live = input.live;
    for (let i = 0; i < live.length; i++) {
      const o = live[i]!;
      if (o.side !== side) continue;
      book.count++;
      const level = o.priceTicks === undefined ? 0 : levelOf(input.anchors, input.shape, side, o.priceTicks, levels);
      if (level > 0 && wanted[level - 1]! > 0) {
        occupancy[level]!++;
        if (!o.pending) settledAt[level]!.push(i);
      } else if (!o.pending) {
        book.leaving.push(i);
      }
    }
    for (let l = 0; l <= levels; l++) {
      const list = settledAt[l]!;
      // Oldest expiry first (stable, as Array.prototype.sort).
      for (let a = 1; a < list.length; a++) {
        const x = list.get(a);
        const kx = live[x]!.expiresAtMs;
        let j = a - 1;
        while (j >= 0 && kx - live[list.get(j)]!.expiresAtMs < 0) {
          list.set(j + 1, list.get(j));
          j--;
        }
        list.set(j + 1, x);
      }
    }
  }

  /** Levels still short of their wanted count, inner first, one entry per missing order. */
  private holesInto(book: SideBook, out: IntList): void {
    out.length = 0;
    for (let level = 1; level <= book.levels; level++) {
      for (let k = book.occupancy[level]!; k < book.wanted[level - 1]!; k++) out.push(level);
    }
  }

  /** The first level short of its wanted count, or 0. */
  private firstHole(book: SideBook): number {
    for (let level = 1; level <= book.levels; level++) {
      if (book.occupancy[level]! < book.wanted[level - 1]!) return level;
    }
    return 0;
  }

  /** The leaving order not yet acted on that is farthest from fair value (the first such), or −1. */
  private farthestLeaving(book: SideBook): number {
    const live = this.input.live;
    const fairValue = this.input.fairValue;
    let best = -1;
    let bestDistance = 0;
    for (let k = 0; k < book.leaving.length; k++) {
      const i = book.leaving.get(k);
      if (this.acted[i] === 1) continue;
      const d = distanceFromFairValue(live[i]!, fairValue);
      if (best < 0 || d > bestDistance) {
        best = i;
        bestDistance = d;
      }
    }
    return best;
  }

  /** A settled order on the level with the largest surplus (outermost first), or −1. */
  private takeSurplus(book: SideBook): number {
    for (let level = book.levels; level >= 1; level--) {
      if (book.occupancy[level]! <= book.wanted[level - 1]!) continue;
      const list = book.settledAt[level]!;
      for (let k = 0; k < list.length; k++) {
        const i = list.get(k);
        if (this.acted[i] === 1) continue;
        book.occupancy[level]!--;
        return i;
      }
    }
    return -1;
  }

  /** Stable sort of the refresh candidates by expiry, then level. */
  private sortDue(): void {
    const order = this.dueOrder;
    const live = this.input.live;
    const index = this.dueIndex;
    const level = this.dueLevel;
    for (let a = 1; a < order.length; a++) {
      const x = order.get(a);
      const ex = live[index.get(x)]!.expiresAtMs;
      const lx = level.get(x);
      let j = a - 1;
      while (j >= 0) {
        const y = order.get(j);
        const c = ex - live[index.get(y)]!.expiresAtMs || lx - level.get(y);
        if (!(c < 0)) break;
        order.set(j + 1, y);
        j--;
      }
      order.set(j + 1, x);
    }
  }
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
 *
 * Returns new objects; a caller planning every tick keeps a {@link QuotePlanner} instead (same plan, no allocation).
 */
export function planQuotes(input: PlanInput): PlannedStep[] {
  const planner = new QuotePlanner();
  const count = planner.plan(input);
  const steps: PlannedStep[] = [];
  for (let k = 0; k < count; k++) steps.push(copyStep(planner.step(k)));
  return steps;
}

/** A step as its own object, without the fields its kind does not use. */
function copyStep(s: PlannedStep): PlannedStep {
  return {
    kind: s.kind,
    side: s.side,
    ...(s.clOrdId !== undefined ? { clOrdId: s.clOrdId } : {}),
    ...(s.level !== undefined ? { level: s.level } : {}),
    ...(s.priceTicks !== undefined ? { priceTicks: s.priceTicks } : {}),
    reason: s.reason,
    urgent: s.urgent,
  };
}
