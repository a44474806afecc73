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
  /** Sum of MiscFeeAmt (137) over the MiscFeesGrp (136); '0' when absent. */
  fee: string;
  /** LastLiquidityInd (851): '1' added (maker), '2' removed (taker). */
  liquidity?: '1' | '2';
  /** TransactTime (60) if present, else the receive time. */
  timeMs: number;
}
