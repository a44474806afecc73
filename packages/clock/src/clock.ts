/** Opaque handle returned by {@link Clock.setTimeout}. */
export interface TimerHandle {
  readonly id: number;
}

/**
 * The only source of time for protocol, strategy and risk logic. Production uses {@link systemClock};
 * tests and replays use {@link ManualClock}, so every timer rule runs deterministically without sleeping.
 */
export interface Clock {
  /** Milliseconds since the Unix epoch (integer). */
  now(): number;
  /** Calls `callback` once, `delayMs` from now. */
  setTimeout(callback: () => void, delayMs: number): TimerHandle;
  /** Cancels a pending timer; a handle that already fired or was cleared is ignored. */
  clearTimeout(handle: TimerHandle | undefined): void;
}
