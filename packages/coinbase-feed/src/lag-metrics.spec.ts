import { LagTracker } from './lag-metrics';

describe('LagTracker', () => {
  it('reports last, max, percentiles and histogram', () => {
    const lag = new LagTracker(100);
    for (let i = 1; i <= 100; i++) lag.record(i);
    const s = lag.snapshot();
    expect(s.samples).toBe(100);
    expect(s.last).toBe(100);
    expect(s.max).toBe(100);
    expect(s.p50).toBe(50);
    expect(s.p99).toBe(99);
    const bucket = (le: number) => s.histogram.find((b) => b.le === le)!.count;
    expect(bucket(1)).toBe(1);
    expect(bucket(2)).toBe(1);
    expect(bucket(5)).toBe(3);
    expect(bucket(100)).toBe(50);
    expect(s.histogram.reduce((n, b) => n + b.count, 0)).toBe(100);
  });

  it('percentiles cover only the recent window; max covers the run', () => {
    const lag = new LagTracker(4);
    lag.record(9000);
    for (let i = 0; i < 4; i++) lag.record(10);
    const s = lag.snapshot();
    expect(s.p99).toBe(10);
    expect(s.max).toBe(9000);
    expect(s.histogram.at(-1)).toEqual({ le: Number.POSITIVE_INFINITY, count: 1 });
  });

  it('is all zeros before the first sample', () => {
    expect(new LagTracker().snapshot()).toMatchObject({ samples: 0, last: 0, max: 0, p50: 0, p99: 0 });
  });
});
