import { defaultLadderConfig } from '../ladder-config';
import { seededRandom } from '@truex-mm/clock';
import { defaultLadderShapeConfig } from './ladder-shape';
import { QuotePolicy, type QuoteAction, type QuotePolicyOrder } from './quote-policy';
import { defaultQuotePolicyConfig, quotePolicyConfigProblems, type QuotePolicyConfig } from './quote-policy-config';

/** A fixed ticks shape: level 1 at 10 ticks ($5), spacing 4 ticks ($2), minimum edge 2 ticks ($1). */
const config: QuotePolicyConfig = {
  ...defaultQuotePolicyConfig,
  ladder: { ...defaultLadderConfig, ordersPerSide: 25, levels: 8 },
  shape: { ...defaultLadderShapeConfig, mode: 'ticks', level1OffsetTicks: 10, levelSpacingTicks: 4, minEdgeTicks: 2 },
};

const plenty = { ratePerSec: 8, available: 1000 };

/** Plays the actions onto a live book as if the venue had acknowledged them at once. */
function apply(
  live: QuotePolicyOrder[],
  actions: readonly QuoteAction[],
  nowMs: number,
  ids: { n: number },
): QuotePolicyOrder[] {
  let book = [...live];
  for (const a of actions) {
    if (a.kind === 'cancel' || a.kind === 'replace') book = book.filter((o) => o.clOrdId !== a.clOrdId);
    if (a.kind !== 'cancel') {
      book.push({
        clOrdId: `o${ids.n++}`,
        side: a.side,
        price: a.price!,
        pending: false,
        expiresAtMs: nowMs + a.lifetimeMs!,
      });
    }
  }
  return book;
}

function fullLadder(policy: QuotePolicy, fairValue: string): { live: QuotePolicyOrder[]; ids: { n: number } } {
  const ids = { n: 0 };
  const actions = policy.plan({ fairValue, position: '0', nowMs: 0, live: [], openOrderLimit: 50, budget: plenty });
  return { live: apply([], actions, 0, ids), ids };
}

