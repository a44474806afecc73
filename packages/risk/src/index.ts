export type { TradingState } from './trading-state';
export type { DenyReason } from './deny-reason';
export { DENY_REASONS } from './deny-reason';
export { RiskInputError } from './risk-error';
export type { RiskLimits } from './risk-limits';
export { defaultRiskLimits, resolveRiskLimits, validateRiskLimits } from './risk-limits';
export { TokenBucket } from './token-bucket';
export type { ThrottlePolicy } from './message-budget';
export { MessageBudget } from './message-budget';
export type { LedgerFill, OpeningBalance, PositionLedgerOptions, PositionSnapshot } from './position-ledger';
export { PositionLedger } from './position-ledger';
export type { LearnedLimit, LearnedLimits } from './venue-limits';
export { isOpenOrderLimitText } from './venue-limits';
export type {
  LearnedLimitName,
  MessageBudgetFigures,
  OrderIntent,
  RiskContext,
  RiskDecision,
  RiskGateCounters,
  RiskGateDeps,
} from './risk-gate';
export { RiskGate } from './risk-gate';
