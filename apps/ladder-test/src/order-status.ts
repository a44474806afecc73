import type { TrackedOrder } from '@truex-mm/order-adapter';
import { formatUnitsBig, parseUnitsBig } from '@truex-mm/fixed-point';

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

// Quantities as exact scaled integers (@truex-mm/fixed-point): 22 decimals hold any TrueX quantity; a quantity that
// is not a plain decimal string, or has more decimals, throws a FixedPointError.
const QUANTITY_SCALE = 22;

function quantityUnits(quantity: string): bigint {
  return parseUnitsBig(quantity, QUANTITY_SCALE, true);
}

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
  const filled = quantityUnits(filledQty);
  if (order.state === 'Filled' || (filled > 0n && filled >= quantityUnits(order.quantity))) return 'filled';
  if (filled > 0n) return 'partially-filled';
  const ackedInTime = order.ackedAtMs !== undefined && order.ackedAtMs - order.createdAtMs <= ackTimeoutMs;
  if (!ackedInTime) return 'timeout';
  return order.state === 'Expired' ? 'expired' : 'canceled';
}

/** The filled quantity: the larger of the fills we booked and the venue's CumQty. */
export function filledQuantity(order: TrackedOrder | undefined, bookedQty: string): string {
  if (!order) return bookedQty;
  const booked = quantityUnits(bookedQty);
  const venue = quantityUnits(order.cumQty || '0');
  return formatUnitsBig(booked > venue ? booked : venue, QUANTITY_SCALE);
}

/** a + b for two quantities (decimal strings), exactly: "0.0004" + "0.0002" → "0.0006". */
export function addQuantities(a: string, b: string): string {
  return formatUnitsBig(quantityUnits(a) + quantityUnits(b), QUANTITY_SCALE);
}
