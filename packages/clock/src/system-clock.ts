import type { Clock, TimerHandle } from './clock';

interface SystemTimerHandle extends TimerHandle {
  readonly timer: NodeJS.Timeout;
}

let nextId = 1;

/** Wall-clock time and Node timers. Timers are unref'd so that a pending one never keeps a process alive. */
export const systemClock: Clock = {
  now: () => Date.now(),
  setTimeout(callback, delayMs) {
    const timer = setTimeout(callback, Math.max(0, delayMs));
    timer.unref();
    const handle: SystemTimerHandle = { id: nextId++, timer };
    return handle;
  },
  clearTimeout(handle) {
    if (handle && 'timer' in handle) clearTimeout((handle as SystemTimerHandle).timer);
  },
};
