import { ManualClock } from '@truex-mm/clock';
import { RiskInputError } from './risk-error';
import { TokenBucket } from './token-bucket';

describe('TokenBucket', () => {
  it('starts full, refuses once empty, and refills at the rate up to the burst', () => {
    const clock = new ManualClock(0);
    const bucket = new TokenBucket(10, 3, clock);
    expect([bucket.tryTake(), bucket.tryTake(), bucket.tryTake(), bucket.tryTake()]).toEqual([true, true, true, false]);
    clock.advance(99);
    expect(bucket.tryTake()).toBe(false);
    clock.advance(1); // 100 ms at 10/s = 1 token
    expect(bucket.tryTake()).toBe(true);
    expect(bucket.tryTake()).toBe(false);
    clock.advance(10_000);
    expect(bucket.available()).toBe(3);
  });

  it('takes nothing when asked for more than it holds', () => {
    const clock = new ManualClock(0);
    const bucket = new TokenBucket(1, 5, clock);
    expect(bucket.tryTake(6)).toBe(false);
    expect(bucket.available()).toBe(5);
    expect(bucket.tryTake(5)).toBe(true);
  });

  it('credits fractional refills exactly enough to hand out a token after 1/rate seconds', () => {
    const clock = new ManualClock(0);
    const bucket = new TokenBucket(3, 1, clock);
    expect(bucket.tryTake()).toBe(true);
    clock.advance(111);
    clock.advance(111);
    expect(bucket.tryTake()).toBe(false);
    clock.advance(112); // 334 ms × 3/s ≥ 1 token
    expect(bucket.tryTake()).toBe(true);
  });

  it('lets a forced take run into debt that later takes must wait out', () => {
    const clock = new ManualClock(0);
    const bucket = new TokenBucket(10, 2, clock);
    bucket.takeAllowingDebt(5);
    expect(bucket.available()).toBe(-3);
    clock.advance(300);
    expect(bucket.tryTake()).toBe(false);
    clock.advance(100);
    expect(bucket.tryTake()).toBe(true);
  });

  it('credits tokens earned at the old rate before a rate change and clamps to a smaller burst', () => {
    const clock = new ManualClock(0);
    const bucket = new TokenBucket(10, 10, clock);
    expect(bucket.tryTake(10)).toBe(true);
    clock.advance(500); // 5 tokens at 10/s
    bucket.setRate(2, 4);
    expect(bucket.available()).toBe(4);
    expect(bucket.ratePerSec).toBe(2);
    expect(bucket.tryTake(4)).toBe(true);
    clock.advance(500);
    expect(bucket.available()).toBe(1);
  });

  it('rejects a non-positive rate or a burst below one', () => {
    const clock = new ManualClock(0);
    expect(() => new TokenBucket(0, 1, clock)).toThrow(RiskInputError);
    expect(() => new TokenBucket(5, 0.5, clock)).toThrow(/burst/);
  });
});
