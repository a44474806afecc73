/** How a cancel the venue throttled is retried. */
export interface CancelRetryPolicy {
  /** Delay before the first retry. Default 250 ms. */
  initialDelayMs?: number;
  /** The delay doubles per throttled attempt up to this. Default 4000 ms. */
  maxDelayMs?: number;
}

export const DEFAULT_CANCEL_RETRY: Required<CancelRetryPolicy> = Object.freeze({
  initialDelayMs: 250,
  maxDelayMs: 4000,
});

/** Delay before the retry after `attempts` throttled attempts (1, 2, …): exponential, capped, deterministic. */
export function cancelRetryDelayMs(attempts: number, policy: Required<CancelRetryPolicy>): number {
  const exponent = Math.max(0, Math.min(attempts - 1, 30));
  return Math.min(policy.maxDelayMs, policy.initialDelayMs * 2 ** exponent);
}

// TrueX's throttle wording is not documented (README §11 Q6): match the usual phrasings.
const THROTTLE_TEXT = /throttl|rate.?limit|too many (requests|messages|orders)|message rate|exceeds? .*rate/i;

/** A reject text (58) that says the venue throttled us rather than refused the request itself. */
export function isThrottleText(text: string | undefined): boolean {
  return text !== undefined && THROTTLE_TEXT.test(text);
}
