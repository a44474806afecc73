export {
  runReplay,
  type ReplayOptions,
  type ReplayReport,
  type ReplayMarket,
  type ReplayHandles,
  REPLAY_START_MS,
} from './replay';
export { formatReplayTable } from './format-report';
