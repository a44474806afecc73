import { MessageRateLimiter } from './message-rate-limiter';

describe('MessageRateLimiter', () => {
  it('admits `limit` messages per sliding second', () => {
    const limiter = new MessageRateLimiter(2);
    expect([0, 100, 200].map((t) => limiter.tryAcquire(t))).toEqual([true, true, false]);
    expect(limiter.tryAcquire(999)).toBe(false);
    expect(limiter.tryAcquire(1000)).toBe(true); // the message at 0 left the window
    expect(limiter.tryAcquire(1050)).toBe(false);
    expect(limiter.tryAcquire(1100)).toBe(true);
  });

  it('is off at 0 and can change at runtime', () => {
    const limiter = new MessageRateLimiter(0);
    for (let i = 0; i < 100; i++) expect(limiter.tryAcquire(0)).toBe(true);
    limiter.setLimit(1);
    expect(limiter.tryAcquire(5000)).toBe(true);
    expect(limiter.tryAcquire(5001)).toBe(false);
  });
});
