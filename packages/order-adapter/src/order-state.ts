/**
 * Order states. The ten from the architecture contract (FIX OrdStatus names) plus `Unknown`: an order whose fate we
 * do not know (its requests went unanswered even after a cancel, or the venue said "unknown order" to a cancel while
 * it may have filled). An Unknown order stays on our books (live list, open-order count, working quantity) until the
 * venue's word resolves it: a late report, or a REST status through `applyVenueStatus`.
 */
export type OrderState =
  | 'PendingNew'
  | 'New'
  | 'PartiallyFilled'
  | 'Filled'
  | 'PendingCancel'
  | 'Canceled'
  | 'PendingReplace'
  | 'Replaced'
  | 'Rejected'
  | 'Expired'
  | 'Unknown';

export const ORDER_STATES: ReadonlyArray<OrderState> = [
  'PendingNew',
  'New',
  'PartiallyFilled',
  'Filled',
  'PendingCancel',
  'Canceled',
  'PendingReplace',
  'Replaced',
  'Rejected',
  'Expired',
  'Unknown',
];

/**
 * The order state machine: for each state, the states a report or our own request may move it to. Self-loops are
 * listed where the venue legitimately repeats a state (PendingNew ack after our local PendingNew, partial fills,
 * repeated pending acks). From a Pending* state, `New`/`PartiallyFilled` is the venue refusing our cancel/replace
 * (35=9): the prior state comes back. New/PartiallyFilled → Rejected is a reject after acceptance (it ends the order:
 * no ghost live order). Terminal states have no exits; `Unknown` may go anywhere, because the venue's word about an
 * order we lost track of is the truth, and we may cancel it.
 */
export const ORDER_TRANSITIONS: Readonly<Record<OrderState, ReadonlyArray<OrderState>>> = Object.freeze({
  PendingNew: [
    'PendingNew',
    'New',
    'PartiallyFilled',
    'Filled',
    'PendingCancel',
    'Canceled',
    'Rejected',
    'Expired',
    'Unknown',
  ],
  New: [
    'New',
    'PartiallyFilled',
    'Filled',
    'PendingCancel',
    'PendingReplace',
    'Canceled',
    'Rejected',
    'Expired',
    'Unknown',
  ],
  PartiallyFilled: [
    'PartiallyFilled',
    'Filled',
    'PendingCancel',
    'PendingReplace',
    'Canceled',
    'Rejected',
    'Expired',
    'Unknown',
  ],
  PendingCancel: [
    'PendingCancel',
    'PendingNew',
    'New',
    'PartiallyFilled',
    'PendingReplace',
    'Filled',
    'Canceled',
    'Replaced',
    'Rejected',
    'Expired',
    'Unknown',
  ],
  PendingReplace: [
    'PendingReplace',
    'New',
    'PartiallyFilled',
    'Filled',
    'PendingCancel',
    'Replaced',
    'Canceled',
    'Rejected',
    'Expired',
    'Unknown',
  ],
  Filled: [],
  Canceled: [],
  Replaced: [],
  Rejected: [],
  Expired: [],
  Unknown: [
    'PendingNew',
    'New',
    'PartiallyFilled',
    'Filled',
    'PendingCancel',
    'Canceled',
    'Replaced',
    'Rejected',
    'Expired',
    'Unknown',
  ],
});

const TERMINAL: ReadonlySet<OrderState> = new Set(['Filled', 'Canceled', 'Replaced', 'Rejected', 'Expired']);
const PENDING: ReadonlySet<OrderState> = new Set(['PendingNew', 'PendingCancel', 'PendingReplace']);

/** No further reports are expected. Unknown is not terminal: it stays on our books until the venue resolves it. */
export function isTerminal(state: OrderState): boolean {
  return TERMINAL.has(state);
}

/** A request of ours is in flight. */
export function isPending(state: OrderState): boolean {
  return PENDING.has(state);
}

export function canTransition(from: OrderState, to: OrderState): boolean {
  return ORDER_TRANSITIONS[from].includes(to);
}

/** The transition table as a markdown table (from-state rows, to-state columns), for docs and logs. */
export function formatTransitionTable(): string {
  const header = `| from \\ to | ${ORDER_STATES.join(' | ')} |`;
  const rule = `|${' --- |'.repeat(ORDER_STATES.length + 1)}`;
  const rows = ORDER_STATES.map(
    (from) => `| ${from} | ${ORDER_STATES.map((to) => (canTransition(from, to) ? '✓' : '')).join(' | ')} |`,
  );
  return [header, rule, ...rows].join('\n');
}
