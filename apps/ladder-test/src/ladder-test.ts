import { startSimulators, type MarketMakerConfig } from '@truex-mm/deployment';
import { ExitCode } from './exit-codes';
import { LadderRun } from './ladder-run';
import { noOrdersResult, type LadderTestDeps, type LadderTestOptions, type LadderTestResult } from './ladder-types';
import { abortExitCode, toAbortReason } from './run-guard';

export type { OrderOutcome } from './order-status';
export {
  defaultLadderTestOptions,
  noOrdersResult,
  type LadderTestDeps,
  type LadderTestOptions,
  type LadderTestProgress,
  type LadderTestResult,
  type OrderReport,
} from './ladder-types';

/**
 * The TrueX UAT smoke test, as a function: reference price → logon → submit the market maker's own ladder at a
 * bounded rate → track each order to New or Rejected → monitor for fills → cancel what is open → log out.
 * Everything it does is done by the packages the market maker uses; it only sequences them and reports.
 * It never resolves with exit code 0 unless every step ran; a stale reference, a lost session, a signal or an
 * internal error stop the run, cancel what is open and end it with its own exit code (see exit-codes.ts).
 */
export async function runLadderTest(
  config: MarketMakerConfig,
  options: LadderTestOptions,
  deps: LadderTestDeps,
): Promise<LadderTestResult> {
  if (deps.signal?.aborted) {
    const reason = toAbortReason(deps.signal.reason);
    return noOrdersResult(abortExitCode(reason), reason.message);
  }
  let simulators;
  try {
    simulators = await startSimulators(config, {
      clock: deps.clock,
      logger: deps.logger,
      openOrderLimit: deps.venueOpenOrderLimit,
    });
  } catch (error) {
    return noOrdersResult(
      ExitCode.internal,
      `internal error: the in-process simulators did not start: ${(error as Error).message}`,
    );
  }
  const run = new LadderRun(config, options, deps, simulators);
  try {
    return await run.execute();
  } finally {
    await run.close();
    await simulators.stop();
  }
}
