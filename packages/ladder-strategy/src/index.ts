export type { QuoteSide, TargetOrder, LadderInput } from './target-ladder';
export { buildTargetLadder, LadderInputError } from './target-ladder';
export type { LadderConfig, SkewConfig } from './ladder-config';
export { defaultLadderConfig, validateLadderConfig, LadderConfigError } from './ladder-config';
export type { LiveOrder, OrderAction } from './order-action';
export { ActionReason } from './order-action';
export type { ReconcileOptions } from './reconcile';
export { reconcile } from './reconcile';
export type { RefreshPolicyOptions } from './refresh-policy';
export { RefreshPolicy } from './refresh-policy';
export type { RefreshSchedulerOptions, RefreshStatus } from './refresh-scheduler';
export { RefreshScheduler } from './refresh-scheduler';
export { seededRandom } from '@truex-mm/clock'; // kept for callers of the former copy here
export { distributeOrders } from './order-distribution';
export type { TrueXIncrement } from './increments';
export { TRUEX_INCREMENTS, incrementsForPrice } from './increments';
export {
  QuotePolicy,
  type QuotePolicyInput,
  type QuotePolicyOrder,
  type QuoteAction,
  type QuotePolicyStatus,
} from './quoting/quote-policy';
export {
  defaultQuotePolicyConfig,
  quotePolicyConfigProblems,
  QuotePolicyConfigError,
  type QuotePolicyConfig,
} from './quoting/quote-policy-config';
export {
  computeLadderShape,
  defaultLadderShapeConfig,
  ShapeTracker,
  type LadderShape,
  type LadderShapeConfig,
  type ShapeMode,
  type ShapeInput,
  type TickRange,
} from './quoting/ladder-shape';
export { LadderAnchors, type Anchors } from './quoting/ladder-anchors';
export {
  planQuotes,
  QuotePlanner,
  type PlanInput,
  type PlanOrder,
  type PlannedStep,
  type QuoteReason,
} from './quoting/quote-plan';
export { LifetimeBudget, type LifetimeBudgetStatus, type LifetimeBudgetOptions } from './quoting/lifetime-budget';
export { toTickFraction, toWholeTicks, parseTickSize, type TickFraction, type TickSize } from './quoting/tick-fraction';
