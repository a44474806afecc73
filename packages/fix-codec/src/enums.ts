/** 54 Side: 1 Buy, 2 Sell. */
export type Side = '1' | '2';
/** 40 OrdType: 1 Market, 2 Limit. */
export type OrdType = '1' | '2';
/** 59 TimeInForce: 1 GTC, 3 IOC (TrueX has no Day/FOK/GTD). */
export type TimeInForce = '1' | '3';
/** 150 ExecType: New, Canceled, Replaced, PendingCancel, Rejected, PendingNew, Expired, PendingReplace, Trade. */
export type ExecType = '0' | '4' | '5' | '6' | '8' | 'A' | 'C' | 'E' | 'F';
/** 39 OrdStatus. */
export type OrdStatus = '0' | '1' | '2' | '4' | '5' | '6' | '8' | '9' | 'A' | 'C' | 'E';
/** 851 LastLiquidityInd: 1 added (maker), 2 removed (taker). */
export type LastLiquidityInd = '1' | '2';
/** 434 CxlRejResponseTo: 1 cancel, 2 cancel/replace. */
export type CxlRejResponseTo = '1' | '2';
/** 263 SubscriptionRequestType: 0 snapshot, 1 snapshot + updates, 2 unsubscribe. */
export type SubscriptionRequestType = '0' | '1' | '2';
/** 269 MDEntryType: 0 bid, 1 offer, 2 trade. */
export type MDEntryType = '0' | '1' | '2';
/** 279 MDUpdateAction: 0 new, 1 change, 2 delete. */
export type MDUpdateAction = '0' | '1' | '2';

export const Side = { Buy: '1', Sell: '2' } as const;
export const OrdType = { Market: '1', Limit: '2' } as const;
export const TimeInForce = { GoodTillCancel: '1', ImmediateOrCancel: '3' } as const;
export const ExecType = {
  New: '0',
  Canceled: '4',
  Replaced: '5',
  PendingCancel: '6',
  Rejected: '8',
  PendingNew: 'A',
  Expired: 'C',
  PendingReplace: 'E',
  Trade: 'F',
} as const;
export const OrdStatus = {
  New: '0',
  PartiallyFilled: '1',
  Filled: '2',
  Canceled: '4',
  Replaced: '5',
  PendingCancel: '6',
  Rejected: '8',
  Suspended: '9',
  PendingNew: 'A',
  Expired: 'C',
  PendingReplace: 'E',
} as const;
/** 18 ExecInst value TrueX honours: Add Liquidity Only (post-only). */
export const ExecInstPostOnly = '6';
/** 452 PartyRole TrueX accepts: client id. */
export const PartyRoleClientId = '3';
