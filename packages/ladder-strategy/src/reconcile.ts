import * as fixedPoint from '@truex-mm/fixed-point';
import { ActionReason, type LiveOrder, type OrderAction } from './order-action';
import type { QuoteSide, TargetOrder } from './target-ladder';

// Bound once at load so V8 can inline these calls (see the README of @truex-mm/fixed-point).
const {
  ParseStatus,
  ScaledDecimal,
  compareProducts,
  compareUnits,
  decimalScale,
  numberToPlainDecimal,
  parseDecimalInto,
  parseUnitsBig,
} = fixedPoint;
type ScaledDecimal = fixedPoint.ScaledDecimal;

export interface ReconcileOptions {
  /** Venue limit on open orders; live orders count whether pending or not. */
  openOrderLimit: number;
  nowMs: number;
  /** A side is repriced when any of its orders is more than this many ticks from its target price. */
  repriceToleranceTicks: number;
  tickSize: string;
  /**
   * Replace an order whose quantity differs from the target by more than this percent of the live quantity.
   * Default: never (sizes are re-drawn every build because of the jitter; they take effect at the next expiry).
   */
  quantityTolerancePct?: number;
}

/** Send order of replaces by reason: reprice, expired, resize. */
const REPLACE_ORDER: Readonly<Record<string, number>> = {
  [ActionReason.Reprice]: 0,
  [ActionReason.Expired]: 1,
  [ActionReason.Resize]: 2,
};

interface Slot {
  target: TargetOrder;
  /** target.level, and 0 for buy / 1 for sell: copied out so the sort compares plain numbers. */
  level: number;
  sideOrder: number;
  /** Position among the target orders of the same side and level (0 = first). */
  rank: number;
}

/** Inner levels first, alternating sides, so trimming or rationing keeps both sides and the best prices. */
function bySlotPriority(a: Slot, b: Slot): number {
  return a.level - b.level || a.rank - b.rank || a.sideOrder - b.sideOrder;
}

function rankSlots(target: TargetOrder[]): Slot[] {
  // Counters per level for each side (a numeric key, no string building per order).
  const seen = { buy: new Map<number, number>(), sell: new Map<number, number>() };
  return target.map((t) => {
    const group = seen[t.side];
    const rank = group.get(t.level) ?? 0;
    group.set(t.level, rank + 1);
    return { target: t, level: t.level, sideOrder: t.side === 'buy' ? 0 : 1, rank };
  });
}

/** The tick as exact units at its own scale. */
interface Tick {
  units: number;
  scale: number;
}

// Parse slots reused across calls: reconciling allocates no number objects per order.
const targetSlot = new ScaledDecimal();
const liveSlot = new ScaledDecimal();
const pctSlot = new ScaledDecimal();

function checkOptions(o: ReconcileOptions): Tick {
  const tick = new ScaledDecimal();
  if (parseDecimalInto(o.tickSize, tick) !== ParseStatus.OK || tick.units <= 0)
    throw new RangeError(`tickSize must be a positive decimal string, got ${JSON.stringify(o.tickSize)}`);
  if (!Number.isInteger(o.openOrderLimit) || o.openOrderLimit < 0)
    throw new RangeError(`openOrderLimit must be a non-negative integer, got ${o.openOrderLimit}`);
  if (!Number.isFinite(o.repriceToleranceTicks) || o.repriceToleranceTicks < 0) {
    throw new RangeError(`repriceToleranceTicks must be non-negative, got ${o.repriceToleranceTicks}`);
  }
  return { units: tick.units, scale: tick.scale };
}

