import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { SequenceNumbers, SequenceStore } from './sequence-store';

/**
 * Persists sequence numbers as a small JSON file. Saves are coalesced (at most one write in flight, the latest value
 * wins) and atomic (write a temporary file, then rename), so a crash leaves either the old or the new numbers.
 */
export class FileSequenceStore implements SequenceStore {
  private latest: SequenceNumbers | undefined;
  private writing: Promise<void> | undefined;
  private dirty = false;

  constructor(private readonly path: string) {}

  async load(): Promise<SequenceNumbers> {
    if (this.latest) return { ...this.latest };
    let text: string;
    try {
      text = await readFile(this.path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { nextOutgoing: 1, nextIncoming: 1 };
      throw error;
    }
    const parsed = JSON.parse(text) as Partial<SequenceNumbers>;
    if (!isSeqNum(parsed.nextOutgoing) || !isSeqNum(parsed.nextIncoming)) {
      throw new Error(`FileSequenceStore: ${this.path} does not hold valid sequence numbers`);
    }
    this.latest = { nextOutgoing: parsed.nextOutgoing, nextIncoming: parsed.nextIncoming };
    return { ...this.latest };
  }

  save(s: SequenceNumbers): Promise<void> {
    this.latest = { nextOutgoing: s.nextOutgoing, nextIncoming: s.nextIncoming };
    this.dirty = true;
    if (!this.writing) this.writing = this.drain();
    return this.writing;
  }

  private async drain(): Promise<void> {
    try {
      while (this.dirty && this.latest) {
        this.dirty = false;
        const tmp = `${this.path}.tmp`;
        await mkdir(dirname(this.path), { recursive: true });
        await writeFile(tmp, JSON.stringify(this.latest));
        await rename(tmp, this.path);
      }
    } finally {
      this.writing = undefined;
    }
  }
}

function isSeqNum(n: unknown): n is number {
  return typeof n === 'number' && Number.isSafeInteger(n) && n >= 1;
}
