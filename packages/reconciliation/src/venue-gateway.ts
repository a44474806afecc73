import type { OrderSide, OrderState, VenueOrderStatus } from '@truex-mm/order-adapter';

/** One of our orders as the venue lists it (e.g. TrueX REST `GET /orders/active`). */
export interface VenueOrder {
  readonly orderId: string;
  readonly clOrdId?: string;
  readonly side?: OrderSide;
  readonly price?: string;
  readonly quantity?: string;
  readonly cumQty: string;
  readonly leavesQty: string;
  /** Undefined when the venue's status is one we cannot map. */
  readonly state?: OrderState;
}

/**
 * What reconciliation needs from the venue, over a channel independent of the FIX session (TrueX: REST). All calls
 * may reject (network, 5xx): the reconciler counts the failure and tries again on its next run.
 */
export interface VenueGateway {
  /** Every order of ours the venue holds open. */
  activeOrders(): Promise<readonly VenueOrder[]>;
  /** One order's status; null when the venue has no such order; undefined when its answer cannot be read. */
  orderStatus(ref: {
    readonly clOrdId: string;
    readonly orderId?: string;
  }): Promise<VenueOrderStatus | null | undefined>;
  /**
   * Cancels an order at the venue (by exchange id when known); resolves with the order's status after the cancel
   * when the venue returns it (it may have filled first), undefined when it does not.
   */
  cancel(ref: { readonly clOrdId?: string; readonly orderId: string }): Promise<VenueOrderStatus | undefined>;
}
