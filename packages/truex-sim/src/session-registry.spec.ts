import { SessionState } from './session-registry';

describe('SessionState as the acceptor engine’s message store', () => {
  it('keeps the newest messages within its limit even though only application messages take numbers in it', () => {
    const state = new SessionState('C->V', 'C', 'V', 3);
    for (const seq of [2, 3, 5, 8, 9]) state.add(seq, { msgType: '8', body: [[11, `O${seq}`]] });
    expect([2, 3, 5, 8, 9].map((seq) => state.get(seq) !== undefined)).toEqual([false, false, true, true, true]);
    expect(state.storedCount).toBe(3);
  });

  it('records while no connection is logged on, and a reset empties it and restarts both numbers', () => {
    const state = new SessionState('C->V', 'C', 'V');
    state.save({ nextOutgoing: 4, nextIncoming: 7 });
    state.deliver('8', [[11, 'AWAY']]);
    expect(state.get(4)?.body).toEqual([[11, 'AWAY']]);
    expect(state.sequence()).toEqual({ nextOutgoing: 5, nextIncoming: 7 });
    state.venueResetPending = true;
    state.reset();
    expect(state.sequence()).toEqual({ nextOutgoing: 1, nextIncoming: 1 });
    expect(state.storedCount).toBe(0);
    expect(state.venueResetPending).toBe(false);
  });
});
