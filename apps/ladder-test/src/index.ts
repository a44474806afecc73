export { runLadderTest, defaultLadderTestOptions } from './ladder-test';
export type {
  LadderTestOptions,
  LadderTestResult,
  OrderReport,
  OrderOutcome,
  LadderTestProgress,
  LadderTestDeps,
} from './ladder-test';
export { ExitCode, type ExitCodeValue } from './exit-codes';
export type { AbortReason } from './run-guard';
export { formatReport, summaryJson } from './report';
