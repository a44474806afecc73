import type { Clock } from '@truex-mm/clock';

/** Resolves after `ms` on the injected clock. */
export function delay(clock: Clock, ms: number): Promise<void> {
  return new Promise((resolve) => {
    clock.setTimeout(resolve, ms);
  });
}
