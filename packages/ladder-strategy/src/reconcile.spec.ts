import { defaultLadderConfig } from './ladder-config';
import type { LiveOrder, OrderAction } from './order-action';
import { reconcile, type ReconcileOptions } from './reconcile';
import { seededRandom } from '@truex-mm/clock';
import { buildTargetLadder, type TargetOrder } from './target-ladder';

const NOW = 1_000_000;
const opts: ReconcileOptions = { openOrderLimit: 50, nowMs: NOW, repriceToleranceTicks: 1, tickSize: '0.5' };

function ladderAt(fairValue: string, seed = 7): TargetOrder[] {
  return buildTargetLadder({ fairValue, position: '0', nowMs: NOW }, defaultLadderConfig, seededRandom(seed));
}

/** Live orders exactly as the target, settled, expiring well after NOW. */
function liveFrom(target: TargetOrder[], over: Partial<LiveOrder> = {}): LiveOrder[] {
  return target.map((t, i) => ({
    clOrdId: `C${i}`,
    key: t.key,
    side: t.side,
    price: t.price,
    quantity: t.quantity,
    pending: false,
    createdAtMs: NOW - 1_000,
    expiresAtMs: NOW + 3_000,
    ...over,
  }));
}

const kinds = (actions: OrderAction[]): string[] => actions.map((a) => a.kind);
const count = (actions: OrderAction[], kind: OrderAction['kind']): number =>
  actions.filter((a) => a.kind === kind).length;

