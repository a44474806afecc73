import type { OrderState } from './order-state';

export type OrderSide = 'buy' | 'sell';

/** Our view of one order (one ClOrdID). A replace creates a new TrackedOrder; the old one ends Replaced. */
export interface TrackedOrder {
  clOrdId: string;
  /** For a replacement: the ClOrdID it replaces. */
  origClOrdId?: string;
  /** TrueX OrderID (37) once acknowledged. */
  orderId?: string;
  /** The strategy's slot id (e.g. 'buy-3-1'). */
  key: string;
  side: OrderSide;
  price: string;
  /** OrderQty (38): total, including what has filled. */
  quantity: string;
  cumQty: string;
  leavesQty: string;
  state: OrderState;
  createdAtMs: number;
  ackedAtMs?: number;
  updatedAtMs: number;
  /** The venue's words on a reject (58), or why we gave the order up. */
  rejectText?: string;
  /** Set when a request for this order went unanswered past ackTimeoutMs. */
  timedOut?: boolean;
  /** Set while the adapter waits for the venue's order status (see the 'status-needed' event). */
  statusNeeded?: StatusNeededReason;
}

/** Why the adapter needs the venue's word (a REST order status) about an order. */
export type StatusNeededReason =
  /** 35=9 with 102=1: the venue does not know the order, but it may have filled before it went. */
  | 'unknown-order'
  /** Even the cancel went unanswered: the order is Unknown. */
  | 'no-answer'
  /** A report would have moved the order along a transition the table forbids, leaving its state uncertain. */
  | 'illegal-transition'
  /** The venue's CumQty is above what we have booked: a fill report is missing. */
  | 'missing-fill'
  /** An overfill or a CumQty regression (see the 'anomaly' event). */
  | 'anomaly'
  /** A report with an ExecType the adapter does not know. */
  | 'unknown-exec-type';

/** One MiscFeesGrp (136) entry of a fill. */
export interface FillFee {
  /** MiscFeeAmt (137): positive is a cost, negative a rebate. */
  amount: string;
  /** MiscFeeCurr (138), when the venue names it; absent means the quote currency. */
  currency?: string;
  /** MiscFeeType (139): 4 exchange fees, 7 other. */
  type?: string;
}

/** One execution (150=F) as positions and persistence need it. */
export interface Fill {
  execId: string;
  clOrdId: string;
  orderId: string;
  side: OrderSide;
  /** LastQty (32). */
  quantity: string;
  /** LastPx (31). */
  price: string;
  /**
   * Sum of MiscFeeAmt (137) of the entries in the quote currency (138 equal to the symbol's quote currency, or
   * absent); '0' when there are none. Fees in other currencies are only in {@link fees}.
   */
  fee: string;
  /** Every fee entry with its currency, for a ledger that keeps fees by currency. Empty when the report has none. */
  fees: FillFee[];
  /** 'fix' for an execution report; 'rest' for a fill synthesized from a venue order status (applyVenueStatus). */
  source: 'fix' | 'rest';
  /** LastLiquidityInd (851): '1' added (maker), '2' removed (taker). */
  liquidity?: '1' | '2';
  /** TransactTime (60) if present, else the receive time. */
  timeMs: number;
}
