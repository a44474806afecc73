import type { OrderState, VenueOrderStatus } from '@truex-mm/order-adapter';
import type { VenueStatusSource } from '@truex-mm/quoting-engine';
import type { VenueGateway, VenueOrder } from '@truex-mm/reconciliation';
import type { TrueXOrder, TrueXRestClient } from '@truex-mm/truex-rest';

/** TrueX REST order status → our order state; undefined for a status we cannot map (the query is retried later). */
export function orderStateOf(order: TrueXOrder): OrderState | undefined {
  switch (order.status) {
    case 'INITIALIZED':
    case 'NEW_PENDING':
      return 'PendingNew';
    case 'ACTIVE':
      return order.cumQty === undefined || Number(order.cumQty) === 0 ? 'New' : 'PartiallyFilled';
    case 'FILLED':
      return 'Filled';
    case 'CANCEL_PENDING':
      return 'PendingCancel';
    case 'CANCELED':
      return 'Canceled';
    case 'REJECTED':
      return 'Rejected';
    case 'MODIFY_PENDING':
      return 'PendingReplace';
    default:
      return undefined;
  }
}

/** A TrueX REST order as the adapter's venue status; undefined for a status we cannot map. */
export function venueStatusOf(order: TrueXOrder, clOrdId?: string): VenueOrderStatus | undefined {
  const state = orderStateOf(order);
  if (state === undefined) return undefined;
  return {
    clOrdId: clOrdId ?? order.clientOrderId,
    orderId: order.orderId,
    state,
    cumQty: order.cumQty ?? '0',
    leavesQty: order.leavesQty ?? '0',
    avgPx: order.avgPx,
  };
}

/** The quoting engine's venue-status source over TrueX's REST API (order status by ClOrdID, else by OrderID). */
export function restOrderStatusSource(client: TrueXRestClient, clientId: string): VenueStatusSource {
  return {
    async orderStatus(ref): Promise<VenueOrderStatus | null | undefined> {
      const order =
        (await client.orderByClientOrderId(ref.clOrdId, clientId)) ??
        (ref.orderId !== undefined ? await client.orderByOrderId(ref.orderId, clientId) : undefined);
      if (order === undefined) return null;
      return venueStatusOf(order, ref.clOrdId);
    },
  };
}

/** A TrueX REST order as reconciliation sees it. */
export function venueOrderOf(order: TrueXOrder): VenueOrder {
  return {
    orderId: order.orderId,
    clOrdId: order.clientOrderId,
    side: order.side,
    price: order.price,
    quantity: order.quantity,
    cumQty: order.cumQty ?? '0',
    leavesQty: order.leavesQty ?? '0',
    state: orderStateOf(order),
  };
}

/** Reconciliation's view of TrueX over REST: active orders, order status, cancel. */
export function restVenueGateway(client: TrueXRestClient, clientId: string): VenueGateway {
  const status = restOrderStatusSource(client, clientId);
  return {
    async activeOrders() {
      return (await client.activeOrders(clientId)).map(venueOrderOf);
    },
    orderStatus: (ref) => status.orderStatus(ref),
    async cancel(ref) {
      const order = await client.cancelByOrderId(ref.orderId, clientId);
      return venueStatusOf(order, ref.clOrdId);
    },
  };
}
