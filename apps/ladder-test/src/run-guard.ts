import type { Clock, TimerHandle } from '@truex-mm/clock';
import { ExitCode, type ExitCodeValue } from './exit-codes';

/** Why a run stopped before it was done. */
export interface AbortReason {
  readonly kind: 'sigint' | 'sigterm' | 'feed-stale' | 'venue-lost' | 'internal';
  readonly message: string;
}

/** The exit code a run that was cut short ends with. */
export function abortExitCode(reason: AbortReason): ExitCodeValue {
  switch (reason.kind) {
    case 'sigint':
      return ExitCode.sigint;
    case 'sigterm':
      return ExitCode.sigterm;
    case 'internal':
      return ExitCode.internal;
    default:
      return ExitCode.aborted;
  }
}

/** Reads an `AbortSignal.reason` given by the command line's process guards (or anything else). */
export function toAbortReason(reason: unknown): AbortReason {
  if (typeof reason === 'object' && reason !== null && 'kind' in reason && 'message' in reason) {
    const { kind, message } = reason as { kind: unknown; message: unknown };
    if (
      typeof message === 'string' &&
      (kind === 'sigint' || kind === 'sigterm' || kind === 'feed-stale' || kind === 'venue-lost' || kind === 'internal')
    ) {
      return { kind, message };
    }
  }
  return { kind: 'internal', message: `aborted: ${reason instanceof Error ? reason.message : String(reason)}` };
}

/**
 * The first reason to stop wins. The run's waits ({@link sleep}, {@link waitFor}) end early once it is set, so a
 * signal, a stale reference or a lost session interrupts whatever phase is running and cleanup starts at once.
 * Every wait is a (ref'd) clock timer: the process stays up while it waits.
 */
export class RunGuard {
  private reason: AbortReason | undefined;
  private readonly listeners = new Set<() => void>();

  constructor(private readonly clock: Clock) {}

  get aborted(): AbortReason | undefined {
    return this.reason;
  }

  abort(reason: AbortReason): void {
    if (this.reason) return;
    this.reason = reason;
    const listeners = [...this.listeners];
    this.listeners.clear();
    for (const listener of listeners) listener();
  }

  /** Resolves when aborted (never otherwise). */
  whenAborted(): Promise<AbortReason> {
    return new Promise((resolve) => this.onAbort(() => resolve(this.reason!)));
  }

  /** Waits `ms`, or less if aborted. */
  sleep(ms: number): Promise<void> {
    if (this.reason) return Promise.resolve();
    return new Promise((resolve) => {
      const done = (): void => {
        this.clock.clearTimeout(timer);
        this.listeners.delete(done);
        resolve();
      };
      const timer: TimerHandle = this.clock.setTimeout(done, ms);
      this.listeners.add(done);
    });
  }

  /** Polls `probe` every 20 ms until it returns a value; undefined after `timeoutMs` or once aborted. */
  async waitFor<T>(probe: () => T | undefined, timeoutMs: number): Promise<T | undefined> {
    const deadline = this.clock.now() + timeoutMs;
    for (;;) {
      const value = probe();
      if (value !== undefined) return value;
      if (this.reason || this.clock.now() >= deadline) return undefined;
      await this.sleep(Math.min(20, deadline - this.clock.now()));
    }
  }

  private onAbort(listener: () => void): void {
    if (this.reason) listener();
    else this.listeners.add(listener);
  }
}

/** A plain wait on `clock` (cleanup pacing: not abortable). */
export function sleep(clock: Clock, ms: number): Promise<void> {
  return new Promise((resolve) => clock.setTimeout(resolve, ms));
}
