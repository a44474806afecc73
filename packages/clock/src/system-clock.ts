import type { Clock, TimerHandle } from './clock';

interface SystemTimerHandle extends TimerHandle {
  readonly timer: NodeJS.Timeout;
}

let nextId = 1;

/**
 * Wall-clock time and Node timers. Timers are ref'd: a pending one keeps the process alive, exactly like Node's own
 * `setTimeout`, so a process waiting only on a clock timer (a reconnect delay, a logon wait) does not exit with
 * code 0 in the middle of its work. Pass `{ unref: true }` for a timer that must never hold the process up.
 */
export const systemClock: Clock = {
  now: () => Date.now(),
  setTimeout(callback, delayMs, options) {
    const timer = setTimeout(callback, Math.max(0, delayMs));
    if (options?.unref) timer.unref();
    const handle: SystemTimerHandle = { id: nextId++, timer };
    return handle;
  },
  clearTimeout(handle) {
    if (handle && 'timer' in handle) clearTimeout((handle as SystemTimerHandle).timer);
  },
};
