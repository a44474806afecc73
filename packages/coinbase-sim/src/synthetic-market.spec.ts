import { SyntheticMarket } from './synthetic-market';
import type { MarketEvent } from './synthetic-market';

const options = { startPrice: '65000.00', volatilityBps: 1, stepMs: 50, seed: 3, tradesPerSecond: 8 };

describe('SyntheticMarket', () => {
  it('is reproducible from its seed and differs across seeds', () => {
    const run = (seed: number): MarketEvent[] => {
      const market = new SyntheticMarket({ ...options, seed });
      return Array.from({ length: 50 }, () => market.step()).flat();
    };
    expect(run(3)).toEqual(run(3));
    expect(run(4)).not.toEqual(run(3));
  });

  it('keeps 50 uncrossed levels a side, a 1-3 tick spread, contiguous sequence and trade ids', () => {
    const market = new SyntheticMarket(options);
    let sequence = market.sequence;
    let tradeId = market.lastTrade().tradeId;
    let trades = 0;
    const problems: string[] = []; // collected, then asserted once: per-event expect() is slow
    for (let i = 0; i < 2000; i++) {
      for (const event of market.step()) {
        if (event.sequence !== ++sequence) problems.push(`sequence ${event.sequence}, expected ${sequence}`);
        if (!Number.isInteger(event.priceCents) || !Number.isInteger(event.sizeLots) || event.sizeLots < 0) {
          problems.push(`not integer ticks/lots: ${JSON.stringify(event)}`);
        }
        if (event.kind === 'trade') {
          if (event.tradeId !== ++tradeId) problems.push(`trade_id ${event.tradeId}, expected ${tradeId}`);
          if (event.sizeLots === 0) problems.push('empty trade');
          trades++;
        }
      }
      const depth = [market.levels('buy').length, market.levels('sell').length];
      if (depth[0] !== 50 || depth[1] !== 50) problems.push(`depth ${depth.join('/')} at step ${i}`);
      const spread = market.bestAskCents()! - market.bestBidCents()!;
      if (spread < 1 || spread > 3) problems.push(`spread ${spread} ticks at step ${i}`);
    }
    expect(problems).toEqual([]);
    // 8 trades/s over 100 s of market time
    expect(trades).toBeGreaterThan(600);
    expect(trades).toBeLessThan(1000);
  });

  it('applies events to a copy of the book that always equals the market', () => {
    const market = new SyntheticMarket(options);
    const bids = new Map(market.levels('buy'));
    const asks = new Map(market.levels('sell'));
    for (let i = 0; i < 200; i++) {
      for (const event of market.step()) {
        if (event.kind !== 'level') continue;
        const book = event.side === 'buy' ? bids : asks;
        if (event.sizeLots === 0) book.delete(event.priceCents);
        else book.set(event.priceCents, event.sizeLots);
      }
    }
    expect([...bids.entries()].sort((a, b) => b[0] - a[0])).toEqual(market.levels('buy'));
    expect([...asks.entries()].sort((a, b) => a[0] - b[0])).toEqual(market.levels('sell'));
  });

  it('moves with the configured volatility', () => {
    const spreadOfFinalMids = (volatilityBps: number): number => {
      const finals: number[] = [];
      for (let seed = 1; seed <= 20; seed++) {
        const market = new SyntheticMarket({ ...options, volatilityBps, seed });
        for (let i = 0; i < 100; i++) market.step(); // 5 s
        finals.push(Number(market.mid()));
      }
      const mean = finals.reduce((a, b) => a + b, 0) / finals.length;
      return Math.sqrt(finals.reduce((a, b) => a + (b - mean) ** 2, 0) / finals.length);
    };
    // sigma over 5 s = bps/1e4 * 65000 * sqrt(5): 1 bps -> ~14.5 USD, 0 bps -> the spread only (seeded: no flake)
    const calm = spreadOfFinalMids(0);
    const normal = spreadOfFinalMids(1);
    expect(calm).toBeLessThan(0.02);
    expect(normal).toBeGreaterThan(7);
    expect(normal).toBeLessThan(25);
  });

  it('formats the mid with half-tick precision and rejects a bad start price', () => {
    const market = new SyntheticMarket({ ...options, volatilityBps: 0 });
    expect(['65000.00', '64999.995', '65000.005', '64999.99', '65000.01']).toContain(market.mid());
    expect(() => new SyntheticMarket({ ...options, startPrice: '65000.001' })).toThrow('not a decimal string');
    expect(() => new SyntheticMarket({ ...options, startPrice: '0' })).toThrow(RangeError);
  });
});
