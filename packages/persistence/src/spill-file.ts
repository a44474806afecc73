import { promises as fs } from 'node:fs';
import path from 'node:path';
import { yieldToEventLoop } from './delay';
import { decodeEnvelopes, encodeEnvelopes, ENCODE_SLICE, type EventEnvelope } from './event-envelope';

/**
 * The last line of defence when the next tier is down and memory is full: an append-only file of JSON lines, one
 * batch a line. Replay reads it in bounded chunks; the file is deleted only after every batch was handed on, so a
 * crash during replay replays again (harmless: every write downstream is idempotent).
 *
 * Replay works on a renamed copy (`<file>.replaying`), so new spills during a replay go to a fresh file.
 */
export class SpillFile {
  private readonly replayPath: string;
  private bytesSpilled = 0;

  constructor(readonly filePath: string) {
    this.replayPath = `${filePath}.replaying`;
  }

  /**
   * Appends a batch as lines of at most {@link ENCODE_SLICE} events, serialised one line per turn of the event loop
   * (a spill moves tens of thousands of events; encoding them at once would stall the trading loop), in one write.
   * Resolves once the OS has the bytes.
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
    await fs.appendFile(this.filePath, text, 'utf8');
    this.bytesSpilled += Buffer.byteLength(text);
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
      if (!(await exists(this.replayPath))) await fs.rename(this.filePath, this.replayPath);
      delivered += await this.replayOne(deliver, onMalformed, maxBatch);
    }
    return delivered;
  }

  private async replayOne(
    deliver: (batch: EventEnvelope[]) => Promise<void>,
    onMalformed: (error: Error) => void,
    maxBatch: number,
  ): Promise<number> {
    let delivered = 0;
    const handle = await fs.open(this.replayPath, 'r');
    try {
      const chunk = Buffer.alloc(1 << 20);
      let carry = '';
      let pending: EventEnvelope[] = [];
      for (;;) {
        const { bytesRead } = await handle.read(chunk, 0, chunk.length, null);
        const text = carry + chunk.toString('utf8', 0, bytesRead);
        const lines = text.split('\n');
        carry = bytesRead === 0 ? '' : (lines.pop() ?? '');
        for (const line of lines) {
          if (line.trim() === '') continue;
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
        }
        if (bytesRead === 0) break;
      }
      if (pending.length > 0) {
        await deliver(pending);
        delivered += pending.length;
      }
    } finally {
      await handle.close();
    }
    await fs.rm(this.replayPath, { force: true });
    return delivered;
  }
}

async function exists(p: string): Promise<boolean> {
  try {
    await fs.access(p);
    return true;
  } catch {
    return false;
  }
}
