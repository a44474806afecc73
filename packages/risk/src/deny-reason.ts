/** Why {@link RiskGate.check} refused an order. Each maps to one limit in {@link RiskLimits} or one trading state. */
export type DenyReason =
  | 'MAX_ORDER_SIZE'
  | 'MAX_ORDER_NOTIONAL'
  | 'PRICE_BAND'
  | 'MAX_OPEN_ORDERS'
  | 'MAX_LONG_POSITION'
  | 'MAX_SHORT_POSITION'
  | 'MAX_NOTIONAL_EXPOSURE'
  | 'MESSAGE_BUDGET'
  | 'STALE_REFERENCE'
  | 'CROSSED_REFERENCE'
  | 'HALTED'
  | 'REDUCING_ONLY'
  /** Not in the architecture contract: price/quantity not a positive decimal string. Fail closed instead of throwing. */
  | 'INVALID_ORDER';

export const DENY_REASONS: ReadonlyArray<DenyReason> = [
  'MAX_ORDER_SIZE',
  'MAX_ORDER_NOTIONAL',
  'PRICE_BAND',
  'MAX_OPEN_ORDERS',
  'MAX_LONG_POSITION',
  'MAX_SHORT_POSITION',
  'MAX_NOTIONAL_EXPOSURE',
  'MESSAGE_BUDGET',
  'STALE_REFERENCE',
  'CROSSED_REFERENCE',
  'HALTED',
  'REDUCING_ONLY',
  'INVALID_ORDER',
];
