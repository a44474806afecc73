import type { QuoteSide, TargetOrder } from './target-ladder';

/** An order of ours as the order adapter last saw it. */
export interface LiveOrder {
  clOrdId: string;
  /** The TargetOrder.key this order fills. */
  key: string;
  side: QuoteSide;
  price: string;
  quantity: string;
  /** Not yet acknowledged, or a cancel/replace is in flight: no new action is taken on it, but it counts. */
  pending: boolean;
  createdAtMs: number;
  /** When its random lifetime ends (createdAtMs + RefreshPolicy.lifetimeMs(level)). */
  expiresAtMs: number;
}

/** Why an action was emitted (the `reason` of OrderAction). */
export const ActionReason = {
  /** Fair value moved: the side's target is beyond the reprice tolerance. */
  Reprice: 'reprice',
  /** The order's lifetime ended. */
  Expired: 'expired',
  /** Target quantity differs beyond quantityTolerancePct. */
  Resize: 'resize',
  /** No live order fills this slot. */
  Missing: 'missing',
  /** The slot is no longer in the target (fewer levels, skewed out, trimmed to the open-order limit). */
  NotInTarget: 'not-in-target',
  /** Two settled orders fill the same slot. */
  Duplicate: 'duplicate',
} as const;
export type ActionReason = (typeof ActionReason)[keyof typeof ActionReason];

export type OrderAction =
  | { kind: 'new'; target: TargetOrder; reason: string }
  | { kind: 'cancel'; clOrdId: string; reason: string }
  | { kind: 'replace'; clOrdId: string; target: TargetOrder; reason: string };
