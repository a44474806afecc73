import { backoffDelayMs, type BackoffJitter } from '@truex-mm/clock';

export interface BackoffPolicy {
  /** First delay (ms); default 1000. */
  readonly initialDelayMs: number;
  /** Cap (ms); default 30000. */
  readonly maxDelayMs: number;
  /** Uniform [0, 1); injectable so tests are deterministic. */
  readonly random: () => number;
}

/**
 * The feed's jitter: "equal jitter" (half fixed, half random). Full jitter could pick ~0 ms and hammer a server that
 * is rate-limiting us; equal jitter still spreads a herd of clients while guaranteeing the delay grows.
 */
export const FEED_RECONNECT_JITTER: BackoffJitter = { kind: 'equal' };

/**
 * Delay before reconnect attempt `attempt` (0-based): exponential, capped, with {@link FEED_RECONNECT_JITTER}; in
 * [ceiling / 2, ceiling]. The computation is `@truex-mm/clock`'s `backoffDelayMs`, shared with the FIX session.
 */
export function reconnectDelayMs(attempt: number, policy: BackoffPolicy): number {
  return backoffDelayMs(attempt, { ...policy, jitter: FEED_RECONNECT_JITTER }, policy.random);
}
