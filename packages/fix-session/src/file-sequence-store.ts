import { createHash } from 'node:crypto';
import { closeSync, fdatasyncSync, ftruncateSync, mkdirSync, openSync, readFileSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import type { SequenceNumbers, SequenceStore } from './sequence-store';

export interface FileSequenceStoreOptions {
  /**
   * Outgoing MsgSeqNums made durable per fsync. Before a number beyond the durable one is handed out, the store
   * synchronously writes `nextOutgoing + outgoingReservation - 1` and fdatasyncs, so every number ever written to the
   * wire is covered on disk ("durable before written"). After a crash the session resumes at the reserved number:
   * at most `outgoingReservation - 1` numbers are skipped, which the venue sees as a gap it asks us to fill (always
   * recoverable), never as a number it has seen before (fatal). 1 = one fdatasync per outbound message. Default 100.
   * Once half of a reservation is used, the next one is made ahead, after the current event-loop turn (setImmediate),
   * so that a burst of sends is not held up by the fdatasync; only a burst that uses up the whole reservation within
   * one turn reserves synchronously.
   */
  outgoingReservation?: number;
}

const SLOT_BYTES = 64;
const MAGIC = 'TXSEQ1';

interface SlotRecord {
  generation: number;
  nextOutgoing: number;
  nextIncoming: number;
}

/**
 * Persists sequence numbers in a 128-byte file of two checksummed 64-byte slots written alternately (pwrite, no
 * rename). A crash in the middle of a write can only damage the slot being written; `load` takes the valid slot
 * with the highest generation, i.e. the last good value. Outgoing numbers are reserved ahead and fdatasync'd
 * before use, the next reservation ahead of need (see {@link FileSequenceStoreOptions.outgoingReservation}); incoming
 * numbers, which are harmless to lose (the venue resends or gap-fills), are written behind without fsync, coalesced
 * once per event-loop turn.
 * `close()` writes the exact numbers durably (a clean stop resumes without a gap). Still reads the JSON file of
 * earlier versions.
 */
export class FileSequenceStore implements SequenceStore {
  private readonly reservation: number;
  private fd: number | undefined;
  private generation = 0;
  /** nextOutgoing as durable on disk: no number at or above it has been handed out. 0 = nothing durable yet. */
  private durableOut = 0;
  private latest: SequenceNumbers | undefined;
  private legacyFormat = false;
  private pendingFlush: Promise<void> | undefined;
  private resolveFlush: (() => void) | undefined;
  private rejectFlush: ((error: Error) => void) | undefined;
  /** The write-behind scheduled for the end of this event-loop turn (setImmediate), if any. */
  private flushImmediate: NodeJS.Immediate | undefined;
  /** The next outgoing reservation is due (half of the current one used): the scheduled flush makes it durable. */
  private reserveAhead = false;
  private readonly onFlushDue = (): void => this.flushNow();
  private readonly slot = Buffer.alloc(SLOT_BYTES);

  constructor(
    private readonly path: string,
    options: FileSequenceStoreOptions = {},
  ) {
    this.reservation = Math.max(1, Math.floor(options.outgoingReservation ?? 100));
  }

  load(): Promise<SequenceNumbers> {
    try {
      return Promise.resolve({ ...this.ensureLoaded() });
    } catch (error) {
      return Promise.reject(error);
    }
  }

  /**
   * Synchronous (and fdatasync'd) when `s.nextOutgoing` leaves the durable reservation or goes down (a reset);
   * otherwise the numbers are written behind and the returned promise resolves once they are written.
   */
  save(s: SequenceNumbers): Promise<void> | void {
    const latest = this.ensureLoaded();
    const previousOutgoing = latest.nextOutgoing;
    // Updated in place: a send must not allocate (the values are copied, `s` may be the caller's scratch object).
    latest.nextOutgoing = s.nextOutgoing;
    latest.nextIncoming = s.nextIncoming;
    if (s.nextOutgoing > this.durableOut || s.nextOutgoing < previousOutgoing || this.legacyFormat) {
      this.writeRecord(s.nextOutgoing + this.reservation - 1, s.nextIncoming, true);
      this.reserveAhead = false;
      return;
    }
    // Half of the reservation used: make the next one durable after this turn, before this one runs out.
    if (this.reservation > 1 && this.durableOut - s.nextOutgoing < this.reservation / 2) this.reserveAhead = true;
    return this.flushSoon();
  }

  /** Writes the exact current numbers and fdatasyncs, then releases the file. Call when nothing more will be sent. */
  close(): Promise<void> {
    try {
      this.cancelFlush();
      if (this.latest) this.writeRecord(this.latest.nextOutgoing, this.latest.nextIncoming, true);
      this.reserveAhead = false;
      if (this.fd !== undefined) closeSync(this.fd);
      this.fd = undefined;
      this.settleFlush();
      return Promise.resolve();
    } catch (error) {
      this.settleFlush(error as Error);
      return Promise.reject(error as Error);
    }
  }

  /** One write-behind per event-loop turn; every save() of the turn gets the same promise. */
  private flushSoon(): Promise<void> {
    if (this.pendingFlush) return this.pendingFlush;
    this.pendingFlush = new Promise<void>((resolve, reject) => {
      this.resolveFlush = resolve;
      this.rejectFlush = reject;
    });
    this.flushImmediate = setImmediate(this.onFlushDue);
    return this.pendingFlush;
  }

  private flushNow(): void {
    this.flushImmediate = undefined;
    try {
      const latest = this.latest;
      if (latest && this.reserveAhead && latest.nextOutgoing + this.reservation - 1 > this.durableOut) {
        // The next reservation, counted from the number in use now, fdatasync'd between event-loop turns.
        this.writeRecord(latest.nextOutgoing + this.reservation - 1, latest.nextIncoming, true);
      } else if (latest) {
        // Carries the durable reservation, never a lower outgoing number: any record on disk must cover every
        // number handed out.
        this.writeRecord(this.durableOut, latest.nextIncoming, false);
      }
      this.reserveAhead = false;
      this.settleFlush();
    } catch (error) {
      this.settleFlush(error as Error);
    }
  }

  private cancelFlush(): void {
    if (this.flushImmediate !== undefined) clearImmediate(this.flushImmediate);
    this.flushImmediate = undefined;
  }

  private settleFlush(error?: Error): void {
    const resolve = this.resolveFlush;
    const reject = this.rejectFlush;
    this.pendingFlush = this.resolveFlush = this.rejectFlush = undefined;
    if (error) reject?.(error);
    else resolve?.();
  }

  private writeRecord(nextOutgoing: number, nextIncoming: number, sync: boolean): void {
    const fd = this.open();
    const slots = this.legacyFormat ? 2 : 1; // replacing an old JSON file: write both slots
    for (let i = 0; i < slots; i++) {
      const generation = ++this.generation;
      encodeSlot({ generation, nextOutgoing, nextIncoming }, this.slot);
      writeSync(fd, this.slot, 0, SLOT_BYTES, (generation % 2) * SLOT_BYTES);
    }
    if (this.legacyFormat) {
      ftruncateSync(fd, 2 * SLOT_BYTES);
      this.legacyFormat = false;
      sync = true;
    }
    if (sync) fdatasyncSync(fd);
    this.durableOut = nextOutgoing;
  }

  private open(): number {
    if (this.fd === undefined) {
      mkdirSync(dirname(this.path), { recursive: true });
      try {
        this.fd = openSync(this.path, 'r+');
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
        this.fd = openSync(this.path, 'w+', 0o600);
      }
    }
    return this.fd;
  }

  /** Reads the file once (also before a first save, so that generations continue the ones on disk). */
  private ensureLoaded(): SequenceNumbers {
    if (!this.latest) this.latest = this.readFile();
    return this.latest;
  }

  private readFile(): SequenceNumbers {
    let bytes: Buffer;
    try {
      bytes = readFileSync(this.path);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      return { nextOutgoing: 1, nextIncoming: 1 };
    }
    if (bytes.length > 0 && bytes[0] === 0x7b /* '{' */) return this.readLegacy(bytes);
    const records = [0, 1]
      .map((i) => decodeSlot(bytes.subarray(i * SLOT_BYTES, (i + 1) * SLOT_BYTES)))
      .filter((r): r is SlotRecord => r !== undefined);
    if (records.length === 0) {
      throw new Error(`FileSequenceStore: ${this.path} does not hold valid sequence numbers (both slots damaged)`);
    }
    const best = records.reduce((a, b) => (b.generation > a.generation ? b : a));
    this.generation = best.generation;
    this.durableOut = best.nextOutgoing;
    return { nextOutgoing: best.nextOutgoing, nextIncoming: best.nextIncoming };
  }

  private readLegacy(bytes: Buffer): SequenceNumbers {
    let parsed: Partial<SequenceNumbers>;
    try {
      parsed = JSON.parse(bytes.toString('utf8')) as Partial<SequenceNumbers>;
    } catch {
      parsed = {};
    }
    if (!isSeqNum(parsed.nextOutgoing) || !isSeqNum(parsed.nextIncoming)) {
      throw new Error(`FileSequenceStore: ${this.path} does not hold valid sequence numbers`);
    }
    this.legacyFormat = true;
    this.durableOut = parsed.nextOutgoing;
    return { nextOutgoing: parsed.nextOutgoing, nextIncoming: parsed.nextIncoming };
  }
}

function checksum(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 16);
}

