import { type Clock, systemClock } from '@truex-mm/clock';
import { OrderAdapterError } from './order-adapter-error';

/** Persisted counter for {@link ClOrdIdGenerator}'s store mode (e.g. a small file or a Redis key). */
export interface ClOrdIdCounterStore {
  load(): number;
  save(n: number): void;
}

export interface ClOrdIdGeneratorOptions {
  /** Up to 4 characters [A-Za-z0-9]; lets several bots share a client id without colliding. Default ''. */
  prefix?: string;
  clock?: Clock;
  /** Store mode: ids come from a persisted counter instead of the start time. */
  store?: ClOrdIdCounterStore;
  /** Store mode: how many ids one save reserves (fewer writes; a crash skips at most this many). Default 1000. */
  reserveBlock?: number;
}

/** TrueX accepts a ClOrdID of at most 18 characters (or a UUID). */
export const MAX_CLORDID_LENGTH = 18;
const MAX_PREFIX_LENGTH = 4;
const STAMP_WIDTH = 8; // base36 milliseconds stay 8 characters until 2059
const PREFIX_PATTERN = /^[A-Za-z0-9]*$/;

// Start stamps handed out in this process, so two generators created in the same millisecond still differ.
let lastStampMs = 0;

/**
 * ClOrdIDs that TrueX accepts (≤ 18 characters) and that never repeat, also across restarts.
 *
 * Time mode (default): `prefix + runStamp + counter`, where runStamp is the generator's start time in milliseconds,
 * base36, fixed at 8 lowercase characters, and counter is base36 from 1. Because the stamp has a fixed width, two
 * ids from different runs differ in the stamp; two ids from one run differ in the counter. A later run has a later
 * stamp as long as the wall clock does not step back to a millisecond an earlier run started in; two generators in
 * one process never share a stamp (the second takes the next free millisecond). With a 4-character prefix, 6 counter
 * characters remain: 2.1 billion ids per run.
 *
 * Store mode (`store` given): `prefix + 'S' + counter` with the counter persisted in reserved blocks, for setups
 * where clocks cannot be trusted. 'S' is upper case and never occurs in a (lower-case) stamp, so the two modes never
 * produce the same id.
 */
export class ClOrdIdGenerator {
  private readonly head: string;
  private readonly maxCounter: number;
  private counter: number;
  private readonly store: ClOrdIdCounterStore | undefined;
  private readonly reserveBlock: number;
  private reservedUpTo = 0;

  constructor(options: ClOrdIdGeneratorOptions = {}) {
    const prefix = options.prefix ?? '';
    if (prefix.length > MAX_PREFIX_LENGTH || !PREFIX_PATTERN.test(prefix)) {
      throw new OrderAdapterError('BAD_PREFIX', `ClOrdID prefix must be 0-${MAX_PREFIX_LENGTH} of [A-Za-z0-9]`);
    }
    this.store = options.store;
    this.reserveBlock = options.reserveBlock ?? 1000;
    if (this.store) {
      this.head = `${prefix}S`;
      this.counter = this.store.load();
      if (!Number.isSafeInteger(this.counter) || this.counter < 0) {
        throw new OrderAdapterError('BAD_OPTIONS', `ClOrdID counter store returned ${this.counter}`);
      }
      this.reservedUpTo = this.counter;
    } else {
      const now = (options.clock ?? systemClock).now();
      const stampMs = now > lastStampMs ? now : lastStampMs + 1;
      lastStampMs = stampMs;
      this.head = prefix + stampMs.toString(36).padStart(STAMP_WIDTH, '0');
      this.counter = 0;
    }
    this.maxCounter = 36 ** (MAX_CLORDID_LENGTH - this.head.length) - 1;
  }

  /** The next ClOrdID. Throws {@link OrderAdapterError} once the run's id space is used up. */
  next(): string {
    const n = ++this.counter;
    if (n > this.maxCounter) {
      throw new OrderAdapterError('CLORDID_SPACE_EXHAUSTED', `no ClOrdIDs left after ${this.maxCounter}`);
    }
    if (this.store && n > this.reservedUpTo) {
      // Reserve before use: after a crash the next run starts past every id this run could have sent.
      this.reservedUpTo = n - 1 + this.reserveBlock;
      this.store.save(this.reservedUpTo);
    }
    return this.head + n.toString(36);
  }
}
