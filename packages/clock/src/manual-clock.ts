import type { Clock, TimerHandle } from './clock';

interface ScheduledTimer {
  readonly id: number;
  readonly dueMs: number;
  readonly callback: () => void;
}

/**
 * A clock that moves only when told to. `advance(ms)` fires every timer that falls due, in due-time order
 * (ties in scheduling order), with `now()` equal to each timer's due time while it runs. Timers scheduled by
 * a callback fire in the same `advance` if they fall due within it.
 */
export class ManualClock implements Clock {
  private currentMs: number;
  private nextId = 1;
  private timers: ScheduledTimer[] = [];

  constructor(startMs = Date.UTC(2026, 0, 1)) {
    this.currentMs = startMs;
  }

  now(): number {
    return this.currentMs;
  }

  setTimeout(callback: () => void, delayMs: number): TimerHandle {
    const timer: ScheduledTimer = { id: this.nextId++, dueMs: this.currentMs + Math.max(0, delayMs), callback };
    this.timers.push(timer);
    return { id: timer.id };
  }

  clearTimeout(handle: TimerHandle | undefined): void {
    if (!handle) return;
    this.timers = this.timers.filter((t) => t.id !== handle.id);
  }

  /** Moves time forward by `ms`, firing due timers along the way. */
  advance(ms: number): void {
    if (ms < 0) throw new RangeError(`ManualClock cannot go back in time (advance ${ms})`);
    const targetMs = this.currentMs + ms;
    for (;;) {
      const next = this.earliestDue(targetMs);
      if (!next) break;
      this.timers = this.timers.filter((t) => t !== next);
      this.currentMs = next.dueMs;
      next.callback();
    }
    this.currentMs = targetMs;
  }

  /** Moves time to an absolute instant (must not be in the past). */
  advanceTo(epochMs: number): void {
    this.advance(epochMs - this.currentMs);
  }

  /** Number of timers not yet fired or cleared. */
  pendingTimers(): number {
    return this.timers.length;
  }

  private earliestDue(limitMs: number): ScheduledTimer | undefined {
    let best: ScheduledTimer | undefined;
    for (const t of this.timers) {
      if (t.dueMs <= limitMs && (!best || t.dueMs < best.dueMs || (t.dueMs === best.dueMs && t.id < best.id))) best = t;
    }
    return best;
  }
}
