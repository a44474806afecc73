import type { OrderAction } from './order-action';
import { RefreshPolicy } from './refresh-policy';
import { RefreshScheduler } from './refresh-scheduler';
import { seededRandom } from '@truex-mm/clock';
import type { TargetOrder } from './target-ladder';

function target(level: number, n = 1, side: 'buy' | 'sell' = 'buy'): TargetOrder {
  return { key: `${side}-${level}-${n}`, side, level, price: '100.0', quantity: '0.0100' };
}
const expired = (level: number, n: number, side: 'buy' | 'sell' = 'buy'): OrderAction => ({
  kind: 'replace',
  clOrdId: `${side}${level}${n}`,
  target: target(level, n, side),
  reason: 'expired',
});

/** 50 lifetime refreshes, all due at once (the worst case after a synchronised start). */
function allDue(): OrderAction[] {
  const out: OrderAction[] = [];
  const perLevel = [4, 3, 3, 3, 3, 3, 3, 3];
  for (const side of ['buy', 'sell'] as const)
    perLevel.forEach((n, i) => {
      for (let k = 1; k <= n; k++) out.push(expired(i + 1, k, side));
    });
  return out;
}

describe('RefreshScheduler', () => {
  it('spreads 50 due replaces over time at the budget rate instead of bursting', () => {
    const scheduler = new RefreshScheduler({
      policy: new RefreshPolicy({ random: seededRandom(1) }),
      messagesPerSecond: 15,
      nowMs: 0,
    });
    let pending = allDue();
    const perTick: number[] = [];
    for (let t = 0; t <= 3_000 && pending.length > 0; t += 50) {
      const sent = scheduler.select(pending, t);
      perTick.push(sent.length);
      pending = pending.filter((a) => !sent.includes(a));
    }
    expect(Math.max(...perTick)).toBeLessThanOrEqual(3); // 200 ms of a 15/s budget
    const firstSecond = perTick.slice(0, 21).reduce((a, b) => a + b, 0);
    expect(firstSecond).toBeGreaterThanOrEqual(15);
    expect(firstSecond).toBeLessThanOrEqual(18); // 15/s plus the initial burst
    expect(scheduler.status().sentTotal).toBe(perTick.reduce((a, b) => a + b, 0));
  });

  it('sends cancels, then reprices and news inner levels first, and lets outer-level refreshes wait first', () => {
    const scheduler = new RefreshScheduler({
      policy: new RefreshPolicy({ random: seededRandom(1) }),
      messagesPerSecond: 10,
      maxBurst: 4,
      nowMs: 0,
    });
    const actions: OrderAction[] = [
      expired(8, 1),
      expired(1, 1),
      { kind: 'new', target: target(2), reason: 'missing' },
      { kind: 'replace', clOrdId: 'R', target: target(5), reason: 'reprice' },
      { kind: 'cancel', clOrdId: 'C', reason: 'not-in-target' },
    ];
    const sent = scheduler.select(actions, 0);
    expect(sent.map((a) => (a.kind === 'new' ? 'new' : a.clOrdId))).toEqual(['C', 'new', 'R', 'buy11']);
    expect(scheduler.status().deferred).toBe(1);
    // On the same level a reprice goes before a new order: a stale quote is the bigger risk.
    const sameLevel = scheduler.select(
      [
        { kind: 'new', target: target(3, 2), reason: 'missing' },
        { kind: 'replace', clOrdId: 'R3', target: target(3, 1), reason: 'reprice' },
      ],
      10_000,
    );
    expect(sameLevel.map((a) => (a.kind === 'new' ? 'new' : a.clOrdId))).toEqual(['R3', 'new']);
    // Among due refreshes of the same level, the longest overdue goes first.
    const later = scheduler.select([expired(3, 1), expired(3, 2)], 1_000, [
      {
        clOrdId: 'buy31',
        key: 'buy-3-1',
        side: 'buy',
        price: '1',
        quantity: '1',
        pending: false,
        createdAtMs: 0,
        expiresAtMs: 900,
      },
      {
        clOrdId: 'buy32',
        key: 'buy-3-2',
        side: 'buy',
        price: '1',
        quantity: '1',
        pending: false,
        createdAtMs: 0,
        expiresAtMs: 500,
      },
    ]);
    expect(later.map((a) => (a.kind === 'replace' ? a.clOrdId : ''))).toEqual(['buy32', 'buy31']);
  });

  it('does not stretch when the budget covers the refresh demand', () => {
    const policy = new RefreshPolicy({ random: seededRandom(1) });
    const scheduler = new RefreshScheduler({ policy, messagesPerSecond: 20 });
    const s = scheduler.status();
    expect(s.stretchFactor).toBe(1);
    expect(s.stretchedLevels).toEqual([]);
    expect(s.refreshDemandPerSec).toBeCloseTo(12.5, 12);
    expect(s.reason).toMatch(/budget ok/);
  });

  it('when the budget is short, stretches outer levels first until refreshes fit the budget', () => {
    const policy = new RefreshPolicy({ random: seededRandom(1) });
    const scheduler = new RefreshScheduler({ policy, messagesPerSecond: 10 }); // 8/s for refreshes vs 12.5 needed
    const s = scheduler.status();
    expect(s.stretchFactor).toBeCloseTo(12.5 / 8, 12);
    expect(policy.refreshRatePerSec()).toBeCloseTo(8, 9);
    expect(s.stretchedLevels).toContain(8);
    expect(s.stretchedLevels).not.toContain(1);
    expect(s.levelStretch[0]).toBe(1);
    expect(s.reason).toMatch(/budget short/);
    // New orders on the outer level now live longer than the 5 s maximum; inner ones do not.
    expect(policy.lifetimeMs(8)).toBeGreaterThan(5_000);
    expect(policy.lifetimeMs(1)).toBeLessThanOrEqual(5_000);

    // Budget restored: the stretch is lifted.
    scheduler.setBudget(30);
    expect(scheduler.status().stretchedLevels).toEqual([]);
    // Budget very short: every level is stretched, and the plan still fits.
    scheduler.setBudget(2);
    expect(scheduler.status().stretchedLevels).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(policy.refreshRatePerSec()).toBeCloseTo(1.6, 9);
  });

  it('sends nothing without a budget and reports why', () => {
    const scheduler = new RefreshScheduler({
      policy: new RefreshPolicy({ random: seededRandom(1) }),
      messagesPerSecond: 0,
    });
    scheduler.select(allDue(), 0);
    expect(scheduler.select(allDue(), 10_000)).toEqual([]);
    expect(scheduler.status().reason).toMatch(/no message budget/);
  });
});
