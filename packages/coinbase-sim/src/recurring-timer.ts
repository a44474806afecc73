import type { Clock, TimerHandle } from '@truex-mm/clock';

/**
 * Runs `tick` every `intervalMs` on the injected clock. Each run is scheduled from the previous due time,
 * not from when the callback finished, so a real-time clock does not drift. Returns a stop function.
 */
export function every(clock: Clock, intervalMs: number, tick: () => void): () => void {
  if (!(intervalMs > 0)) throw new RangeError(`interval must be positive: ${intervalMs}`);
  let dueMs = clock.now() + intervalMs;
  let handle: TimerHandle | undefined;
  let stopped = false;
  const run = (): void => {
    if (stopped) return;
    tick();
    // After a long pause (debugger, overloaded box) skip missed runs instead of firing a burst.
    dueMs = Math.max(dueMs + intervalMs, clock.now() + 1);
    handle = clock.setTimeout(run, dueMs - clock.now());
  };
  handle = clock.setTimeout(run, intervalMs);
  return () => {
    stopped = true;
    clock.clearTimeout(handle);
  };
}
