/** How long an {@link ExecIdWindow} remembers: by time, by count, or both (whichever rotates first). */
export interface ExecIdWindowOptions {
  /** A generation ends after this many ms (measured with the `nowMs` given to {@link ExecIdWindow.add}). */
  generationMs?: number;
  /** A generation ends after this many ids. */
  generationSize?: number;
}

/**
 * Remembers ExecIDs long enough to drop duplicates (PossDup resends, replays after a reconnect) without growing for
 * the life of the process: two generations of ids, the older dropped when the current one ends (by time or by
 * count), so an id is remembered for at least one generation and at most two. Older ids are not remembered: the
 * database (UNIQUE(run_id, exec_id)) is the record for those.
 *
 * The one mechanism shared by the order adapter (time window, injected clock) and risk's PositionLedger (count
 * window, clock-free so a replay of the same fills gives the same figures).
 */
export class ExecIdWindow {
  private current = new Set<string>();
  private previous = new Set<string>();
  private rotatedAtMs: number;
  private readonly generationMs: number;
  private readonly generationSize: number;

  constructor(options: ExecIdWindowOptions, nowMs = 0) {
    this.generationMs = options.generationMs ?? Number.POSITIVE_INFINITY;
    this.generationSize = options.generationSize ?? Number.POSITIVE_INFINITY;
    if (!(this.generationMs > 0) || !(this.generationSize >= 1)) {
      throw new RangeError('ExecIdWindow: generationMs must be > 0 and generationSize >= 1');
    }
    this.rotatedAtMs = nowMs;
  }

  /** Records the id; false if it was seen already (within the window). */
  add(execId: string, nowMs = 0): boolean {
    if (this.has(execId, nowMs)) return false;
    if (this.current.size >= this.generationSize) this.rotate(nowMs);
    this.current.add(execId);
    return true;
  }

  /** Whether the id is remembered, without recording it. */
  has(execId: string, nowMs = 0): boolean {
    if (nowMs - this.rotatedAtMs >= this.generationMs) this.rotate(nowMs);
    return this.current.has(execId) || this.previous.has(execId);
  }

  /** Ids currently remembered (both generations). */
  get size(): number {
    return this.current.size + this.previous.size;
  }

  private rotate(nowMs: number): void {
    this.previous = this.current;
    this.current = new Set<string>();
    this.rotatedAtMs = nowMs;
  }
}
