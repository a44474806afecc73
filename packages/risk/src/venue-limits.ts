/** A limit of the venue learned from its answers; it lowers our own limit and is reported, never a halt. */
export interface LearnedLimit {
  /** The limit we now apply (open orders, or messages per second). */
  value: number;
  learnedAtMs: number;
  /** What taught it: the venue's reject text, or the rate that drew a throttle reject. */
  evidence: string;
}

/** What risk has learned about the venue's own limits (see RiskGate.learnedLimits). */
export interface LearnedLimits {
  /** From "Open order limit exceeded": the open orders we had when the venue refused one more. */
  maxOpenOrders?: LearnedLimit;
  /** From throttle rejects: the ceiling the message rate recovers to. */
  messagesPerSecond?: LearnedLimit & { throttledAtRatePerSec: number };
}

// TrueX's wording (README §4.6 lifecycle 4); other phrasings of the same limit are accepted too.
const OPEN_ORDER_LIMIT =
  /open.?orders?.{0,20}(limit|exceed|too many|maximum)|(limit|maximum|too many).{0,20}open.?orders?/i;

/** A reject text that reports the venue's open-order limit (a limit to learn, not an order error to count). */
export function isOpenOrderLimitText(text: string | undefined): boolean {
  return text !== undefined && OPEN_ORDER_LIMIT.test(text);
}
