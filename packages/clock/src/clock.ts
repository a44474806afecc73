/** Opaque handle returned by {@link Clock.setTimeout}. */
export interface TimerHandle {
  readonly id: number;
}

/** Per-timer options. Clocks that have no process to keep alive (ManualClock) ignore them. */
export interface TimerOptions {
  /**
   * Let the process exit while this timer is pending (Node `timer.unref()`). Default false: a pending timer keeps
   * the process alive, so code that waits only on a clock timer does not exit silently. Use it for housekeeping
   * timers (stats, status lines) that must never be the reason a process stays up.
   */
  unref?: boolean;
}

/**
 * The only source of time for protocol, strategy and risk logic. Production uses {@link systemClock};
 * tests and replays use {@link ManualClock}, so every timer rule runs deterministically without sleeping.
 */
export interface Clock {
  /** Milliseconds since the Unix epoch (integer). */
  now(): number;
  /** Calls `callback` once, `delayMs` from now. */
  setTimeout(callback: () => void, delayMs: number, options?: TimerOptions): TimerHandle;
  /** Cancels a pending timer; a handle that already fired or was cleared is ignored. */
  clearTimeout(handle: TimerHandle | undefined): void;
}
