import { backoffDelayMs, ReconnectBackoff, type BackoffSchedule } from './reconnect-backoff';

describe('ReconnectBackoff (proportional jitter, the default: fix-session)', () => {
  it('doubles from 1 s to the 30 s cap (no jitter at random = 0.5)', () => {
    const b = new ReconnectBackoff({ random: () => 0.5 });
    expect(Array.from({ length: 8 }, () => b.next())).toEqual([1000, 2000, 4000, 8000, 16000, 30000, 30000, 30000]);
  });

  it('keeps jitter within ±20 % and never above the cap', () => {
    const low = new ReconnectBackoff({ random: () => 0 });
    const high = new ReconnectBackoff({ random: () => 0.999999 });
    expect(Array.from({ length: 7 }, () => low.next())).toEqual([800, 1600, 3200, 6400, 12800, 24000, 24000]);
    expect(Array.from({ length: 7 }, () => high.next())).toEqual([1200, 2400, 4800, 9600, 19200, 30000, 30000]);
  });

  it('stays inside the bounds for any random draw', () => {
    let seed = 7;
    const lcg = (): number => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const b = new ReconnectBackoff({ initialDelayMs: 500, maxDelayMs: 10_000, random: lcg });
    for (let i = 0; i < 50; i++) {
      const base = Math.min(10_000, 500 * 2 ** i);
      const d = b.next();
      expect(d).toBeGreaterThanOrEqual(Math.floor(base * 0.8));
      expect(d).toBeLessThanOrEqual(Math.min(10_000, Math.ceil(base * 1.2)));
    }
  });

  it('jumps to the cap with nextAtMax, counts attempts and restarts from the initial delay after reset', () => {
    const b = new ReconnectBackoff({ random: () => 0.5 });
    expect(b.nextAtMax()).toBe(30_000);
    expect(b.next()).toBe(2000);
    expect(b.attempts).toBe(2);
    b.reset();
    expect(b.attempts).toBe(0);
    expect(b.next()).toBe(1000);
  });

  it('honours a jitter of none', () => {
    const b = new ReconnectBackoff({ jitter: { kind: 'none' }, random: () => 0.9 });
    expect([b.next(), b.next()]).toEqual([1000, 2000]);
  });
});

describe('backoffDelayMs with equal jitter (coinbase-feed)', () => {
  const schedule: BackoffSchedule = { initialDelayMs: 1000, maxDelayMs: 30_000, jitter: { kind: 'equal' } };

  it('doubles per attempt up to the cap', () => {
    expect([0, 1, 2, 3, 4, 5, 6, 20].map((a) => backoffDelayMs(a, schedule, () => 0.999999))).toEqual([
      1000, 2000, 4000, 8000, 16000, 30000, 30000, 30000,
    ]);
  });

  it('jitters within [ceiling/2, ceiling)', () => {
    expect(backoffDelayMs(2, schedule, () => 0)).toBe(2000);
    expect(backoffDelayMs(2, schedule, () => 0.5)).toBe(3000);
    expect(backoffDelayMs(10, schedule, () => 0)).toBe(15000);
  });
});
