export type { Clock, TimerHandle, TimerOptions } from './clock';
export { systemClock } from './system-clock';
export { ManualClock } from './manual-clock';
