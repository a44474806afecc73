/** REST faults a test can inject; part of TrueXSimulator.faults. */
export interface TrueXRestFaults {
  /**
   * Answers the next `n` REST requests with `status` (default 503) and a problem body. By default the request is
   * refused before it is processed; with `afterAction` it is carried out (a cancel cancels) and the answer is still
   * the error, the case a client cannot tell from a refusal. A 429 carries `Retry-After: retryAfterSec` (default 1).
   */
  restErrors(n: number, status?: number, options?: { afterAction?: boolean; retryAfterSec?: number }): void;
  /** Holds every REST answer back by `ms` on the simulator's clock (0 restores). The action itself is immediate. */
  restDelay(ms: number): void;
  /**
   * Order queries (active orders, status) answer from the state as it was `ms` ago (0 restores live answers).
   * Writes (cancel) always act on the live state. For the first `ms` after enabling, the answer is the state at
   * the moment the fault was set.
   */
  restStaleView(ms: number): void;
}

export interface PendingRestError {
  status: number;
  afterAction: boolean;
  retryAfterSec: number;
}

/** The REST fault state; I/O-free, consumed by the REST server. */
export class RestFaultPlan {
  private errorsLeft = 0;
  private error: PendingRestError = { status: 503, afterAction: false, retryAfterSec: 1 };
  delayMs = 0;
  staleViewMs = 0;
  /** Told when the stale-view lag changes (the server starts or stops recording history). */
  onStaleViewChange: ((ms: number) => void) | undefined;

  restErrors(n: number, status = 503, options: { afterAction?: boolean; retryAfterSec?: number } = {}): void {
    if (!Number.isInteger(status) || status < 400 || status > 599) {
      throw new RangeError(`restErrors status must be 400..599, got ${status}`);
    }
    this.errorsLeft = Math.max(0, Math.floor(n));
    this.error = {
      status,
      afterAction: options.afterAction ?? false,
      retryAfterSec: Math.max(0, Math.floor(options.retryAfterSec ?? 1)),
    };
  }

  restDelay(ms: number): void {
    this.delayMs = Math.max(0, ms);
  }

  restStaleView(ms: number): void {
    this.staleViewMs = Math.max(0, ms);
    this.onStaleViewChange?.(this.staleViewMs);
  }

  /** The error this request must get, if any (consumes one). */
  takeError(): PendingRestError | undefined {
    if (this.errorsLeft === 0) return undefined;
    this.errorsLeft--;
    return this.error;
  }
}
