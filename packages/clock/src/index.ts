export type { Clock, TimerHandle } from './clock';
export { systemClock } from './system-clock';
export { ManualClock } from './manual-clock';
