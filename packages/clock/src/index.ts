export type { Clock, TimerHandle, TimerOptions } from './clock';
export { systemClock } from './system-clock';
export { ManualClock } from './manual-clock';
export { SeededRandom, seededRandom } from './seeded-random';
export {
  backoffDelayMs,
  ReconnectBackoff,
  type BackoffJitter,
  type BackoffSchedule,
  type ReconnectBackoffOptions,
} from './reconnect-backoff';
