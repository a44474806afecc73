import type { TimerHandle } from './clock';
import { systemClock } from './system-clock';

/** The Node timer behind a systemClock handle (an implementation detail the exit behaviour depends on). */
function nodeTimer(handle: TimerHandle): NodeJS.Timeout {
  return (handle as TimerHandle & { timer: NodeJS.Timeout }).timer;
}

describe('systemClock timers and process lifetime', () => {
  it('keeps the process alive while a timer is pending (ref’d by default)', () => {
    const handle = systemClock.setTimeout(() => undefined, 60_000);
    try {
      expect(nodeTimer(handle).hasRef()).toBe(true);
    } finally {
      systemClock.clearTimeout(handle);
    }
  });

  it('lets the process exit for a timer created with { unref: true }', () => {
    const handle = systemClock.setTimeout(() => undefined, 60_000, { unref: true });
    try {
      expect(nodeTimer(handle).hasRef()).toBe(false);
    } finally {
      systemClock.clearTimeout(handle);
    }
  });
});
