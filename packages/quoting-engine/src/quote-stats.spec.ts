import { QuoteStats } from './quote-stats';

describe('QuoteStats', () => {
  it('computes fill rate and quantity-weighted spread capture from placements and fills', () => {
    const stats = new QuoteStats();
    // Quoted 10 below fair value, filled when fair value had moved 4 against us: captured 6 of 10.
    stats.placed('b1', 'buy', '99990', '100000');
    stats.acknowledged(12);
    stats.filled('b1', 'buy', '0.002', '99990', '99996');
    // Quoted 5 above, filled exactly at the quoted edge.
    stats.placed('s1', 'sell', '100005', '100000');
    stats.acknowledged(8);
    stats.filled('s1', 'sell', '0.002', '100005', '100000');
    // Acknowledged, never filled.
    stats.placed('s2', 'sell', '100010', '100000');
    stats.acknowledged(30);
    stats.ended('s2', 4000);

    const snap = stats.snapshot();
    expect(snap.ordersAcknowledged).toBe(3);
    expect(snap.ordersFilled).toBe(2);
    // Was toBeCloseTo(2 / 3, 10): fill rate is now the shared 4-decimal figure (@truex-mm/trading-figures), the
    // same value the run report gives.
    expect(snap.fillRate).toBe(0.6667);
    // (6 × 0.002 + 5 × 0.002) / (10 × 0.002 + 5 × 0.002) = 11 / 15
    expect(snap.spreadCapture).toBe(0.7333);
    expect(snap.ackLatencyMs).toEqual({ p50: 12, p99: 30, max: 30 });
    expect(snap.orderLifetimeMs?.max).toBe(4000);
  });

  it('reports nulls before anything happened', () => {
    expect(new QuoteStats().snapshot()).toMatchObject({ fillRate: null, spreadCapture: null, ackLatencyMs: null });
  });
});
