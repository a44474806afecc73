import type { Decimal } from 'decimal.js';

export type VenueSide = '1' | '2';
export type VenueOrdType = '1' | '2';
export type VenueTimeInForce = '1' | '3';

/** An order the venue has accepted (assigned an OrderID). Quantities and prices are Decimals, never floats. */
export interface VenueOrder {
  readonly orderId: string;
  /** The live ClOrdID; a cancel/replace makes the new ClOrdID the live one. */
  clOrdId: string;
  readonly clientId: string;
  /** Key of the FIX session (SenderCompID/TargetCompID pair) that receives this order's reports. */
  readonly route: string;
  readonly symbol: string;
  readonly side: VenueSide;
  ordType: VenueOrdType;
  readonly timeInForce: VenueTimeInForce;
  readonly execInst?: string;
  price: Decimal;
  orderQty: Decimal;
  cumQty: Decimal;
  leavesQty: Decimal;
  /** Σ lastQty·lastPx, for AvgPx. */
  filledNotional: Decimal;
  /** Time priority: lower is older. Renewed when a replace raises the quantity or moves the price. */
  priority: number;
  /** A simulated taker has a fill for this order in flight (fill latency), so it is not picked twice. */
  fillInFlight: boolean;
}
