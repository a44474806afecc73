import type { TrackedOrder } from '@truex-mm/order-adapter';
import Decimal from 'decimal.js';

/**
 * How one order of the ladder ended:
 * - `filled` / `partially-filled`: traded (all or part of it; the rest was cancelled);
 * - `canceled`: cancelled at the end with nothing filled;
 * - `expired`: the venue ended it (150=C);
 * - `rejected`: the venue refused it (its text is kept);
 * - `timeout`: never acknowledged within --ack-timeout;
 * - `cancel-timeout`: a cancel was sent and not confirmed: it may still rest at the venue;
 * - `left-open`: no cancel could be sent (session down): it may still rest at the venue.
 */
export type OrderOutcome =
  'filled' | 'partially-filled' | 'canceled' | 'expired' | 'rejected' | 'timeout' | 'cancel-timeout' | 'left-open';

/** The outcomes that fail the check (exit 1) or, after an abort, mean an order may still rest at the venue. */
export const FAILED_OUTCOMES: ReadonlySet<OrderOutcome> = new Set([
  'rejected',
  'timeout',
  'cancel-timeout',
  'left-open',
]);
export const POSSIBLY_OPEN_OUTCOMES: ReadonlySet<OrderOutcome> = new Set(['cancel-timeout', 'left-open']);

const TERMINAL = new Set(['Filled', 'Canceled', 'Rejected', 'Expired', 'Replaced']);

/**
 * The final status of an order from what the adapter knows at the end of the run (its last state and CumQty) and
 * whether we sent it a cancel. Fills are never hidden: an order that traded during monitoring reads `filled` or
 * `partially-filled`, not `acknowledged`. An order that may still rest at the venue says so first; one that was not
 * acknowledged within `ackTimeoutMs` is a `timeout` even if it was acknowledged (or cancelled) later.
 */
export function finalOutcome(
  order: TrackedOrder | undefined,
  filledQty: string,
  cancelSent: boolean,
  ackTimeoutMs: number,
): OrderOutcome {
  if (!order) return 'timeout';
  if (order.state === 'Rejected') return 'rejected';
  if (!TERMINAL.has(order.state)) return cancelSent ? 'cancel-timeout' : 'left-open';
  const filled = new Decimal(filledQty);
  if (order.state === 'Filled' || (filled.gt(0) && filled.gte(order.quantity))) return 'filled';
  if (filled.gt(0)) return 'partially-filled';
  const ackedInTime = order.ackedAtMs !== undefined && order.ackedAtMs - order.createdAtMs <= ackTimeoutMs;
  if (!ackedInTime) return 'timeout';
  return order.state === 'Expired' ? 'expired' : 'canceled';
}

/** The filled quantity: the larger of the fills we booked and the venue's CumQty. */
export function filledQuantity(order: TrackedOrder | undefined, bookedQty: string): string {
  if (!order) return bookedQty;
  return Decimal.max(new Decimal(bookedQty), new Decimal(order.cumQty || '0')).toFixed();
}
