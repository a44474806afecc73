import type { ExecutionReport } from '@truex-mm/fix-codec';
import type { OrderState } from './order-state';
import type { Fill, OrderSide, StatusNeededReason } from './tracked-order';

/** What the adapter detected in the venue's quantities; each one also asks for a halt until reconciled. */
export type ExecutionAnomalyKind =
  /** CumQty (14) above the order's OrderQty (38). */
  | 'overfill'
  /** LastQty (32) beyond CumQty: a fill's stretch (CumQty − LastQty, CumQty] below zero or already booked by another fill. */
  | 'lastqty-exceeds-cumqty'
  /** CumQty lower than a CumQty the venue reported before for the same order. */
  | 'cumqty-regression';

export interface ExecutionAnomaly {
  kind: ExecutionAnomalyKind;
  clOrdId: string;
  orderId?: string;
  execId?: string;
  detail: string;
  /** The report that showed it (absent when a REST status did). */
  er?: ExecutionReport;
}

/** The 'status-needed' payload: query the venue's order status (REST) and feed it to applyVenueStatus. */
export interface StatusRequest {
  clOrdId: string;
  orderId?: string;
  reason: StatusNeededReason;
}

/** An order's status as the venue answers it over REST (`GET /order/status`), mapped to our states. */
export interface VenueOrderStatus {
  clOrdId?: string;
  orderId?: string;
  state: OrderState;
  cumQty: string;
  leavesQty: string;
  avgPx?: string;
  lastPx?: string;
}

/** What {@link OrderAdapter.applyVenueStatus} did. */
export interface VenueStatusResult {
  clOrdId: string;
  state: OrderState;
  /** The fill synthesized for CumQty the venue has and we had not booked (also emitted as 'fill'). */
  fill?: Fill;
}

/** An order found at the venue at start, to take over (`--adopt-orders`). */
export interface AdoptedOrder {
  clOrdId: string;
  orderId: string;
  side: OrderSide;
  price: string;
  quantity: string;
  cumQty: string;
  leavesQty: string;
  /** The strategy slot; default `adopted:<clOrdId>`. */
  key?: string;
}

/** A cancel the venue throttled, waiting for its next attempt. */
export interface CancelRetry {
  clOrdId: string;
  /** Throttled attempts so far. */
  attempts: number;
  nextAttemptAtMs: number;
}

/** What {@link OrderAdapter.cancelAll} did. */
export interface CancelAllResult {
  /** Cancels sent now. */
  sent: number;
  /** Orders not acknowledged yet (new or replace in flight): cancelled as soon as they are. */
  deferred: number;
  /** Orders whose cancel is already in flight (re-sent if it goes unanswered). */
  inFlight: number;
  /** Orders whose cancel the venue throttled, waiting for a retry. */
  retrying: number;
}

/**
 * Where the cancels the adapter sends on its own (cancel-on-ack, re-sends, throttle retries, timeouts) are charged.
 * RiskGate implements it.
 */
export interface CancelBudget {
  /** Charges one cancel; cancels are always allowed (the budget may go into debt). */
  chargeCancel(): void;
  /** Takes one message token only if one is available; a throttled cancel is retried only then. */
  tryTakeMessage(): boolean;
}
