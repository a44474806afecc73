import type { Clock, TimerHandle } from '@truex-mm/clock';

interface Job {
  readonly dueAtMs: number;
  readonly run: () => void;
}

/**
 * Runs jobs per key in arrival order, each no earlier than its own delay. Ack latency can change at runtime
 * (fault injection), and a cancel must still never overtake the order it cancels, so a job is due at
 * max(now + delay, due time of the job before it). With nothing queued and no delay a job runs synchronously.
 */
export class SerialScheduler {
  private readonly queues = new Map<string, Job[]>();
  private readonly timers = new Map<string, TimerHandle>();

  constructor(private readonly clock: Clock) {}

  enqueue(key: string, delayMs: number, run: () => void): void {
    const now = this.clock.now();
    const queue = this.queues.get(key);
    const last = queue?.[queue.length - 1];
    const dueAtMs = Math.max(now + Math.max(0, delayMs), last?.dueAtMs ?? now);
    if (!queue || queue.length === 0) {
      if (dueAtMs <= now) {
        run();
        return;
      }
      this.queues.set(key, [{ dueAtMs, run }]);
      this.arm(key, dueAtMs);
      return;
    }
    queue.push({ dueAtMs, run });
  }

  /** Drops every queued job (simulator stop). */
  clear(): void {
    for (const t of this.timers.values()) this.clock.clearTimeout(t);
    this.timers.clear();
    this.queues.clear();
  }

  private arm(key: string, dueAtMs: number): void {
    this.timers.set(
      key,
      this.clock.setTimeout(() => this.drain(key), dueAtMs - this.clock.now()),
    );
  }

  private drain(key: string): void {
    this.timers.delete(key);
    const queue = this.queues.get(key);
    while (queue && queue.length > 0 && queue[0]!.dueAtMs <= this.clock.now()) queue.shift()!.run();
    if (queue && queue.length > 0) this.arm(key, queue[0]!.dueAtMs);
    else this.queues.delete(key);
  }
}
