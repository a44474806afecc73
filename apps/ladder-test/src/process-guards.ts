import { ExitCode } from './exit-codes';
import { abortExitCode, toAbortReason, type AbortReason } from './run-guard';

/** The parts of `process` the guards use (a fake in tests). */
export interface GuardedProcess {
  on(event: 'SIGINT' | 'SIGTERM' | 'beforeExit', listener: () => void): unknown;
  on(event: 'uncaughtException', listener: (error: Error) => void): unknown;
  on(event: 'unhandledRejection', listener: (reason: unknown) => void): unknown;
  exit(code: number): never;
}

export interface ProcessGuards {
  /** Aborted by the first SIGINT/SIGTERM, uncaught exception or unhandled rejection; pass it to runCli. */
  readonly signal: AbortSignal;
  /** Exits with the run's code (or the abort's, if something aborted the run). */
  finish(code: number): never;
}

/**
 * Process-level safety for the command line:
 * - SIGINT / SIGTERM: the run cancels what is open, logs out and ends with 130 / 143; a second one exits at once.
 * - uncaught exception / unhandled rejection: printed, then the same cleanup, then exit 5.
 * - the event loop running dry before the run ended (something the run waited on was unref'd): exit 5, never 0.
 * - cleanup that takes longer than `graceMs` after an abort: exit with the abort's code anyway.
 */
export function installProcessGuards(
  proc: GuardedProcess,
  stderr: NodeJS.WritableStream,
  options: { graceMs?: number } = {},
): ProcessGuards {
  const graceMs = options.graceMs ?? 60_000;
  const controller = new AbortController();
  let finished = false;
  let graceTimer: NodeJS.Timeout | undefined;
  const say = (text: string): void => void stderr.write(`ladder-test: ${text}\n`);
  const exit = (code: number): never => {
    finished = true;
    if (graceTimer) clearTimeout(graceTimer);
    return proc.exit(code);
  };
  const abort = (reason: AbortReason): boolean => {
    if (controller.signal.aborted) return false;
    controller.abort(reason);
    // Ref'd on purpose: it is the last thing standing between a stuck cleanup and the exit code.
    graceTimer = setTimeout(() => {
      say(`cleanup did not finish within ${graceMs / 1000} s; exiting (orders may remain at the venue)`);
      exit(abortExitCode(reason));
    }, graceMs);
    return true;
  };

  for (const [name, kind] of [
    ['SIGINT', 'sigint'],
    ['SIGTERM', 'sigterm'],
  ] as const) {
    proc.on(name, () => {
      if (abort({ kind, message: `interrupted by ${name}` })) {
        say(`${name}: cancelling open orders and logging out (${name} again exits at once, without cleanup)`);
      } else {
        say(`second ${name}: exiting without cleanup; orders may remain at the venue`);
        exit(kind === 'sigint' ? ExitCode.sigint : ExitCode.sigterm);
      }
    });
  }
  const fatal = (what: string, error: unknown): void => {
    const text = error instanceof Error ? (error.stack ?? error.message) : String(error);
    say(`internal error (${what}): ${text}`);
    const message = error instanceof Error ? error.message : String(error);
    if (abort({ kind: 'internal', message: `internal error (${what}): ${message}` })) {
      say('cancelling open orders and logging out');
    }
  };
  proc.on('uncaughtException', (error) => fatal('uncaught exception', error));
  proc.on('unhandledRejection', (reason) => fatal('unhandled rejection', reason));
  proc.on('beforeExit', () => {
    if (finished) return;
    say('internal error: nothing left to wait on before the run finished (an unref’d timer or socket?)');
    exit(ExitCode.internal);
  });

  return {
    signal: controller.signal,
    finish(code) {
      const reason = controller.signal.aborted ? toAbortReason(controller.signal.reason) : undefined;
      return exit(reason ? abortExitCode(reason) : code);
    },
  };
}
