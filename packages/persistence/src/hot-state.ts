import type { Redis } from 'ioredis';

/** What other processes read from the `<prefix>:state` hash. */
export interface HotState {
  fairValue?: string;
  openOrders?: unknown[];
  position?: unknown;
  tradingState?: string;
}

/**
 * Coalesces hot-state updates: `publish` only merges into memory (O(1)); the background loop writes the newest
 * snapshot with one HSET when Redis is reachable. Intermediate values may be skipped by design: readers want the
 * latest, not a history (the history is in PostgreSQL).
 */
export class HotStatePublisher {
  private latest: HotState = {};
  private dirty = new Set<keyof HotState>();

  constructor(private runId: () => string | undefined) {}

  publish(update: HotState): void {
    for (const key of Object.keys(update) as Array<keyof HotState>) {
      if (update[key] === undefined) continue;
      (this.latest as Record<string, unknown>)[key] = update[key];
      this.dirty.add(key);
    }
  }

  current(): Readonly<HotState> {
    return this.latest;
  }

  get pending(): boolean {
    return this.dirty.size > 0;
  }

  /** Writes the changed fields; they stay dirty if the write fails. */
  async writeTo(redis: Redis, key: string, nowMs: number): Promise<void> {
    if (this.dirty.size === 0) return;
    const changed = [...this.dirty];
    this.dirty.clear();
    const fields: Record<string, string> = { updated_ms: String(nowMs) };
    const runId = this.runId();
    if (runId) fields.run_id = runId;
    for (const k of changed) {
      const v = this.latest[k];
      if (k === 'fairValue') fields.fair_value = String(v);
      else if (k === 'tradingState') fields.trading_state = String(v);
      else if (k === 'openOrders') fields.open_orders = JSON.stringify(v);
      else fields.position = JSON.stringify(v);
    }
    try {
      await redis.hset(key, fields);
    } catch (error) {
      for (const k of changed) this.dirty.add(k);
      throw error;
    }
  }
}
