import { formatUtcTimestampMicros } from '@truex-mm/fix-codec';
import type { Clock } from '@truex-mm/clock';

/**
 * TrueX stamps SendingTime/TransactTime with microseconds. The clock has millisecond resolution, so the
 * microsecond digits count messages within the same millisecond: stamps are strictly increasing, as on the venue.
 */
export class VenueTimestamps {
  private lastMs = -1;
  private micros = 0;

  constructor(private readonly clock: Clock) {}

  next(): string {
    const ms = this.clock.now();
    if (ms === this.lastMs) this.micros = Math.min(999, this.micros + 1);
    else {
      this.lastMs = ms;
      this.micros = 0;
    }
    return formatUtcTimestampMicros(ms, this.micros);
  }
}

/**
 * OrderIDs, ExecIDs and TrdMatchIDs: numeric strings like TrueX's (10 digits in UAT), drawn from one counter so
 * that every id is unique and PendingNew can reuse the OrderID as its ExecID.
 */
export class VenueIds {
  private next: number;

  constructor(seed = 1) {
    this.next = 1_000_000_000 + ((seed >>> 0) % 1_000_000) * 1000;
  }

  take(): string {
    return String(this.next++);
  }
}
