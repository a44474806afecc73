import { promises as fs } from 'node:fs';
import path from 'node:path';
import { yieldToEventLoop } from './delay';
import { decodeEnvelopes, encodeEnvelopes, ENCODE_SLICE, type EventEnvelope } from './event-envelope';
import { PersistenceError } from './persistence-error';

export interface SpillFileOptions {
  /** Cap on the bytes on disk (file plus a replay in progress); an append beyond it fails with `SPILL_FULL`.
   *  Default: no cap. */
  maxBytes?: number;
}

/**
 * The last line of defence when the next tier is down and memory is full: an append-only file of JSON lines, one
 * batch a line. Replay reads it in bounded chunks; the file is deleted only after every batch was handed on, so a
 * crash during replay replays again (harmless: every write downstream is idempotent).
 *
 * Replay works on a renamed copy (`<file>.replaying`), so new spills during a replay go to a fresh file. The events
 * and bytes on disk are counted (after {@link SpillFile.load} for files left by an earlier process), so the backlog
 * can be reported and capped.
 */
export class SpillFile {
  private readonly replayPath: string;
  private readonly maxBytes: number;
  private bytesSpilled = 0;
  private file = { events: 0, bytes: 0 };
  private replaying = { events: 0, bytes: 0 };

  constructor(
    readonly filePath: string,
    options: SpillFileOptions = {},
  ) {
    this.replayPath = `${filePath}.replaying`;
    this.maxBytes = options.maxBytes ?? Number.POSITIVE_INFINITY;
  }

  /** Counts what earlier processes left on disk (events and bytes). Returns the events found. */
  async load(): Promise<number> {
    this.file = await measure(this.filePath);
    this.replaying = await measure(this.replayPath);
    return this.pendingEvents;
  }

  /** Events on disk not yet handed on (an upper bound during a replay: handed-on batches count until it ends). */
  get pendingEvents(): number {
    return this.file.events + this.replaying.events;
  }

  get pendingBytes(): number {
    return this.file.bytes + this.replaying.bytes;
  }

  /**
   * Appends a batch as lines of at most {@link ENCODE_SLICE} events, serialised one line per turn of the event loop
   * (a spill moves tens of thousands of events; encoding them at once would stall the trading loop), in one write.
   * Resolves once the OS has the bytes. Rejects with `SPILL_FULL` (writing nothing) when the cap would be passed.
   */
  async append(batch: readonly EventEnvelope[]): Promise<void> {
    if (batch.length === 0) return;
    await fs.mkdir(path.dirname(this.filePath), { recursive: true });
    const lines: string[] = [];
    for (let start = 0; start < batch.length; start += ENCODE_SLICE) {
      if (start > 0) await yieldToEventLoop();
      lines.push(`${encodeEnvelopes(batch.slice(start, start + ENCODE_SLICE))}\n`);
    }
    const text = lines.join('');
    const bytes = Buffer.byteLength(text);
    if (this.pendingBytes + bytes > this.maxBytes) {
      throw new PersistenceError('SPILL_FULL', `spill file cap of ${this.maxBytes} bytes reached`);
    }
    await fs.appendFile(this.filePath, text, 'utf8');
    this.bytesSpilled += bytes;
    this.file.events += batch.length;
    this.file.bytes += bytes;
  }

  /** Resolves when an append could succeed now (folder writable, cap not reached); rejects with the reason. */
  async probe(): Promise<void> {
    if (this.pendingBytes >= this.maxBytes) {
      throw new PersistenceError('SPILL_FULL', `spill file cap of ${this.maxBytes} bytes reached`);
    }
    await fs.mkdir(path.dirname(this.filePath), { recursive: true });
    await fs.access(path.dirname(this.filePath), fs.constants.W_OK);
    if (await exists(this.filePath)) await fs.access(this.filePath, fs.constants.W_OK);
  }

  /** True when there is anything to replay (including a replay interrupted by a crash). */
  async hasPending(): Promise<boolean> {
    return (await exists(this.replayPath)) || (await exists(this.filePath));
  }

  get spilledBytes(): number {
    return this.bytesSpilled;
  }

  /**
   * Hands every spilled batch to `deliver`, oldest first, in chunks of at most `maxBatch` events. Stops (keeping the
   * file) at the first failed delivery, which the caller retries later. A line that does not parse is reported to
   * `onMalformed` and skipped, so one torn write (power loss mid-append) cannot block recovery forever.
   */
  async replay(
    deliver: (batch: EventEnvelope[]) => Promise<void>,
    onMalformed: (error: Error) => void,
    maxBatch = 1000,
  ): Promise<number> {
    let delivered = 0;
    // An interrupted replay leaves `.replaying` behind while new spills went to the file: replay both.
    while (await this.hasPending()) {
      if (!(await exists(this.replayPath))) {
        await fs.rename(this.filePath, this.replayPath);
        this.replaying = this.file;
        this.file = { events: 0, bytes: 0 };
      }
      delivered += await this.replayOne(deliver, onMalformed, maxBatch);
      this.replaying = { events: 0, bytes: 0 };
    }
    return delivered;
  }

  private async replayOne(
    deliver: (batch: EventEnvelope[]) => Promise<void>,
    onMalformed: (error: Error) => void,
    maxBatch: number,
  ): Promise<number> {
    let delivered = 0;
    let pending: EventEnvelope[] = [];
    await forEachLine(this.replayPath, async (line) => {
      try {
        for (const envelope of decodeEnvelopes(line)) pending.push(envelope);
      } catch (error) {
        onMalformed(error as Error);
      }
      while (pending.length >= maxBatch) {
        await deliver(pending.slice(0, maxBatch));
        delivered += maxBatch;
        pending = pending.slice(maxBatch);
      }
    });
    if (pending.length > 0) {
      await deliver(pending);
      delivered += pending.length;
    }
    await fs.rm(this.replayPath, { force: true });
    return delivered;
  }
}

/** Calls `onLine` for every non-blank line, reading 1 MiB at a time. */
async function forEachLine(file: string, onLine: (line: string) => Promise<void> | void): Promise<void> {
  const handle = await fs.open(file, 'r');
  try {
    const chunk = Buffer.alloc(1 << 20);
    let carry = '';
    for (;;) {
      const { bytesRead } = await handle.read(chunk, 0, chunk.length, null);
      const text = carry + chunk.toString('utf8', 0, bytesRead);
      const lines = text.split('\n');
      carry = bytesRead === 0 ? '' : (lines.pop() ?? '');
      for (const line of lines) if (line.trim() !== '') await onLine(line);
      if (bytesRead === 0) break;
    }
  } finally {
    await handle.close();
  }
}

/** Events (valid lines only) and bytes of a spill file; zeros when it does not exist. */
async function measure(file: string): Promise<{ events: number; bytes: number }> {
  let bytes: number;
  try {
    bytes = (await fs.stat(file)).size;
  } catch {
    return { events: 0, bytes: 0 };
  }
  let events = 0;
  await forEachLine(file, (line) => {
    try {
      events += decodeEnvelopes(line).length;
    } catch {
      // a torn line: replay reports it
    }
  });
  return { events, bytes };
}

async function exists(p: string): Promise<boolean> {
  try {
    await fs.access(p);
    return true;
  } catch {
    return false;
  }
}
