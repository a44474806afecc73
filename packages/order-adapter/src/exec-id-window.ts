/**
 * Remembers ExecIDs long enough to drop duplicates (PossDup resends, replays after a reconnect) without growing for
 * the life of the process: two generations of ids, the older dropped every `generationMs`, so an id is remembered
 * for at least one generation and at most two.
 */
export class ExecIdWindow {
  private current = new Set<string>();
  private previous = new Set<string>();
  private rotatedAtMs: number;

  constructor(
    private readonly generationMs: number,
    nowMs: number,
  ) {
    this.rotatedAtMs = nowMs;
  }

  /** Records the id; false if it was seen already. */
  add(execId: string, nowMs: number): boolean {
    if (nowMs - this.rotatedAtMs >= this.generationMs) {
      this.previous = this.current;
      this.current = new Set<string>();
      this.rotatedAtMs = nowMs;
    }
    if (this.current.has(execId) || this.previous.has(execId)) return false;
    this.current.add(execId);
    return true;
  }
}
