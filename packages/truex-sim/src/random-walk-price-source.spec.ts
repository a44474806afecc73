import { ManualClock } from '@truex-mm/clock';
import { RandomWalkPriceSource } from './random-walk-price-source';
import { FixedPriceSource } from './reference-price-source';

describe('RandomWalkPriceSource', () => {
  it('steps on the clock, is reproducible for a seed, and stays on 2 decimals', () => {
    const run = (seed: number): string[] => {
      const clock = new ManualClock(0);
      const walk = new RandomWalkPriceSource({ start: '100000', volatilityBpsPerStep: 5, stepMs: 100, seed, clock });
      const seen: string[] = [];
      walk.onChange((p) => seen.push(p));
      walk.start();
      clock.advance(1000);
      walk.stop();
      clock.advance(1000);
      return seen;
    };
    const a = run(42);
    expect(a).toHaveLength(10);
    expect(run(42)).toEqual(a);
    expect(run(43)).not.toEqual(a);
    for (const p of a) expect(p).toMatch(/^\d+(\.\d{1,2})?$/);
    // 10 steps of 5 bps stay well within ±2 % of the start.
    for (const p of a) expect(Math.abs(Number(p) / 100000 - 1)).toBeLessThan(0.02);
  });

  it('reports the current price and unsubscribes listeners', () => {
    const walk = new RandomWalkPriceSource({ start: '50.5', seed: 1, clock: new ManualClock(0) });
    expect(walk.current()).toBe('50.5');
    const seen: string[] = [];
    const off = walk.onChange((p) => seen.push(p));
    walk.step();
    off();
    walk.step();
    expect(seen).toHaveLength(1);
    expect(() => new RandomWalkPriceSource({ start: '-1' })).toThrow(RangeError);
  });
});

describe('FixedPriceSource', () => {
  it('notifies on set', () => {
    const source = new FixedPriceSource();
    expect(source.current()).toBeUndefined();
    const seen: string[] = [];
    source.onChange((p) => seen.push(p));
    source.set('1.5');
    expect(source.current()).toBe('1.5');
    expect(seen).toEqual(['1.5']);
  });
});
