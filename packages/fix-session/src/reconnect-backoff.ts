/** Reconnect timing: exponential from initialDelayMs, capped at maxDelayMs, with ± jitter so clients spread out. */
export interface ReconnectBackoffOptions {
  initialDelayMs?: number;
  maxDelayMs?: number;
  /** Fraction of the delay to randomise either way; default 0.2 (±20 %). */
  jitter?: number;
  /** Uniform [0, 1); injectable so tests can pin the jitter. Default Math.random. */
  random?: () => number;
}

/**
 * Delay before reconnect attempt n (0-based): base = min(max, initial · 2^n); delay = base · (1 − j + 2j·random),
 * clamped to [0, max]. With the defaults: ~1 s, 2 s, 4 s, 8 s, 16 s, then 30 s (24–30 s after jitter and the cap).
 */
export class ReconnectBackoff {
  readonly initialDelayMs: number;
  readonly maxDelayMs: number;
  private readonly jitter: number;
  private readonly random: () => number;
  private attempt = 0;

  constructor(options: ReconnectBackoffOptions = {}) {
    this.initialDelayMs = options.initialDelayMs ?? 1000;
    this.maxDelayMs = Math.max(this.initialDelayMs, options.maxDelayMs ?? 30_000);
    this.jitter = Math.min(1, Math.max(0, options.jitter ?? 0.2));
    this.random = options.random ?? Math.random;
  }

  /** The delay for the next attempt; advances the schedule. */
  next(): number {
    const base = Math.min(this.maxDelayMs, this.initialDelayMs * 2 ** Math.min(this.attempt, 30));
    this.attempt++;
    return this.jittered(base);
  }

  /** Jump straight to the cap, e.g. after an authentication failure, so bad credentials never spin. */
  nextAtMax(): number {
    this.attempt++;
    return this.jittered(this.maxDelayMs);
  }

  /** Called after a successful logon so the next outage starts from the initial delay again. */
  reset(): void {
    this.attempt = 0;
  }

  private jittered(base: number): number {
    const factor = 1 - this.jitter + 2 * this.jitter * this.random();
    return Math.round(Math.min(this.maxDelayMs, Math.max(0, base * factor)));
  }
}
