import { EwmaVolatility } from './ewma-volatility';
import { PricingConfigError } from './pricing-config-error';

/** Feeds a zig-zag path: every `stepMs` the log price moves by ±logStep. */
function zigZag(vol: EwmaVolatility, logStep: number, stepMs: number, durationMs: number): number {
  let logPrice = Math.log(100_000);
  let last = 0;
  for (let t = 0, i = 0; t <= durationMs; t += stepMs, i++) {
    last = Math.exp(logPrice);
    vol.update(last, t);
    logPrice += i % 2 === 0 ? logStep : -logStep;
  }
  return last;
}

describe('EwmaVolatility', () => {
  it('is undefined until an interval has elapsed, and zero for a constant price', () => {
    const vol = new EwmaVolatility();
    expect(vol.value()).toBeUndefined();
    vol.update(100, 0);
    expect(vol.value()).toBeUndefined();
    vol.update(100, 10);
    vol.update(100, 500);
    expect(vol.value()).toBe(0);
  });

  it('recovers the variance rate of a known path, per √second', () => {
    const vol = new EwmaVolatility({ halfLifeMs: 5_000 });
    zigZag(vol, 0.001, 100, 60_000); // r² = 1e-6 per 0.1 s → σ = 0.001/√0.1 per √s
    expect(vol.value()).toBeCloseTo(0.001 / Math.sqrt(0.1), 9);
    expect(vol.valueBps(1_000)).toBeCloseTo((0.001 / Math.sqrt(0.1)) * 10_000, 5);
  });

  it('does not depend on how often the feed ticks (same variance rate, 10× more updates)', () => {
    const slow = new EwmaVolatility({ halfLifeMs: 5_000 });
    const fast = new EwmaVolatility({ halfLifeMs: 5_000 });
    zigZag(slow, 0.001, 100, 60_000);
    zigZag(fast, 0.001 * Math.sqrt(0.1), 10, 60_000);
    expect(fast.value()).toBeCloseTo(slow.value()!, 9);
  });

  it('forgets an old burst with the configured half-life', () => {
    const vol = new EwmaVolatility({ halfLifeMs: 1_000 });
    const last = zigZag(vol, 0.01, 100, 10_000);
    const burst = vol.value()!;
    // Quiet for two half-lives: the variance falls to a quarter, σ to a half (start-up weight is ~1 by now).
    vol.update(last, 12_000);
    expect(vol.value()! / burst).toBeCloseTo(0.5, 3);
  });

  it('keeps moves that arrive at the same millisecond', () => {
    const vol = new EwmaVolatility({ halfLifeMs: 1_000 });
    vol.update(100, 0);
    vol.update(101, 0);
    vol.update(100, 0);
    vol.update(100, 100);
    const r = Math.log(101 / 100);
    const expectedPerMs = (2 * r * r) / 100;
    expect(vol.value()).toBeCloseTo(Math.sqrt(expectedPerMs * 1000), 12);
  });

  it('rejects bad prices and configuration', () => {
    const vol = new EwmaVolatility();
    expect(vol.update(0, 1)).toBe(false);
    expect(vol.update(Number.NaN, 1)).toBe(false);
    expect(vol.update(100, Number.POSITIVE_INFINITY)).toBe(false);
    expect(vol.rejected()).toBe(3);
    expect(vol.ageMs(5)).toBeUndefined();
    expect(() => new EwmaVolatility({ halfLifeMs: -1 })).toThrow(PricingConfigError);
  });
});
