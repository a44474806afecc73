/**
 * Stages of one reference tick that the engine marks for an opt-in {@link TickTracer} (the tick-to-wire benchmark).
 * Callers may use other numbers for stages of their own (e.g. the feed before the engine, the session, the socket).
 */
export const TickStage = {
  /** onReferenceTop itself: fair value and volatility, the skip test, the quote block (less the stages below). */
  FairValue: 1,
  /** QuotePolicy.plan (ladder-strategy) with the live orders handed to it. */
  Plan: 2,
  /** The risk gate's check of one order, with its context. */
  Risk: 3,
  /** OrderAdapter.placeOrder / replaceOrder / cancelOrder: ClOrdID, order state, the FIX body, the send. */
  Adapter: 4,
  /** After a send: expiries, policy and quote statistics, metric hooks, 'action' listeners, recording and logging. */
  Bookkeeping: 5,
} as const;
export type TickStage = (typeof TickStage)[keyof typeof TickStage];

/**
 * Receives the engine's stage marks: `enter(stage)` … `leave()` pairs, nested (an adapter call contains the session's
 * send when the caller marks it). Time between marks belongs to the innermost open stage. Nothing is marked unless a
 * tracer is set ({@link QuotingEngine.traceTicks}); with none, each mark is one property test.
 */
export interface TickTracer {
  enter(stage: number): void;
  leave(): void;
}
