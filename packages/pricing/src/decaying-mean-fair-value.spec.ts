import fc from 'fast-check';
import { DecayingMeanFairValue } from './decaying-mean-fair-value';
import { PricingConfigError } from './pricing-config-error';

const price = fc.double({ min: 1, max: 1_000_000, noNaN: true });
const gapMs = fc.integer({ min: 0, max: 1_000 });

describe('DecayingMeanFairValue', () => {
  it('a constant input gives exactly that constant, however irregular the updates', () => {
    fc.assert(
      fc.property(price, fc.array(gapMs, { minLength: 1, maxLength: 50 }), (p, gaps) => {
        const fv = new DecayingMeanFairValue({ windowMs: 100 });
        let t = 1_000;
        for (const g of gaps) {
          t += g;
          fv.observe(p, t);
          expect(fv.value()).toBe(p);
        }
        expect(fv.value(t + 12_345)).toBe(p);
      }),
    );
  });

  it('stays within the range of the inputs seen', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(price, gapMs), { minLength: 1, maxLength: 60 }),
        fc.integer({ min: 1, max: 5_000 }),
        (steps, windowMs) => {
          const fv = new DecayingMeanFairValue({ windowMs });
          let t = 0;
          let lo = Infinity;
          let hi = -Infinity;
          for (const [p, g] of steps) {
            t += g;
            fv.observe(p, t);
            lo = Math.min(lo, p);
            hi = Math.max(hi, p);
            const v = fv.value(t + g)!;
            expect(v).toBeGreaterThanOrEqual(lo);
            expect(v).toBeLessThanOrEqual(hi);
          }
        },
      ),
    );
  });

  it('converges to a step at the rate exp(-elapsed/window), independent of how many updates arrive', () => {
    fc.assert(
      fc.property(
        price,
        price,
        fc.integer({ min: 1, max: 1_000 }),
        fc.array(fc.integer({ min: 0, max: 200 }), { maxLength: 40 }),
        (from, to, windowMs, gaps) => {
          const fv = new DecayingMeanFairValue({ windowMs });
          fv.observe(from, 0);
          fv.observe(to, 10_000); // the step: `from` was held for 10 s, `to` from now on
          expect(fv.value()).toBe(from);
          let t = 10_000;
          for (const g of gaps) {
            t += g;
            fv.observe(to, t);
          }
          const elapsed = t - 10_000;
          const expected = to + (from - to) * Math.exp(-elapsed / windowMs);
          expect(Math.abs(fv.value()! - expected)).toBeLessThanOrEqual(1e-9 * Math.max(from, to));
          // Reading ahead decays the held input the same way without mutating state.
          const ahead = to + (from - to) * Math.exp(-(elapsed + 50) / windowMs);
          expect(Math.abs(fv.value(t + 50)! - ahead)).toBeLessThanOrEqual(1e-9 * Math.max(from, to));
          expect(Math.abs(fv.value()! - expected)).toBeLessThanOrEqual(1e-9 * Math.max(from, to));
        },
      ),
    );
  });

  it('weights by elapsed time: one 100 ms hold equals ten 10 ms updates of the same price', () => {
    const coarse = new DecayingMeanFairValue();
    const fine = new DecayingMeanFairValue();
    for (const f of [coarse, fine]) {
      f.observe(100, 0);
      f.observe(110, 1);
    }
    coarse.observe(110, 101);
    for (let t = 11; t <= 101; t += 10) fine.observe(110, t);
    expect(fine.value()).toBeCloseTo(coarse.value()!, 9);
    // After one window the gap has shrunk to e^-1 of the step.
    expect(coarse.value()).toBeCloseTo(110 - 10 * Math.exp(-1), 9);
  });

  it('selects mid, microprice or last trade as its input', () => {
    const quote = { bidPrice: '100', askPrice: '102', bidSize: '3', askSize: '1', lastPrice: '101.5' };
    const mid = new DecayingMeanFairValue({ input: 'mid' });
    const micro = new DecayingMeanFairValue({ input: 'microprice' });
    const last = new DecayingMeanFairValue({ input: 'last' });
    for (const f of [mid, micro, last]) expect(f.update(quote, 0)).toBe(true);
    expect(mid.value()).toBe(101);
    // A big bid queue leans the microprice towards the ask: (100·1 + 102·3) / 4.
    expect(micro.value()).toBe(101.5);
    expect(last.value()).toBe(101.5);
    // Microprice without sizes falls back to the mid.
    const bare = new DecayingMeanFairValue({ input: 'microprice' });
    bare.update({ bidPrice: 100, askPrice: 102 }, 0);
    expect(bare.value()).toBe(101);
  });

  it('rejects and counts malformed, crossed and incomplete observations without changing the value', () => {
    const fv = new DecayingMeanFairValue();
    expect(fv.update({ bidPrice: '100', askPrice: '101' }, 0)).toBe(true);
    expect(fv.update({ bidPrice: 'abc', askPrice: '101' }, 10)).toBe(false);
    expect(fv.update({ bidPrice: '', askPrice: '101' }, 10)).toBe(false);
    expect(fv.update({ bidPrice: ' 100', askPrice: '101' }, 10)).toBe(false);
    expect(fv.update({ bidPrice: '-1', askPrice: '101' }, 10)).toBe(false);
    expect(fv.update({ bidPrice: '102', askPrice: '101' }, 10)).toBe(false);
    expect(fv.update({ bidPrice: '100', askPrice: '101' }, Number.NaN)).toBe(false);
    const last = new DecayingMeanFairValue({ input: 'last' });
    expect(last.update({ bidPrice: '100', askPrice: '101' }, 0)).toBe(false);
    expect(fv.value(1_000)).toBe(100.5);
    const c = fv.counters();
    expect(c.accepted).toBe(1);
    expect(c.rejected).toEqual({ 'bad-price': 4, crossed: 1, 'no-last-price': 0, 'bad-time': 1 });
    expect(last.counters().rejected['no-last-price']).toBe(1);
  });

  it('treats an out-of-order timestamp as no elapsed time and counts it', () => {
    const fv = new DecayingMeanFairValue();
    fv.observe(100, 1_000);
    fv.observe(200, 900);
    expect(fv.value()).toBe(100);
    expect(fv.lastInput()).toBe(200);
    expect(fv.counters().outOfOrder).toBe(1);
    expect(fv.value(1_100)).toBeCloseTo(200 - 100 * Math.exp(-1), 9);
  });

  it('reports the age of the last accepted input, and forgets everything on reset', () => {
    const fv = new DecayingMeanFairValue();
    expect(fv.ageMs(5)).toBeUndefined();
    fv.observe(100, 1_000);
    expect(fv.ageMs(1_250)).toBe(250);
    fv.update({ bidPrice: 'x', askPrice: '1' }, 1_200);
    expect(fv.ageMs(1_250)).toBe(250);
    fv.reset();
    expect(fv.value()).toBeUndefined();
    expect(fv.ageMs(2_000)).toBeUndefined();
    fv.observe(50, 2_000);
    expect(fv.value()).toBe(50);
  });

  it('refuses an unusable configuration with a typed error', () => {
    expect(() => new DecayingMeanFairValue({ windowMs: 0 })).toThrow(PricingConfigError);
    expect(() => new DecayingMeanFairValue({ windowMs: Number.NaN })).toThrow(/windowMs/);
  });
});