describe('QuotePolicy', () => {
  it('places 25 bids and 25 asks, bids below and asks above fair value by at least the minimum edge', () => {
    const policy = new QuotePolicy(config, { random: seededRandom(1) });
    const { live } = fullLadder(policy, '97000.2');
    expect(live.filter((o) => o.side === 'buy')).toHaveLength(25);
    expect(live.filter((o) => o.side === 'sell')).toHaveLength(25);
    for (const o of live) {
      const distance = o.side === 'buy' ? 97000.2 - Number(o.price) : Number(o.price) - 97000.2;
      expect(distance).toBeGreaterThanOrEqual(1); // 2 ticks of 0.5
    }
    expect(new Set(live.filter((o) => o.side === 'buy').map((o) => o.price)).size).toBe(8);
  });

  it('leaves every order alone while fair value wanders inside the band', () => {
    const policy = new QuotePolicy(config, { random: seededRandom(1) });
    const { live } = fullLadder(policy, '97000');
    for (const fv of ['97001', '96999', '97001.5', '96998.5']) {
      expect(
        policy.plan({ fairValue: fv, position: '0', nowMs: 100, live, openOrderLimit: 50, budget: plenty }),
      ).toEqual([]);
    }
  });

  it('when fair value moves by k levels, moves only the orders of the k levels leaving the ladder', () => {
    const policy = new QuotePolicy(config, { random: seededRandom(1) });
    const { live } = fullLadder(policy, '97000');
    // Asks start at 97005; +5 brings level 1 inside the 1.00 minimum edge: the ask anchor moves up by whole
    // spacings, and the bids' inner gap grows past one spacing, so the bid anchor moves up too.
    const actions = policy.plan({
      fairValue: '97005',
      position: '0',
      nowMs: 100,
      live,
      openOrderLimit: 50,
      budget: plenty,
    });
    const movedIds = new Set(actions.map((a) => a.clOrdId));
    const before = new Map(live.map((o) => [o.clOrdId, o.price]));
    const untouched = live.filter((o) => !movedIds.has(o.clOrdId));
    // Far fewer moves than a full reprice of both sides (50).
    expect(actions.length).toBeGreaterThan(0);
    expect(actions.length).toBeLessThanOrEqual(16);
    expect(actions.every((a) => a.kind === 'replace')).toBe(true);
    // Moved orders went to prices that no untouched order of their side holds beyond the level's count.
    for (const a of actions) expect(before.get(a.clOrdId!)).not.toBe(a.price);
    expect(untouched.length).toBe(50 - actions.length);
    // The unsafe asks (within the edge of the new fair value) go first.
    expect(actions[0].reason).toBe('safety');
    expect(actions[0].side).toBe('sell');
  });

  it('spends a short budget on the orders inside the minimum edge first', () => {
    const policy = new QuotePolicy(config, { random: seededRandom(1) });
    const { live } = fullLadder(policy, '97000');
    const bids = live.filter((o) => o.side === 'buy').sort((a, b) => Number(b.price) - Number(a.price));
    // The inner bid level was swept (4 orders gone); fair value jumps down onto the remaining bids.
    const swept = live.filter((o) => !bids.slice(0, 4).includes(o));
    const actions = policy.plan({
      fairValue: '96993.6',
      position: '0',
      nowMs: 100,
      live: swept,
      openOrderLimit: 50,
      budget: { ratePerSec: 8, available: 2 },
    });
    expect(actions).toHaveLength(2);
    expect(actions.every((a) => a.reason === 'safety' && a.side === 'buy')).toBe(true);
  });

  it('refreshes expired orders in place, and stretches lifetimes when the budget cannot refresh 50 orders every 3–5 s', () => {
    const policy = new QuotePolicy(config, { random: seededRandom(1) });
    const { live } = fullLadder(policy, '97000');
    const later = 60_000;
    const actions = policy.plan({
      fairValue: '97000',
      position: '0',
      nowMs: later,
      live,
      openOrderLimit: 50,
      budget: { ratePerSec: 8, available: 3 },
    });
    expect(actions).toHaveLength(3);
    for (const a of actions) {
      expect(a.reason).toBe('refresh');
      expect(a.price).toBe(live.find((o) => o.clOrdId === a.clOrdId)!.price);
    }
    const status = policy.status().lifetimes;
    expect(status.stretchFactor).toBeCloseTo(12.5 / 7.2, 2);
    for (const a of actions) expect(a.lifetimeMs!).toBeGreaterThanOrEqual(Math.floor(3000 * status.stretchFactor) - 1);
  });

  it('rejects every configuration that can quote inside the minimum edge or through fair value, saying why', () => {
    const problems = quotePolicyConfigProblems({
      ...config,
      ladder: { ...config.ladder, skew: { maxPosition: '1', maxSkewTicks: 9 } },
    });
    expect(problems.join('\n')).toMatch(
      /level1OffsetTicks \(10\) − skew maxSkewTicks \(9\) must be ≥ shape.minEdgeTicks \(2\)/,
    );
    expect(quotePolicyConfigProblems({ ...config, shape: { ...config.shape, minEdgeTicks: 0 } }).join('\n')).toMatch(
      /minEdgeTicks must be an integer ≥ 1.*rest on fair value/,
    );
    expect(quotePolicyConfigProblems(config)).toEqual([]);
  });

  it('sizes the volatility shape from σ and the lifetime, between its floors and ceilings', () => {
    const policy = new QuotePolicy(
      { ...defaultQuotePolicyConfig, ladder: { ...defaultLadderConfig } },
      { random: seededRandom(1) },
    );
    // σ = 0.8 bps of 97000 ≈ $7.76/√s: spacing ≈ 1 × 7.76 × 2 = 15.5 → 32 ticks; edge ≈ 3 × 7.76 × 0.5 = 11.6 → 24 ticks.
    policy.plan({
      fairValue: '97000',
      position: '0',
      volatilityBps: 0.8,
      nowMs: 0,
      live: [],
      openOrderLimit: 50,
      budget: plenty,
    });
    expect(policy.status().shape).toEqual({ levelSpacingTicks: 32, minEdgeTicks: 24, level1OffsetTicks: 56 });
  });
});
