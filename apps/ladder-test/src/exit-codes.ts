/**
 * Every way the ladder test ends. A run that could not do its job never ends with 0: each failure has its own code
 * and a message on standard error (and, with --json, an `error` field in the summary line).
 */
export const ExitCode = {
  /** Every order acknowledged, every order still open at the end cancelled, logged out. */
  pass: 0,
  /** The run completed but the venue did not behave: a reject, an acknowledgement or cancel timeout, a short ladder. */
  checkFailed: 1,
  /** Bad flags or environment: every problem is listed at once; nothing was connected. */
  config: 2,
  /**
   * Could not start: no Coinbase reference price, TrueX unreachable (refused, connect timeout), TLS failure
   * (untrusted CA, wrong host name, expired certificate), or logon rejected or timed out. No order was sent.
   */
  connect: 3,
  /**
   * Cut short mid-run: the Coinbase reference went stale or the TrueX session was lost after logon. Open orders were
   * cancelled (after a reconnect when the session was lost); any that could not be are listed.
   */
  aborted: 4,
  /** An uncaught exception or unhandled rejection (or nothing left to wait on): open orders cancelled, logged out. */
  internal: 5,
  /** SIGINT (Ctrl-C): open orders cancelled, logged out. A second SIGINT exits at once, without cleanup. */
  sigint: 130,
  /** SIGTERM: as SIGINT. */
  sigterm: 143,
} as const;

export type ExitCodeValue = (typeof ExitCode)[keyof typeof ExitCode];

/** One line per exit code, for --help. */
export const EXIT_CODE_HELP = `Exit codes:
  0   pass: every order acknowledged, every open order cancelled, logged out
  1   check failed: any reject, acknowledgement or cancel timeout
  2   configuration error (every problem listed)
  3   could not start: no Coinbase reference, TrueX unreachable or connect timeout, TLS failure, logon rejected
  4   aborted mid-run: Coinbase reference stale or TrueX session lost (open orders cancelled where possible)
  5   internal error: uncaught exception or unhandled rejection (open orders cancelled, logged out)
  130 SIGINT, 143 SIGTERM: open orders cancelled, logged out (a second signal exits at once)`;
