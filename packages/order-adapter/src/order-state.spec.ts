import { ORDER_STATES, ORDER_TRANSITIONS, canTransition, formatTransitionTable, isTerminal } from './order-state';

describe('order state machine table', () => {
  it('has no exits from terminal states; Unknown is not terminal and the venue can resolve it', () => {
    for (const state of ['Filled', 'Canceled', 'Replaced', 'Rejected', 'Expired'] as const) {
      expect(ORDER_TRANSITIONS[state]).toEqual([]);
    }
    // Changed (issue 11): Unknown orders stay on the books until a status query resolves them, so Unknown is no
    // longer terminal (it was, when Unknown meant "off our books").
    expect(isTerminal('Unknown')).toBe(false);
    expect(canTransition('Unknown', 'Filled')).toBe(true);
    expect(canTransition('Unknown', 'PendingCancel')).toBe(true);
  });

  it('follows the TrueX lifecycles: A → 0 → F, cancel, replace', () => {
    expect(canTransition('PendingNew', 'New')).toBe(true);
    expect(canTransition('New', 'PartiallyFilled')).toBe(true);
    expect(canTransition('PartiallyFilled', 'Filled')).toBe(true);
    expect(canTransition('PendingCancel', 'Canceled')).toBe(true);
    expect(canTransition('PendingReplace', 'Replaced')).toBe(true);
    expect(canTransition('Filled', 'New')).toBe(false);
    expect(canTransition('New', 'PendingNew')).toBe(false);
    // Changed (issue 12): a reject after acceptance ends the order (no ghost live order); it was illegal before.
    expect(canTransition('New', 'Rejected')).toBe(true);
    expect(canTransition('PartiallyFilled', 'Rejected')).toBe(true);
  });

  it('only names known states and prints as a table with one row per state', () => {
    for (const targets of Object.values(ORDER_TRANSITIONS)) {
      for (const target of targets) expect(ORDER_STATES).toContain(target);
    }
    const lines = formatTransitionTable().split('\n');
    expect(lines).toHaveLength(ORDER_STATES.length + 2);
    expect(lines[2]).toMatch(/^\| PendingNew \| ✓ \| ✓ \|/);
  });
});
