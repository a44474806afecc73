export { runLadderTest, defaultLadderTestOptions } from './ladder-test';
export type { LadderTestOptions, LadderTestResult, OrderReport, LadderTestProgress } from './ladder-test';
export { formatReport, summaryJson } from './report';
