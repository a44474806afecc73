import { FIXT_1_1, SOH } from './constants';
import { FixFrameError } from './fix-frame-error';

export interface FrameSplitterOptions {
  /** Largest frame accepted; a longer (claimed) frame is skipped as FRAME_TOO_LARGE. Default 65536. */
  maxFrameBytes?: number;
  /** Expected BeginString; default 'FIXT.1.1'. */
  beginString?: string;
}

const EIGHT = 0x38;
const NINE = 0x39;
const EQUALS = 0x3d;
const ZERO = 0x30;
const TRAILER_BYTES = 7; // "10=ddd" + SOH
const MAX_LENGTH_DIGITS = 9;

/**
 * Turns a TCP byte stream (any chunking) into whole, validated FIX frames.
 *
 * An explicit state machine over buffered bytes, like ws's Receiver: each step either needs more bytes (stop and
 * keep the partial frame), delivers a frame, or rejects the frame start and resynchronises. After a rejection the
 * search restarts one byte after the bad frame's start, so a valid frame hidden behind a garbled one is never lost.
 * BodyLength decides where a frame ends; a CheckSum field met before that point proves the length wrong early,
 * so a corrupt length cannot stall delivery of the frames behind it.
 */
export class FixFrameSplitter {
  private readonly maxFrameBytes: number;
  private readonly beginField: Buffer; // "8=FIXT.1.1" + SOH
  private pending: Buffer = Buffer.alloc(0);
  // Where to resume looking for an early "<SOH>10=" in the pending frame, so tiny chunks do not rescan it.
  private trailerScanFrom = 0;
  private resyncing = false;

  constructor(options: FrameSplitterOptions = {}) {
    this.maxFrameBytes = options.maxFrameBytes ?? 65_536;
    this.beginField = Buffer.from(`8=${options.beginString ?? FIXT_1_1}\u0001`, 'latin1');
    if (!(this.maxFrameBytes >= 32)) throw new RangeError('maxFrameBytes must be at least 32');
  }

  /** Bytes held back waiting for the rest of a frame. */
  get bufferedBytes(): number {
    return this.pending.length;
  }

  /** Drops any partial frame (e.g. after a reconnect). */
  reset(): void {
    this.pending = Buffer.alloc(0);
    this.trailerScanFrom = 0;
    this.resyncing = false;
  }

