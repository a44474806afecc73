/** Counters the simulator keeps; tests assert on them and the CLI logs them on exit. */
export interface SimulatorMetrics {
  connections: number;
  framesSent: number;
  framesReceived: number;
  rejectedRequests: number;
  authFailures: number;
  subscribeDeadlineCloses: number;
  slowConsumerDisconnects: number;
  rejectedUpgrades: number;
  replayFramesPlayed: number;
  replayLinesSkipped: number;
}

export function emptyMetrics(): SimulatorMetrics {
  return {
    connections: 0,
    framesSent: 0,
    framesReceived: 0,
    rejectedRequests: 0,
    authFailures: 0,
    subscribeDeadlineCloses: 0,
    slowConsumerDisconnects: 0,
    rejectedUpgrades: 0,
    replayFramesPlayed: 0,
    replayLinesSkipped: 0,
  };
}
