// What happened to the trading process's event loop during one measurement window, and why.
import { readFileSync } from 'node:fs';
import { monitorEventLoopDelay, performance, type EventLoopUtilization } from 'node:perf_hooks';

/** `monitorEventLoopDelay` samples the interval between ticks of a timer of this period. */
export const RESOLUTION_MS = 1;

export interface LoopWindow {
  /** Percentiles of the histogram itself (nominally RESOLUTION_MS plus the delay). */
  rawP50Ms: number;
  rawP99Ms: number;
  rawMaxMs: number;
  /** Event-loop delay: the histogram minus the timer period, as @fastify/under-pressure computes it. */
  delayP50Ms: number;
  delayP99Ms: number;
  /** Share of the window the loop was running JavaScript or native callbacks (event-loop utilisation). */
  busy: number;
  /** Time the trading thread was runnable but waiting for a CPU, per second of window (Linux; else NaN). */
  cpuWaitMsPerS: number;
  /** Share of the machine's CPU time taken by the hypervisor (Linux `steal`; else NaN). */
  stealShare: number;
}

/** Starts a window; call the returned function to end it and read the result. */
export function startLoopWindow(): () => LoopWindow {
  const histogram = monitorEventLoopDelay({ resolution: RESOLUTION_MS });
  histogram.enable();
  const elu: EventLoopUtilization = performance.eventLoopUtilization();
  const wait0 = runQueueWaitNs();
  const cpu0 = cpuTimes();
  const t0 = performance.now();
  return () => {
    histogram.disable();
    const seconds = (performance.now() - t0) / 1000;
    const cpu1 = cpuTimes();
    const ms = (ns: number): number => ns / 1e6;
    return {
      rawP50Ms: ms(histogram.percentile(50)),
      rawP99Ms: ms(histogram.percentile(99)),
      rawMaxMs: ms(histogram.max),
      delayP50Ms: Math.max(0, ms(histogram.percentile(50)) - RESOLUTION_MS),
      delayP99Ms: Math.max(0, ms(histogram.percentile(99)) - RESOLUTION_MS),
      busy: performance.eventLoopUtilization(elu).utilization,
      cpuWaitMsPerS: ms(runQueueWaitNs() - wait0) / seconds,
      stealShare: cpu0 && cpu1 ? (cpu1.steal - cpu0.steal) / Math.max(1, cpu1.total - cpu0.total) : NaN,
    };
  };
}

/** Nanoseconds this thread has spent runnable but not running (`/proc/thread-self/schedstat`, field 2). */
function runQueueWaitNs(): number {
  try {
    return Number(readFileSync('/proc/thread-self/schedstat', 'utf8').split(' ')[1]);
  } catch {
    return NaN;
  }
}

function cpuTimes(): { steal: number; total: number } | undefined {
  try {
    const fields = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
    return { steal: fields[7] ?? 0, total: fields.reduce((a, b) => a + b, 0) };
  } catch {
    return undefined;
  }
}