/** |target − live| in ticks (exact difference, one division); Infinity for a price we cannot read, so it is repriced. */
function deviationTicks(targetPrice: string, livePrice: string, tick: Tick): number {
  if (targetPrice === livePrice && isPrice(targetPrice)) return 0;
  const t = parseDecimalInto(targetPrice, targetSlot, true);
  const l = parseDecimalInto(livePrice, liveSlot, true);
  if (t === ParseStatus.OK && l === ParseStatus.OK) {
    const scale = Math.max(targetSlot.scale, liveSlot.scale, tick.scale);
    const diff = scaled(targetSlot.units, targetSlot.scale, scale) - scaled(liveSlot.units, liveSlot.scale, scale);
    const step = scaled(tick.units, tick.scale, scale);
    if (Number.isSafeInteger(diff) && Number.isSafeInteger(step)) return Math.abs(diff) / step;
  }
  // Beyond 2^53 units (or unreadable: Infinity): the same difference in bigint.
  if (!isPrice(targetPrice) || !isPrice(livePrice)) return Number.POSITIVE_INFINITY;
  const scale = Math.max(decimalScale(targetPrice), decimalScale(livePrice), tick.scale);
  const diff = parseUnitsBig(targetPrice, scale, true) - parseUnitsBig(livePrice, scale, true);
  return Number(diff < 0n ? -diff : diff) / (tick.units * 10 ** (scale - tick.scale));
}

/** units at `from` widened to `to` (NaN when not a safe integer: the caller checks). */
function scaled(units: number, from: number, to: number): number {
  return to === from ? units : units * 10 ** (to - from);
}

function isPrice(text: string): boolean {
  return typeof text === 'string' && /^-?\d+(\.\d+)?$/.test(text);
}

/**
 * |t − l| · 100 > l · pct, exactly (pct read as the decimal its shortest text shows, as decimal.js reads a number).
 * An unreadable quantity, or a live quantity of zero, counts as moved.
 */
function quantityMoved(target: string, live: string, pct: number | undefined): boolean {
  if (pct === undefined) return false;
  const t = parseDecimalInto(target, targetSlot, true);
  const l = parseDecimalInto(live, liveSlot, true);
  if (t === ParseStatus.OK && l === ParseStatus.OK && liveSlot.units === 0) return true;
  if (!Number.isFinite(pct)) return !isPrice(target) || !isPrice(live); // l · ∞ (or NaN) is never exceeded
  const p = parseDecimalInto(numberToPlainDecimal(pct), pctSlot, true);
  if (t === ParseStatus.OK && l === ParseStatus.OK && p === ParseStatus.OK) {
    const scale = Math.max(targetSlot.scale, liveSlot.scale);
    const diff = Math.abs(
      scaled(targetSlot.units, targetSlot.scale, scale) - scaled(liveSlot.units, liveSlot.scale, scale),
    );
    if (Number.isSafeInteger(diff)) {
      return compareProducts(diff, scale, 100, 0, liveSlot.units, liveSlot.scale, pctSlot.units, pctSlot.scale) > 0;
    }
  }
  if (!isPrice(target) || !isPrice(live)) return true;
  // Beyond 2^53 units: the same comparison in bigint.
  const pctText = numberToPlainDecimal(pct);
  const scale = Math.max(decimalScale(target), decimalScale(live));
  const pctScale = decimalScale(pctText);
  const tb = parseUnitsBig(target, scale, true);
  const lb = parseUnitsBig(live, scale, true);
  if (lb === 0n) return true;
  const moved = (tb > lb ? tb - lb : lb - tb) * 100n * 10n ** BigInt(pctScale);
  return moved > lb * parseUnitsBig(pctText, pctScale, true);
}

/** The most useful quote to keep on an otherwise empty side: the highest bid or the lowest ask. */
function bestQuote(side: QuoteSide, orders: LiveOrder[]): LiveOrder {
  return orders.reduce((best, o) => {
    if (parseDecimalInto(o.price, targetSlot, true) !== ParseStatus.OK) return best;
    if (parseDecimalInto(best.price, liveSlot, true) !== ParseStatus.OK) return best;
    const c = compareUnits(targetSlot.units, targetSlot.scale, liveSlot.units, liveSlot.scale);
    return (side === 'buy' ? c > 0 : c < 0) ? o : best;
  });
}

/**
 * Diffs the target ladder against live orders into the fewest actions, as a pure function.
 *
 * - A slot (key) with a settled live order is left alone unless its side must be repriced (any order on the
 *   side beyond `repriceToleranceTicks`: then every order on that side whose price differs is replaced, so the
 *   ladder's spacing stays intact), its lifetime ended, or its quantity moved beyond `quantityTolerancePct`.
 *   Changes are always cancel/replace, which keeps the slot on the book: a side is never emptied to reprice it.
 * - Orders with a pending request are never touched, but count towards `openOrderLimit`.
 * - Orders whose slot left the target are cancelled, except that the last settled order on a side that still has
 *   targets is kept until a settled replacement exists on that side.
 * - New orders only fill free capacity (`openOrderLimit − live.length`, pending included), inner levels first.
 *   At the limit only the cancels are emitted; the news follow in a later reconcile, once the cancels are
 *   acknowledged and the live count has dropped. A target larger than the limit is trimmed, outer levels first.
 *
 * Actions come out cancels first, then replaces (reprice, expired, resize; inner levels first), then news.
 */
