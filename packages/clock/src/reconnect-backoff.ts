/**
 * How a backoff delay is spread around its exponential base, so a herd of clients does not reconnect in step.
 *
 * - `none`: the base itself.
 * - `proportional`: base · (1 − f + 2f·r), i.e. ± f of the base, clamped to [0, maxDelayMs] (fix-session: f = 0.2).
 * - `equal`: base / 2 + base / 2 · r ("equal jitter": half fixed, half random; coinbase-feed). Never below half the
 *   base, so the delay still grows against a server that rate-limits us, unlike full jitter which may pick ~0 ms.
 */
export type BackoffJitter =
  { readonly kind: 'none' } | { readonly kind: 'proportional'; readonly fraction: number } | { readonly kind: 'equal' };

export interface BackoffSchedule {
  /** First delay (ms). */
  readonly initialDelayMs: number;
  /** Cap (ms); the delay never exceeds it, jitter included. */
  readonly maxDelayMs: number;
  readonly jitter: BackoffJitter;
}

/**
 * Delay before reconnect attempt `attempt` (0-based): base = min(max, initial · 2^attempt), spread by `jitter` with
 * one draw of `random` (uniform [0, 1)), rounded to whole ms. Pure: no clock, no state.
 */
export function backoffDelayMs(attempt: number, schedule: BackoffSchedule, random: () => number): number {
  const base = Math.min(schedule.maxDelayMs, schedule.initialDelayMs * 2 ** Math.min(attempt, 30));
  return jittered(base, schedule, random);
}

function jittered(base: number, schedule: BackoffSchedule, random: () => number): number {
  const jitter = schedule.jitter;
  switch (jitter.kind) {
    case 'none':
      return Math.round(base);
    case 'equal':
      return Math.round(base / 2 + (base / 2) * random());
    case 'proportional': {
      const f = Math.min(1, Math.max(0, jitter.fraction));
      const factor = 1 - f + 2 * f * random();
      return Math.round(Math.min(schedule.maxDelayMs, Math.max(0, base * factor)));
    }
  }
}

export interface ReconnectBackoffOptions {
  /** Default 1000. */
  initialDelayMs?: number;
  /** Default 30 000 (raised to initialDelayMs if lower). */
  maxDelayMs?: number;
  /** Default `{ kind: 'proportional', fraction: 0.2 }` (±20 %). */
  jitter?: BackoffJitter;
  /** Uniform [0, 1): `Math.random` in production, a seeded or fixed source in tests. */
  random: () => number;
}

/**
 * A reconnect schedule that counts its attempts: {@link backoffDelayMs} for attempt 0, 1, 2 … With the defaults:
 * ~1 s, 2 s, 4 s, 8 s, 16 s, then 30 s (24–30 s after jitter and the cap).
 */
export class ReconnectBackoff {
  readonly initialDelayMs: number;
  readonly maxDelayMs: number;
  readonly jitter: BackoffJitter;
  private readonly random: () => number;
  private attempt = 0;

  constructor(options: ReconnectBackoffOptions) {
    this.initialDelayMs = options.initialDelayMs ?? 1000;
    this.maxDelayMs = Math.max(this.initialDelayMs, options.maxDelayMs ?? 30_000);
    this.jitter = options.jitter ?? { kind: 'proportional', fraction: 0.2 };
    this.random = options.random;
  }

  /** Attempts taken since the last {@link reset}. */
  get attempts(): number {
    return this.attempt;
  }

  /** The delay for the next attempt; advances the schedule. */
  next(): number {
    return backoffDelayMs(this.attempt++, this, this.random);
  }

  /** Jump straight to the cap, e.g. after an authentication failure, so bad credentials never spin. */
  nextAtMax(): number {
    this.attempt++;
    return jittered(this.maxDelayMs, this, this.random);
  }

  /** After a connection that held (a logon, a stable feed): the next outage starts from the initial delay again. */
  reset(): void {
    this.attempt = 0;
  }
}
