import type { Clock } from '@truex-mm/clock';
import type { Logger } from 'pino';
import type { ExitCodeValue } from './exit-codes';
import type { OrderOutcome } from './order-status';

export interface LadderTestOptions {
  /** Total orders, split evenly between bids and asks (default 50). */
  readonly orders: number;
  readonly levels: number;
  /** Seconds to watch the resting ladder for fills (default 30). */
  readonly monitorSeconds: number;
  /** Order messages per second while submitting and cancelling (default 8; TrueX allows about 10). */
  readonly ratePerSecond: number;
  /** How long to wait for each acknowledgement or cancel (ms). */
  readonly ackTimeoutMs: number;
  /** How long to wait for the first Coinbase reference price (ms, default 15 000). */
  readonly referenceTimeoutMs: number;
  /** TCP connect + TLS handshake deadline towards TrueX (ms, default 5000). */
  readonly connectTimeoutMs: number;
}

export const defaultLadderTestOptions: LadderTestOptions = {
  orders: 50,
  levels: 8,
  monitorSeconds: 30,
  ratePerSecond: 8,
  ackTimeoutMs: 10_000,
  referenceTimeoutMs: 15_000,
  connectTimeoutMs: 5000,
};

export interface OrderReport {
  readonly clOrdId: string;
  readonly side: 'buy' | 'sell';
  readonly level: number;
  readonly price: string;
  readonly quantity: string;
  status: OrderOutcome;
  ackLatencyMs?: number;
  rejectText?: string;
  filledQty: string;
}

export interface LadderTestResult {
  readonly exitCode: ExitCodeValue;
  readonly submitted: number;
  readonly acked: number;
  readonly rejected: number;
  readonly canceled: number;
  /** Orders that filled completely / in part (the rest cancelled). */
  readonly filled: number;
  readonly partiallyFilled: number;
  /** Fill reports received. */
  readonly fills: number;
  readonly referencePrice: string | null;
  readonly ackLatencyMs: { p50: number; p99: number; max: number } | null;
  readonly rejects: Array<{ clOrdId: string; text: string }>;
  /** ClOrdIDs that may still rest at the venue (a cancel unconfirmed or impossible). */
  readonly leftOpen: string[];
  readonly orders: readonly OrderReport[];
  /** Why the run could not start (exit 3) or was cut short (exit 4, 5, 130, 143). */
  readonly failure?: string;
}

export interface LadderTestProgress {
  phase(name: 'reference' | 'logon' | 'submit' | 'monitor' | 'reconnect' | 'cancel' | 'logout', total?: number): void;
  tick(done: number, detail?: string): void;
}

export interface LadderTestDeps {
  readonly clock: Clock;
  readonly logger: Logger;
  readonly progress?: LadderTestProgress;
  /** Overrides the in-process venue's open-order limit (tests). */
  readonly venueOpenOrderLimit?: number;
  /**
   * Stops the run: whatever phase is running ends, open orders are cancelled, the session logs out, and the result
   * carries the exit code of `signal.reason` (an {@link AbortReason}: 130 for SIGINT, 5 for an internal error, …).
   */
  readonly signal?: AbortSignal;
  /** PEM CA(s) trusted for the venue's TLS certificate (TRUEX_FIX_CA_FILE); Node's store when unset. */
  readonly truexCa?: string | Buffer;
}

/** A result for a run that sent no order. */
export function noOrdersResult(exitCode: ExitCodeValue, failure: string): LadderTestResult {
  return {
    exitCode,
    submitted: 0,
    acked: 0,
    rejected: 0,
    canceled: 0,
    filled: 0,
    partiallyFilled: 0,
    fills: 0,
    referencePrice: null,
    ackLatencyMs: null,
    rejects: [],
    leftOpen: [],
    orders: [],
    failure,
  };
}