export function reconcile(target: TargetOrder[], live: LiveOrder[], o: ReconcileOptions): OrderAction[] {
  const tick = checkOptions(o);
  const slots = rankSlots(target).sort(bySlotPriority).slice(0, o.openOrderLimit);
  const slotByKey = new Map<string, Slot>();
  for (const s of slots) slotByKey.set(s.target.key, s);

  const liveByKey = new Map<string, LiveOrder[]>();
  for (const order of live) {
    const group = liveByKey.get(order.key);
    if (group) group.push(order);
    else liveByKey.set(order.key, [order]);
  }

  const cancels: Array<{ order: LiveOrder; reason: ActionReason }> = [];
  const kept: Array<{ order: LiveOrder; slot: Slot; deviation: number }> = [];
  for (const [key, group] of liveByKey) {
    const slot = slotByKey.get(key);
    if (!slot) {
      for (const order of group) if (!order.pending) cancels.push({ order, reason: ActionReason.NotInTarget });
      continue;
    }
    // A pending order in the group may be one half of a replace in flight; wait until it settles.
    if (group.length === 1) {
      if (!group[0].pending) kept.push({ order: group[0], slot, deviation: 0 });
      continue;
    }
    if (group.some((g) => g.pending)) continue;
    const newest = group.reduce((a, b) => (b.createdAtMs > a.createdAtMs ? b : a));
    for (const order of group) if (order !== newest) cancels.push({ order, reason: ActionReason.Duplicate });
    kept.push({ order: newest, slot, deviation: 0 });
  }

  const repriceSide: Record<QuoteSide, boolean> = { buy: false, sell: false };
  for (const k of kept) {
    k.deviation = deviationTicks(k.slot.target.price, k.order.price, tick);
    if (k.deviation > o.repriceToleranceTicks) repriceSide[k.slot.target.side] = true;
  }

  const replaces: Array<{ order: LiveOrder; slot: Slot; reason: ActionReason }> = [];
  for (const { order, slot, deviation } of kept) {
    const reason =
      repriceSide[slot.target.side] && deviation > 0
        ? ActionReason.Reprice
        : o.nowMs >= order.expiresAtMs
          ? ActionReason.Expired
          : quantityMoved(slot.target.quantity, order.quantity, o.quantityTolerancePct)
            ? ActionReason.Resize
            : undefined;
    if (reason) replaces.push({ order, slot, reason });
  }

  // Never empty a side that still has targets: hold back one cancel until a settled order of ours is there.
  for (const side of ['buy', 'sell'] as const) {
    if (!slots.some((s) => s.target.side === side)) continue;
    if (kept.some((k) => k.order.side === side)) continue;
    const sideCancels = cancels.filter((c) => c.order.side === side);
    if (sideCancels.length === 0) continue;
    const spared = bestQuote(
      side,
      sideCancels.map((c) => c.order),
    );
    cancels.splice(
      cancels.findIndex((c) => c.order === spared),
      1,
    );
  }

  const capacity = Math.max(0, o.openOrderLimit - live.length);
  const news = slots.filter((s) => !liveByKey.has(s.target.key)).slice(0, capacity);

  replaces.sort((a, b) => REPLACE_ORDER[a.reason] - REPLACE_ORDER[b.reason] || bySlotPriority(a.slot, b.slot));
  const actions: OrderAction[] = [];
  for (const c of cancels) actions.push({ kind: 'cancel', clOrdId: c.order.clOrdId, reason: c.reason });
  for (const r of replaces) {
    actions.push({ kind: 'replace', clOrdId: r.order.clOrdId, target: r.slot.target, reason: r.reason });
  }
  for (const s of news) actions.push({ kind: 'new', target: s.target, reason: ActionReason.Missing });
  return actions;
}
