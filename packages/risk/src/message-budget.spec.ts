import { ManualClock } from '@truex-mm/clock';
import { MessageBudget } from './message-budget';

describe('MessageBudget (AIMD on throttle rejects)', () => {
  it('halves rate and burst on a throttle reject, once per cooldown', () => {
    const clock = new ManualClock(0);
    const budget = new MessageBudget(16, clock);
    expect(budget.onThrottleReject()).toBe(true);
    // Changed (issue 12): maxRatePerSec is now the learned ceiling, 0.9 × the 16/s that drew the reject (was 16).
    expect(budget.snapshot()).toMatchObject({ ratePerSec: 8, available: 8, maxRatePerSec: 14.4, throttleRejects: 1 });
    clock.advance(999);
    expect(budget.onThrottleReject()).toBe(false);
    expect(budget.snapshot().ratePerSec).toBe(8);
    clock.advance(1);
    expect(budget.onThrottleReject()).toBe(true);
    expect(budget.snapshot()).toMatchObject({ ratePerSec: 4, throttleRejects: 3 });
  });

  it('never shrinks below the minimum rate', () => {
    const clock = new ManualClock(0);
    const budget = new MessageBudget(15, clock, { minRatePerSec: 2 });
    for (let i = 0; i < 10; i++) {
      budget.onThrottleReject();
      clock.advance(1000);
    }
    expect(budget.snapshot().ratePerSec).toBe(2);
  });

  // Changed (issue 12): recovery now stops at the learned ceiling (0.9 × the rate that was throttled), not at the
  // configured rate: a throttle teaches us the venue's limit.
  it('recovers one message/s per quiet 10 s, up to the learned ceiling', () => {
    const clock = new ManualClock(0);
    const budget = new MessageBudget(15, clock);
    budget.onThrottleReject();
    expect(budget.snapshot().ratePerSec).toBe(7.5);
    clock.advance(9_999);
    expect(budget.snapshot().ratePerSec).toBe(7.5);
    clock.advance(1);
    expect(budget.snapshot().ratePerSec).toBe(8.5);
    clock.advance(30_000);
    expect(budget.snapshot().ratePerSec).toBe(11.5);
    clock.advance(1_000_000);
    expect(budget.snapshot().ratePerSec).toBe(13.5);
    expect(budget.learned()).toEqual({ ceilingPerSec: 13.5, throttledAtRatePerSec: 15 });
  });

  it('restarts the recovery clock on a new reject', () => {
    const clock = new ManualClock(0);
    const budget = new MessageBudget(10, clock);
    budget.onThrottleReject(); // 5
    clock.advance(15_000); // +1 at 10 s → 6
    budget.onThrottleReject(); // 3
    expect(budget.snapshot().ratePerSec).toBe(3);
    clock.advance(9_000);
    expect(budget.snapshot().ratePerSec).toBe(3);
    clock.advance(1_000);
    expect(budget.snapshot().ratePerSec).toBe(4);
  });

  it('hands out tokens at the reduced rate', () => {
    const clock = new ManualClock(0);
    const budget = new MessageBudget(10, clock, { burst: 10 });
    budget.onThrottleReject(); // 5/s, burst 5
    let sent = 0;
    for (let ms = 0; ms <= 2000; ms += 10) {
      while (budget.tryTake()) sent++;
      if (ms < 2000) clock.advance(10);
    }
    // 5 from the (shrunk) full bucket + 5/s × 2 s.
    expect(sent).toBe(15);
  });

  it('available() tracks the tokens snapshot() reports, debt included', () => {
    const clock = new ManualClock(0);
    const budget = new MessageBudget(4, clock);
    expect(budget.available()).toBe(4);
    budget.takeAllowingDebt(6);
    expect(budget.available()).toBe(-2);
    expect(budget.snapshot().available).toBe(-2);
    clock.advance(1000);
    expect(budget.available()).toBe(2);
  });
});
