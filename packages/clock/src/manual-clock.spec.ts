import { ManualClock } from './manual-clock';
import { systemClock } from './system-clock';

describe('ManualClock', () => {
  it('fires timers in due order with now() equal to their due time', () => {
    const clock = new ManualClock(1000);
    const seen: Array<[string, number]> = [];
    clock.setTimeout(() => seen.push(['b', clock.now()]), 20);
    clock.setTimeout(() => seen.push(['a', clock.now()]), 10);
    clock.setTimeout(() => seen.push(['c', clock.now()]), 20);
    clock.advance(15);
    expect(seen).toEqual([['a', 1010]]);
    clock.advance(100);
    expect(seen).toEqual([
      ['a', 1010],
      ['b', 1020],
      ['c', 1020],
    ]);
    expect(clock.now()).toBe(1115);
  });

  it('fires timers scheduled by callbacks within the same advance, and honours clearTimeout', () => {
    const clock = new ManualClock(0);
    const fired: number[] = [];
    const tick = (): void => {
      fired.push(clock.now());
      clock.setTimeout(tick, 30);
    };
    clock.setTimeout(tick, 30);
    const cancelled = clock.setTimeout(() => fired.push(-1), 50);
    clock.clearTimeout(cancelled);
    clock.advance(100);
    expect(fired).toEqual([30, 60, 90]);
    expect(clock.pendingTimers()).toBe(1);
  });

  it('refuses to go back in time', () => {
    expect(() => new ManualClock(0).advance(-1)).toThrow(RangeError);
  });
});

describe('systemClock', () => {
  it('tracks Date.now and runs timers', async () => {
    const before = Date.now();
    expect(systemClock.now()).toBeGreaterThanOrEqual(before);
    const fired = await new Promise<boolean>((resolve) => {
      systemClock.setTimeout(() => resolve(true), 1);
    });
    expect(fired).toBe(true);
  });
});
