import { reconnectDelayMs } from './reconnect-backoff';

describe('reconnectDelayMs', () => {
  const policy = (r: number) => ({ initialDelayMs: 1000, maxDelayMs: 30_000, random: () => r });

  it('doubles per attempt up to the cap', () => {
    expect([0, 1, 2, 3, 4, 5, 6, 20].map((a) => reconnectDelayMs(a, policy(0.999999)))).toEqual([
      1000, 2000, 4000, 8000, 16000, 30000, 30000, 30000,
    ]);
  });

  it('jitters within [ceiling/2, ceiling)', () => {
    expect(reconnectDelayMs(2, policy(0))).toBe(2000);
    expect(reconnectDelayMs(2, policy(0.5))).toBe(3000);
    expect(reconnectDelayMs(10, policy(0))).toBe(15000);
  });
});
