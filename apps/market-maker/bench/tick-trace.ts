// Per-tick accounting for the tick-to-wire benchmark: where the time of each tick goes (stages marked by the quoting
// engine's TickTracer plus the bench's own marks around the feed, the session and the socket write), how many heap
// bytes it allocates, and its span (to match GC pauses against it afterwards).
import { getHeapStatistics } from 'node:v8';
import { performance } from 'node:perf_hooks';
import type { TickTracer } from '@truex-mm/quoting-engine';
import { build, type Histogram } from 'hdr-histogram-js';

/** The bench's own stages around the engine's (TickStage 1–5 of @truex-mm/quoting-engine). */
export const BenchStage = { WebSocket: 0, Frame: 6, Session: 7, Write: 8 } as const;
export const STAGE_COUNT = 9;
export const STAGE_NAMES: readonly string[] = [
  'ws frame + feed connection (ws, FeedConnection)',
  'fair value, volatility, pass control (engine)',
  'policy plan (QuotePolicy.plan)',
  'risk gate (RiskGate.check + context)',
  'order adapter (ClOrdID, state, FIX body)',
  'engine bookkeeping (stats, records, metrics)',
  'feed: l2update scan + book apply + top',
  'session send: encode + seq store (FixClient)',
  'socket write (connector write)',
];

export function histogram(): Histogram {
  return build({ lowestDiscernibleValue: 1, highestTrackableValue: 60_000_000, numberOfSignificantValueDigits: 3 });
}

/** One heap-statistics read allocates its own result object: measured here and subtracted from each tick. */
function heapUsed(): number {
  return getHeapStatistics().used_heap_size;
}

function calibrateHeapRead(): number {
  const deltas: number[] = [];
  for (let i = 0; i < 200; i++) {
    const a = heapUsed();
    const b = heapUsed();
    if (b >= a) deltas.push(b - a);
  }
  deltas.sort((x, y) => x - y);
  return deltas[deltas.length >> 1] ?? 0;
}

const MAX_TICKS = 400_000;

/**
 * Stage times are exclusive: time between two marks belongs to the innermost open stage (the feed's is what is left
 * of the WebSocket 'message' listener once the engine returns). Ticks are recorded only while `recording`.
 */
export class TickTrace implements TickTracer {
  recording = false;
  private inTick = false;
  private readonly stack = new Int32Array(32);
  private depth = 0;
  private last = 0;
  private readonly acc = new Float64Array(STAGE_COUNT);
  /** With heapByStage, heap bytes per stage are read at every mark too (slower: for attribution, not timing). */
  private readonly heapByStage: boolean;
  private readonly heapAcc = new Float64Array(STAGE_COUNT);
  private lastHeap = 0;
  private marks = 0;
  /** Heap bytes per stage summed over recorded ticks with writes / without. */
  readonly stageBytesWithWrites = new Float64Array(STAGE_COUNT);
  readonly stageBytesWithout = new Float64Array(STAGE_COUNT);
  private tickStart = 0;
  private heapStart = 0;
  private heapReadCost = 0;
  writes = 0;
  private firstWrite = 0;
  private lastWrite = 0;

  /** Per stage (ns) over ticks that wrote FIX messages, by scenario. */
  readonly stages: Histogram[] = Array.from({ length: STAGE_COUNT }, () => histogram());
  readonly first = histogram();
  readonly lastWritten = histogram();
  readonly fullLadder = histogram();
  /** Heap bytes allocated per tick, ticks with FIX writes / without (ticks with a GC inside are left out). */
  readonly allocWithWrites = histogram();
  readonly allocWithout = histogram();
  allocBytesWithWrites = 0;
  allocBytesWithout = 0;
  ticksWithGcInside = 0;
  ticksWithWrites = 0;
  ticksWithoutWrites = 0;
  messagesInTicks = 0;
  /** Spans of recorded ticks (performance.now() ms), for matching GC entries. */
  readonly spanStart = new Float64Array(MAX_TICKS);
  readonly spanEnd = new Float64Array(MAX_TICKS);
  readonly spanWrote = new Uint8Array(MAX_TICKS);
  spans = 0;

  constructor(options: { heapByStage?: boolean } = {}) {
    this.heapByStage = options.heapByStage ?? false;
    this.heapReadCost = calibrateHeapRead();
  }

