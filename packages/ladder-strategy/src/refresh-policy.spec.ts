import fc from 'fast-check';
import { RefreshPolicy } from './refresh-policy';
import { seededRandom } from '@truex-mm/clock';

describe('RefreshPolicy', () => {
  it('draws lifetimes in [3000, 5000] ms, reproducibly per seed', () => {
    fc.assert(
      fc.property(fc.integer(), fc.integer({ min: 1, max: 8 }), (seed, level) => {
        const a = new RefreshPolicy({ minLifetimeMs: 3000, maxLifetimeMs: 5000, random: seededRandom(seed) });
        const b = new RefreshPolicy({ minLifetimeMs: 3000, maxLifetimeMs: 5000, random: seededRandom(seed) });
        for (let i = 0; i < 20; i++) {
          const t = a.lifetimeMs(level);
          expect(t).toBe(b.lifetimeMs(level));
          expect(Number.isInteger(t)).toBe(true);
          expect(t).toBeGreaterThanOrEqual(3000);
          expect(t).toBeLessThanOrEqual(5000);
        }
      }),
    );
    // The draw covers the range rather than sitting in the middle.
    const p = new RefreshPolicy({ random: seededRandom(3) });
    const samples = Array.from({ length: 500 }, () => p.lifetimeMs(1));
    expect(Math.min(...samples)).toBeLessThan(3100);
    expect(Math.max(...samples)).toBeGreaterThan(4900);
  });

  it('has the advertised refresh demand: 50 orders at 3–5 s is 12.5 replaces per second', () => {
    expect(new RefreshPolicy({ random: Math.random }).refreshRatePerSec()).toBeCloseTo(12.5, 12);
  });

  it('stretches the outermost levels first and cuts the rate by exactly the factor', () => {
    fc.assert(
      fc.property(fc.double({ min: 1, max: 20, noNaN: true }), (factor) => {
        const p = new RefreshPolicy({ random: seededRandom(1) });
        p.stretch(factor, true);
        expect(p.refreshRatePerSec()).toBeCloseTo(12.5 / factor, 9);
        const k = p.levelStretches();
        // Non-decreasing outwards: an inner level is never stretched more than an outer one.
        for (let i = 1; i < k.length; i++) expect(k[i]).toBeGreaterThanOrEqual(k[i - 1]);
      }),
    );
    const p = new RefreshPolicy({ random: seededRandom(1) });
    p.stretch(1.25, true);
    expect(p.levelStretch(1)).toBe(1);
    expect(p.levelStretch(8)).toBe(6);
    expect(p.levelStretch(7)).toBeGreaterThan(1);
  });

  it('stretches lifetimes it draws by the level multiplier; uniform stretch applies everywhere', () => {
    const p = new RefreshPolicy({ random: () => 0.5 });
    p.stretch(2, false);
    expect(p.levelStretches()).toEqual([2, 2, 2, 2, 2, 2, 2, 2]);
    expect(p.lifetimeMs(1)).toBe(8000);
    p.stretch(1, true);
    expect(p.lifetimeMs(8)).toBe(4000);
  });

  it('rejects impossible lifetimes', () => {
    expect(() => new RefreshPolicy({ minLifetimeMs: 5000, maxLifetimeMs: 3000, random: Math.random })).toThrow(
      RangeError,
    );
  });
});