  /**
   * Feeds bytes. Calls onFrame for each whole valid frame (a Buffer the callee may keep) and onError for each
   * skipped garbled frame or run of garbage. Never throws on bad input; exceptions from the callbacks propagate,
   * with the splitter left consistent (the remaining bytes stay buffered).
   */
  push(chunk: Buffer, onFrame: (frame: Buffer) => void, onError?: (error: FixFrameError) => void): void {
    let buf = this.pending.length === 0 ? chunk : Buffer.concat([this.pending, chunk]);
    let garbage = 0;
    let p = 0;
    const reportGarbage = (): void => {
      // Bytes skipped while resynchronising after a rejected frame belong to that frame's error.
      if (this.resyncing) garbage = 0;
      if (garbage > 0) {
        const n = garbage;
        garbage = 0;
        onError?.(new FixFrameError('GARBAGE', `skipped ${n} bytes before a frame start`, n));
      }
    };
    const keep = (from: number): void => {
      this.pending = from >= buf.length ? Buffer.alloc(0) : buf.subarray(from);
    };
    const reject = (code: FixFrameError['code'], message: string): void => {
      // Restart the search one byte on: the next valid frame may begin inside this broken one.
      p++;
      this.resyncing = true;
      this.trailerScanFrom = 0;
      keep(p);
      onError?.(new FixFrameError(code, message));
    };

    for (;;) {
      const n = buf.length;
      // SEEK: find the next frame start ("8=<BeginString><SOH>", or any "8=" at a field boundary).
      const start = this.seek(buf, p);
      if (start < 0) {
        // Keep a tail that may be the beginning of a split frame start; the rest is garbage.
        const tail = Math.max(p, n - this.beginField.length + 1);
        garbage += tail - p;
        keep(tail);
        reportGarbage();
        return;
      }
      garbage += start - p;
      p = start;
      reportGarbage();
      garbage = 0;

      // BEGIN_STRING: "8=" up to SOH must be our BeginString.
      const beginEnd = buf.indexOf(SOH, p + 2);
      if (beginEnd < 0 || beginEnd - p > this.beginField.length + 16) {
        if (beginEnd < 0 && n - p <= this.beginField.length + 16) return keep(p);
        reject('BAD_BEGIN_STRING', 'unterminated BeginString');
        continue;
      }
      if (
        beginEnd + 1 - p !== this.beginField.length ||
        buf.compare(this.beginField, 0, this.beginField.length, p, beginEnd + 1) !== 0
      ) {
        reject(
          'BAD_BEGIN_STRING',
          `BeginString ${buf.toString('latin1', p + 2, beginEnd)} is not ${this.beginField.toString('latin1', 2, this.beginField.length - 1)}`,
        );
        continue;
      }

      // BODY_LENGTH: "9=" digits SOH (leading zeros allowed).
      let q = beginEnd + 1;
      if (n - q < 2) return keep(p);
      if (buf[q] !== NINE || buf[q + 1] !== EQUALS) {
        reject('BAD_BODY_LENGTH', 'BodyLength (9) must follow BeginString');
        continue;
      }
      q += 2;
      let bodyLength = 0;
      let digits = 0;
      while (q < n && buf[q] !== SOH) {
        const digit = buf[q] - ZERO;
        if (digit < 0 || digit > 9 || digits >= MAX_LENGTH_DIGITS) break;
        bodyLength = bodyLength * 10 + digit;
        digits++;
        q++;
      }
      if (q >= n) return keep(p);
      if (buf[q] !== SOH || digits === 0) {
        reject('BAD_BODY_LENGTH', 'BodyLength (9) is not a number');
        continue;
      }
      const bodyStart = q + 1;
      const bodyEnd = bodyStart + bodyLength;
      const frameEnd = bodyEnd + TRAILER_BYTES;
      if (frameEnd - p > this.maxFrameBytes) {
        reject('FRAME_TOO_LARGE', `frame of ${frameEnd - p} bytes exceeds ${this.maxFrameBytes}`);
        continue;
      }

      // BODY: wait for the whole frame, but give up early if a CheckSum field shows up before bodyEnd.
      if (n < frameEnd) {
        const scanFrom = Math.max(bodyStart - 1, p + this.trailerScanFrom);
        const early = buf.indexOf('\u000110=', scanFrom, 'latin1');
        if (early >= 0 && early + 1 < bodyEnd) {
          reject('BAD_BODY_LENGTH', `BodyLength ${bodyLength} overruns the CheckSum field`);
          continue;
        }
        this.trailerScanFrom = Math.max(0, n - p - 3);
        return keep(p);
      }
      if (
        buf[bodyEnd - 1] !== SOH ||
        buf[bodyEnd] !== 0x31 ||
        buf[bodyEnd + 1] !== ZERO ||
        buf[bodyEnd + 2] !== EQUALS ||
        buf[frameEnd - 1] !== SOH
      ) {
        reject('BAD_BODY_LENGTH', `BodyLength ${bodyLength} does not end at the CheckSum field`);
        continue;
      }
      let declared = 0;
      for (let i = bodyEnd + 3; i < bodyEnd + 6; i++) {
        const digit = buf[i] - ZERO;
        declared = digit < 0 || digit > 9 ? -1000 : declared * 10 + digit;
      }
      let sum = 0;
      for (let i = p; i < bodyEnd; i++) sum += buf[i];
      if ((sum & 0xff) !== declared) {
        reject(
          'BAD_CHECKSUM',
          `CheckSum ${buf.toString('latin1', bodyEnd + 3, bodyEnd + 6)} but computed ${sum & 0xff}`,
        );
        continue;
      }

      // DELIVER: record progress before the callback so a throwing consumer leaves us consistent.
      const frame = buf.subarray(p, frameEnd);
      p = frameEnd;
      this.resyncing = false;
      this.trailerScanFrom = 0;
      keep(p);
      onFrame(frame);
      buf = this.pending;
      p = 0;
      if (buf.length === 0) return;
    }
  }

  /** Index of the next plausible frame start at or after `from`, or -1. */
  private seek(buf: Buffer, from: number): number {
    if (buf[from] === EIGHT && buf[from + 1] === EQUALS) return from;
    const exact = buf.indexOf(this.beginField, from);
    // A foreign BeginString at a field boundary is reported as BAD_BEGIN_STRING rather than silent garbage.
    const boundary = buf.indexOf('\u00018=', from, 'latin1');
    if (boundary >= 0 && (exact < 0 || boundary + 1 < exact)) return boundary + 1;
    return exact;
  }
}
