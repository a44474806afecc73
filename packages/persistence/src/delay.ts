import type { Clock } from '@truex-mm/clock';

/** Resolves after `ms` on the injected clock. */
export function delay(clock: Clock, ms: number): Promise<void> {
  return new Promise((resolve) => {
    clock.setTimeout(resolve, ms);
  });
}

/** Resolves after the event loop has run what was waiting (I/O, due timers): a pause in long background work. */
export function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