describe('reconcile', () => {
  it('does nothing when live orders already match the target', () => {
    const target = ladderAt('100000');
    expect(reconcile(target, liveFrom(target), opts)).toEqual([]);
  });

  it('ignores the size jitter of a rebuilt target (sizes change at expiry, not every build)', () => {
    const live = liveFrom(ladderAt('100000', 1));
    const rebuilt = ladderAt('100000', 2);
    expect(rebuilt.map((t) => t.quantity)).not.toEqual(live.map((l) => l.quantity));
    expect(reconcile(rebuilt, live, opts)).toEqual([]);
  });

  it('places the whole ladder from empty, inner levels first and alternating sides', () => {
    const target = ladderAt('100000');
    const actions = reconcile(target, [], opts);
    expect(count(actions, 'new')).toBe(50);
    const first = actions.slice(0, 4).map((a) => (a.kind === 'new' ? a.target.key : ''));
    expect(first).toEqual(['buy-1-1', 'sell-1-1', 'buy-1-2', 'sell-1-2']);
  });

  it('leaves orders alone while fair value moves within the tolerance', () => {
    const live = liveFrom(ladderAt('100000'));
    // +0.5 moves every quote by exactly one tick: within a tolerance of 1.
    expect(reconcile(ladderAt('100000.5'), live, opts)).toEqual([]);
  });

  it('reprices every order on both sides with cancel/replace when fair value moves beyond the tolerance', () => {
    const live = liveFrom(ladderAt('100000'));
    const target = ladderAt('100002');
    const actions = reconcile(target, live, opts);
    expect(actions).toHaveLength(50);
    expect(actions.every((a) => a.kind === 'replace' && a.reason === 'reprice')).toBe(true);
    // No cancels and no news: every slot stays on the book while it is repriced.
    expect(count(actions, 'cancel') + count(actions, 'new')).toBe(0);
    const byKey = new Map(target.map((t) => [t.key, t]));
    for (const a of actions)
      if (a.kind === 'replace') expect(a.target).toBe(byKey.get(live.find((l) => l.clOrdId === a.clOrdId)!.key));
  });

  it('reprices a whole side when one of its orders is out of tolerance, and only that side', () => {
    const target = ladderAt('100000');
    const live = liveFrom(target);
    const asks = live.filter((l) => l.side === 'sell');
    // One ask 1 tick off (within tolerance) and another 3 ticks off: the side is repriced, both are replaced.
    asks[0].price = (Number(asks[0].price) + 0.5).toFixed(1);
    asks[10].price = (Number(asks[10].price) + 1.5).toFixed(1);
    const actions = reconcile(target, live, opts);
    expect(actions.map((a) => (a.kind === 'replace' ? a.clOrdId : a.kind)).sort()).toEqual(
      [asks[0].clOrdId, asks[10].clOrdId].sort(),
    );
    expect(actions.every((a) => a.reason === 'reprice')).toBe(true);
  });

  it('replaces orders whose lifetime ended, and can resize on request', () => {
    const target = ladderAt('100000');
    const live = liveFrom(target);
    live[3].expiresAtMs = NOW;
    live[7].quantity = '0.5000';
    const actions = reconcile(target, live, opts);
    expect(actions).toEqual([{ kind: 'replace', clOrdId: live[3].clOrdId, target: target[3], reason: 'expired' }]);
    const withResize = reconcile(target, live, { ...opts, quantityTolerancePct: 25 });
    expect(withResize.map((a) => a.reason)).toEqual(['expired', 'resize']);
  });

  it('never touches a pending order, but counts it against the open-order limit', () => {
    const target = ladderAt('100000');
    const live = liveFrom(target.slice(0, 48));
    live[0].pending = true;
    live[0].expiresAtMs = NOW - 1;
    live[0].price = '1.0';
    // Two stale orders with a cancel in flight: still open at the venue.
    live.push(
      { ...live[1], clOrdId: 'X1', key: 'old-1', pending: true },
      { ...live[30], clOrdId: 'X2', key: 'old-2', pending: true },
    );
    expect(live).toHaveLength(50);
    expect(reconcile(target, live, opts)).toEqual([]);
    // One cancel acknowledged → room for exactly one of the two missing slots.
    const after = reconcile(
      target,
      live.filter((l) => l.clOrdId !== 'X1'),
      opts,
    );
    expect(kinds(after)).toEqual(['new']);
  });

  it('at the limit emits only the cancel; the new follows once the cancel is acknowledged', () => {
    const target = ladderAt('100000');
    const live = liveFrom(target);
    // The slot 'sell-8-3' is filled by an order under a key that is no longer in the target.
    const orphan = live.find((l) => l.key === 'sell-8-3')!;
    orphan.key = 'sell-9-1';
    const atLimit = reconcile(target, live, opts);
    expect(atLimit).toEqual([{ kind: 'cancel', clOrdId: orphan.clOrdId, reason: 'not-in-target' }]);
    // The cancel is in flight: nothing new yet.
    orphan.pending = true;
    expect(reconcile(target, live, opts)).toEqual([]);
    // Acknowledged: it is gone from the live list, and the missing slot is placed.
    const afterAck = reconcile(
      target,
      live.filter((l) => l !== orphan),
      opts,
    );
    expect(afterAck).toEqual([{ kind: 'new', target: target.find((t) => t.key === 'sell-8-3'), reason: 'missing' }]);
  });

  it('with spare capacity, cancels and places in the same pass, cancels first', () => {
    const target = ladderAt('100000');
    const live = liveFrom(target.slice(0, 40));
    live[39].key = 'gone';
    const actions = reconcile(target, live, opts);
    expect(actions[0]).toEqual({ kind: 'cancel', clOrdId: live[39].clOrdId, reason: 'not-in-target' });
    expect(count(actions, 'new')).toBe(10);
  });

  it('trims a target larger than the limit from the outer levels, keeping both sides', () => {
    const target = ladderAt('100000');
    const actions = reconcile(target, [], { ...opts, openOrderLimit: 20 });
    expect(actions).toHaveLength(20);
    const placed = actions.map((a) => (a.kind === 'new' ? a.target : undefined)).filter((t): t is TargetOrder => !!t);
    expect(placed.filter((t) => t.side === 'buy')).toHaveLength(10);
    expect(Math.max(...placed.map((t) => t.level))).toBe(3);
    // Orders beyond the trimmed target are cancelled when the limit drops below what is live.
    const shrink = reconcile(target, liveFrom(target), { ...opts, openOrderLimit: 48 });
    expect(shrink.map((a) => a.kind)).toEqual(['cancel', 'cancel']);
  });

  it('never empties a side: the best bid of an obsolete ladder stays until a new bid is live', () => {
    const target = ladderAt('100000');
    const oldBids = liveFrom(target.filter((t) => t.side === 'buy')).map((l, i) => ({
      ...l,
      key: `legacy-${i}`,
      clOrdId: `B${i}`,
    }));
    const asks = liveFrom(target.filter((t) => t.side === 'sell'));
    const actions = reconcile(target, [...oldBids, ...asks], opts);
    const cancelled = new Set(
      actions.filter((a) => a.kind === 'cancel').map((a) => (a.kind === 'cancel' ? a.clOrdId : '')),
    );
    expect(cancelled.size).toBe(24);
    const spared = oldBids.filter((b) => !cancelled.has(b.clOrdId));
    expect(spared).toHaveLength(1);
    expect(spared[0].price).toBe(target[0].price); // a level-1 bid, the highest
    // Once a new bid is live and settled, the spared one goes too.
    const newBid = liveFrom([target[0]], { clOrdId: 'N1' });
    const next = reconcile(target, [spared[0], ...newBid, ...asks], opts);
    expect(next.filter((a) => a.kind === 'cancel')).toEqual([
      { kind: 'cancel', clOrdId: spared[0].clOrdId, reason: 'not-in-target' },
    ]);
  });

  it('cancels a settled duplicate in a slot, keeping the newest', () => {
    const target = ladderAt('100000');
    const live = liveFrom(target);
    live.push({ ...live[0], clOrdId: 'DUP', createdAtMs: NOW - 5_000 });
    expect(reconcile(target, live, { ...opts, openOrderLimit: 60 })).toEqual([
      { kind: 'cancel', clOrdId: 'DUP', reason: 'duplicate' },
    ]);
  });

  it('rejects nonsensical options', () => {
    expect(() => reconcile([], [], { ...opts, tickSize: 'x' })).toThrow(RangeError);
    expect(() => reconcile([], [], { ...opts, openOrderLimit: -1 })).toThrow(/openOrderLimit/);
  });
});
