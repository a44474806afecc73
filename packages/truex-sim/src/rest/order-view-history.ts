import type { OrderRecordView } from './order-records';

interface Version {
  readonly atMs: number;
  readonly view: OrderRecordView;
}

/**
 * Past versions of every order, for the stale-view fault: `asOf(t)` is the set of orders as they were at `t`.
 * Only versions that can still be asked for are kept: per order, everything newer than `now − lag` plus the last
 * one before it. Seeded versions count as known since forever.
 */
export class OrderViewHistory {
  private readonly versions = new Map<string, Version[]>();

  constructor(seed: Iterable<OrderRecordView>) {
    for (const view of seed) this.versions.set(view.orderId, [{ atMs: Number.NEGATIVE_INFINITY, view }]);
  }

  record(view: OrderRecordView, nowMs: number, lagMs: number): void {
    let list = this.versions.get(view.orderId);
    if (!list) {
      list = [];
      this.versions.set(view.orderId, list);
    }
    list.push({ atMs: nowMs, view });
    const horizon = nowMs - lagMs;
    let firstNeeded = 0;
    for (let i = 0; i < list.length; i++) if (list[i]!.atMs <= horizon) firstNeeded = i;
    if (firstNeeded > 0) list.splice(0, firstNeeded);
  }

  /** Orders as they were at `atMs` (orders created later are absent). */
  asOf(atMs: number): OrderRecordView[] {
    const out: OrderRecordView[] = [];
    for (const list of this.versions.values()) {
      let found: OrderRecordView | undefined;
      for (const v of list) {
        if (v.atMs > atMs) break;
        found = v.view;
      }
      if (found) out.push(found);
    }
    return out;
  }
}