/** `TXSEQ1 <generation> <nextOutgoing> <nextIncoming> <sha256[0..16)>`, space-padded to 63 bytes, then '\n'. */
function encodeSlot(r: SlotRecord, out: Buffer): void {
  const body = `${MAGIC} ${r.generation} ${r.nextOutgoing} ${r.nextIncoming}`;
  const line = `${body} ${checksum(body)}`;
  out.fill(0x20);
  out.write(line, 0, 'latin1');
  out[SLOT_BYTES - 1] = 0x0a;
}

function decodeSlot(bytes: Buffer): SlotRecord | undefined {
  if (bytes.length !== SLOT_BYTES) return undefined;
  const parts = bytes.toString('latin1').trim().split(' ');
  if (parts.length !== 5 || parts[0] !== MAGIC) return undefined;
  const [, gen, out, inc, sum] = parts as [string, string, string, string, string];
  if (checksum(`${MAGIC} ${gen} ${out} ${inc}`) !== sum) return undefined;
  const record = { generation: Number(gen), nextOutgoing: Number(out), nextIncoming: Number(inc) };
  if (!isSeqNum(record.generation) || !isSeqNum(record.nextOutgoing) || !isSeqNum(record.nextIncoming)) {
    return undefined;
  }
  return record;
}

function isSeqNum(n: unknown): n is number {
  return typeof n === 'number' && Number.isSafeInteger(n) && n >= 1;
}
