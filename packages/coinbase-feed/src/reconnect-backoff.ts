export interface BackoffPolicy {
  /** First delay (ms); default 1000. */
  readonly initialDelayMs: number;
  /** Cap (ms); default 30000. */
  readonly maxDelayMs: number;
  /** Uniform [0, 1); injectable so tests are deterministic. */
  readonly random: () => number;
}

/**
 * Delay before reconnect attempt `attempt` (0-based): exponential, capped, with "equal jitter" (half fixed, half
 * random). Full jitter could pick ~0 ms and hammer a server that is rate-limiting us; equal jitter still
 * spreads a herd of clients while guaranteeing the delay grows.
 */
export function reconnectDelayMs(attempt: number, policy: BackoffPolicy): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.initialDelayMs * 2 ** Math.min(attempt, 30));
  return Math.round(ceiling / 2 + (ceiling / 2) * policy.random());
}
