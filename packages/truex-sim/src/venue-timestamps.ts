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

/** Ids count 10 ms units of the clock from 2020-01-01T00:00:00Z. */
const ID_EPOCH_BASE_MS = Date.UTC(2020, 0, 1);
const ID_EPOCH_UNIT_MS = 10;
/** Ids one instance can issue before it runs into the next epoch's range. */
export const IDS_PER_EPOCH = 10_000_000n;
/** Keeps even an id of epoch 0 (a clock before 2020, e.g. ManualClock(0)) at 10 digits, like UAT's. */
const ID_FLOOR = 1_000_000_000n;
/** The highest epoch any VenueIds in this process has taken: later instances take a higher one. */
let lastEpochInProcess = -1n;

/**
 * OrderIDs, ExecIDs and TrdMatchIDs: purely numeric strings, as TrueX's are (FIX 37/17 are 9–10 digits on UAT,
 * REST order ids run to 18), drawn from one counter so that every id is unique and PendingNew can reuse the OrderID
 * as its ExecID.
 *
 * Unique across simulator restarts: `id = 10^9 + epoch × 10^7 + n`, where `epoch` is the instance's start time in
 * 10 ms units since 2020 (so 18 digits in 2025–2051) and `n` counts from 1. A later instance has a later epoch, so its
 * ids are above every id an earlier one issued unless that one issued 10^7 ids per 10 ms of its life. Within one
 * process an instance never takes an epoch at or below one already taken, so restarts on a ManualClock (same start
 * time) stay unique too (up to 10^7 ids per instance). Only a wall clock set back across processes can break it.
 */
export class VenueIds {
  /** This instance's epoch (10 ms units since 2020, bumped above any earlier instance in the process). */
  readonly epoch: bigint;
  private next = 1n;

  constructor(startMs: number) {
    const fromClock = BigInt(Math.max(0, Math.floor((startMs - ID_EPOCH_BASE_MS) / ID_EPOCH_UNIT_MS)));
    this.epoch = fromClock > lastEpochInProcess ? fromClock : lastEpochInProcess + 1n;
    lastEpochInProcess = this.epoch;
  }

  take(): string {
    return String(ID_FLOOR + this.epoch * IDS_PER_EPOCH + this.next++);
  }
}
