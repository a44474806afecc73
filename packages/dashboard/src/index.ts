export { createDashboard, type Dashboard, type DashboardOptions } from './dashboard';
export { DashboardHistory, type HistoryOptions, type HistorySample, type HistoryView } from './history';
export type {
  DashboardEvent,
  DashboardSnapshot,
  DashboardSource,
  DashboardStatus,
  InstrumentView,
  LadderOrder,
  LimitUse,
  RunStore,
} from './types';
export {
  presentSnapshot,
  presentEvent,
  type LadderRow,
  type LimitView,
  type PresentedEvent,
  type SnapshotView,
} from './presentation';