  reset(): void {
    for (const h of [...this.stages, this.first, this.lastWritten, this.fullLadder]) h.reset();
    this.allocWithWrites.reset();
    this.allocWithout.reset();
    this.allocBytesWithWrites = 0;
    this.allocBytesWithout = 0;
    this.ticksWithGcInside = 0;
    this.ticksWithWrites = 0;
    this.ticksWithoutWrites = 0;
    this.messagesInTicks = 0;
    this.spans = 0;
    this.stageBytesWithWrites.fill(0);
    this.stageBytesWithout.fill(0);
    this.heapReadCost = calibrateHeapRead();
  }

  beginTick(): void {
    this.inTick = true;
    this.writes = 0;
    this.acc.fill(0);
    this.heapAcc.fill(0);
    this.depth = 0;
    this.stack[0] = BenchStage.WebSocket;
    this.heapStart = heapUsed();
    this.lastHeap = this.heapStart;
    this.marks = 0;
    const now = performance.now();
    this.tickStart = now;
    this.last = now;
  }

  endTick(): void {
    const end = performance.now();
    const heapEnd = heapUsed();
    this.acc[this.stack[this.depth]!]! += end - this.last;
    if (this.heapByStage) this.heapAcc[this.stack[this.depth]!]! += heapEnd - this.lastHeap - this.heapReadCost;
    this.inTick = false;
    if (!this.recording) return;
    const wrote = this.writes > 0;
    if (this.spans < MAX_TICKS) {
      this.spanStart[this.spans] = this.tickStart;
      this.spanEnd[this.spans] = end;
      this.spanWrote[this.spans] = wrote ? 1 : 0;
      this.spans++;
    }
    const allocated = heapEnd - this.heapStart - this.heapReadCost * (1 + this.marks);
    let scavenged = heapEnd < this.heapStart;
    // With heap reads per stage, a scavenge shows as a stage that freed more than a read's worth: left out too.
    if (this.heapByStage) for (let s = 0; s < STAGE_COUNT; s++) if (this.heapAcc[s]! < -256) scavenged = true;
    if (scavenged) {
      this.ticksWithGcInside++; // a scavenge inside the tick: its allocation cannot be read off the heap
    } else if (wrote) {
      this.allocWithWrites.recordValue(Math.max(1, allocated));
      this.allocBytesWithWrites += Math.max(0, allocated);
      for (let s = 0; s < STAGE_COUNT; s++) this.stageBytesWithWrites[s]! += this.heapAcc[s]!;
    } else {
      this.allocWithout.recordValue(Math.max(1, allocated));
      this.allocBytesWithout += Math.max(0, allocated);
      for (let s = 0; s < STAGE_COUNT; s++) this.stageBytesWithout[s]! += this.heapAcc[s]!;
    }
    if (!wrote) {
      this.ticksWithoutWrites++;
      return;
    }
    this.ticksWithWrites++;
    this.messagesInTicks += this.writes;
    for (let s = 0; s < STAGE_COUNT; s++) this.stages[s]!.recordValue(Math.max(1, Math.round(this.acc[s]! * 1e6)));
    this.first.recordValue(Math.max(1, Math.round((this.firstWrite - this.tickStart) * 1e6)));
    this.lastWritten.recordValue(Math.max(1, Math.round((this.lastWrite - this.tickStart) * 1e6)));
    if (this.writes >= 50)
      this.fullLadder.recordValue(Math.max(1, Math.round((this.lastWrite - this.tickStart) * 1e6)));
  }

  get tickOpen(): boolean {
    return this.inTick;
  }

  enter(stage: number): void {
    if (!this.inTick) return;
    this.mark();
    this.stack[++this.depth] = stage;
  }

  leave(): void {
    if (!this.inTick || this.depth === 0) return;
    this.mark();
    this.depth--;
  }

  /** Charges the time (and heap) since the last mark to the innermost open stage. */
  private mark(): void {
    const top = this.stack[this.depth]!;
    if (this.heapByStage) {
      this.marks++;
      const heap = heapUsed();
      this.heapAcc[top]! += heap - this.lastHeap - this.heapReadCost;
      this.lastHeap = heap;
    }
    const now = performance.now();
    this.acc[top]! += now - this.last;
    this.last = now;
  }

  /** A FIX frame handed to the socket during the tick. */
  wrote(): void {
    if (!this.inTick) return;
    const now = performance.now();
    if (this.writes === 0) this.firstWrite = now;
    this.lastWrite = now;
    this.writes++;
  }
}
