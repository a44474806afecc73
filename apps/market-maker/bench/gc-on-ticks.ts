// GC pauses of the benchmark process (PerformanceObserver 'gc' entries) and which of them overlap a recorded tick.
import { PerformanceObserver, constants, type PerformanceEntry } from 'node:perf_hooks';
import type { TickTrace } from './tick-trace';

interface GcPause {
  readonly start: number;
  readonly duration: number;
  readonly kind: number;
}

export interface GcOnTicks {
  /** GC pauses during the measured window. */
  readonly pauses: number;
  readonly pauseMs: number;
  /** Pauses overlapping a tick span, and how many ticks (with FIX writes) they touched. */
  readonly onTicks: number;
  readonly onTicksMs: number;
  readonly maxOnTickMs: number;
  readonly ticksTouched: number;
  readonly ticksWithWritesTouched: number;
  readonly scavengesOnTicks: number;
}

export class GcWatch {
  private readonly entries: GcPause[] = [];
  private readonly observer = new PerformanceObserver((list) => {
    for (const e of list.getEntries() as PerformanceEntry[]) {
      const detail = (e as PerformanceEntry & { detail?: { kind?: number } }).detail;
      this.entries.push({ start: e.startTime, duration: e.duration, kind: detail?.kind ?? 0 });
    }
  });

  start(): void {
    this.observer.observe({ entryTypes: ['gc'] });
  }

  stop(): void {
    this.observer.disconnect();
  }

  reset(): void {
    this.entries.length = 0;
  }

  /** Matches the pauses seen so far against the trace's tick spans (both sorted by start time). */
  onTicks(trace: TickTrace, from: number): GcOnTicks {
    const pauses = this.entries.filter((p) => p.start >= from).sort((a, b) => a.start - b.start);
    let onTicks = 0;
    let onTicksMs = 0;
    let maxOnTickMs = 0;
    let ticksTouched = 0;
    let ticksWithWritesTouched = 0;
    let scavengesOnTicks = 0;
    let t = 0;
    for (const p of pauses) {
      const pEnd = p.start + p.duration;
      while (t < trace.spans && trace.spanEnd[t]! < p.start) t++;
      let touched = false;
      for (let k = t; k < trace.spans && trace.spanStart[k]! <= pEnd; k++) {
        touched = true;
        ticksTouched++;
        if (trace.spanWrote[k]) ticksWithWritesTouched++;
      }
      if (touched) {
        onTicks++;
        onTicksMs += p.duration;
        maxOnTickMs = Math.max(maxOnTickMs, p.duration);
        if (p.kind === constants.NODE_PERFORMANCE_GC_MINOR) scavengesOnTicks++;
      }
    }
    return {
      pauses: pauses.length,
      pauseMs: pauses.reduce((s, p) => s + p.duration, 0),
      onTicks,
      onTicksMs,
      maxOnTickMs,
      ticksTouched,
      ticksWithWritesTouched,
      scavengesOnTicks,
    };
  }
}
