// Cost of making outbound MsgSeqNums durable before they reach the wire, per message, next to the in-memory store
// (the baseline), measured in the same run on the same disk.
// Run: cd /work/main && npx tsc -b && npm run bench -- sequence-store
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FileSequenceStore, MemorySequenceStore, type SequenceStore } from '@truex-mm/fix-session';

const MESSAGES = 5_000;
const dir = mkdtempSync(join(process.env.BENCH_DIR ?? tmpdir(), 'seq-bench-'));

function measure(store: SequenceStore): { p50: number; p99: number; max: number; mean: number } {
  const samples: number[] = [];
  for (let i = 0; i < MESSAGES; i++) {
    const start = process.hrtime.bigint();
    void store.save({ nextOutgoing: i + 2, nextIncoming: 1 });
    samples.push(Number(process.hrtime.bigint() - start) / 1000);
  }
  samples.sort((a, b) => a - b);
  const at = (q: number): number => samples[Math.min(samples.length - 1, Math.floor(q * samples.length))] as number;
  return { p50: at(0.5), p99: at(0.99), max: at(1), mean: samples.reduce((a, b) => a + b, 0) / samples.length };
}

async function main(): Promise<void> {
  const cases: Array<[string, () => SequenceStore]> = [
    ['MemorySequenceStore (baseline)', () => new MemorySequenceStore()],
    [
      'File, reservation 1 (fdatasync/msg)',
      () => new FileSequenceStore(join(dir, 'r1.seq'), { outgoingReservation: 1 }),
    ],
    ['File, reservation 10', () => new FileSequenceStore(join(dir, 'r10.seq'), { outgoingReservation: 10 })],
    ['File, reservation 100 (default)', () => new FileSequenceStore(join(dir, 'r100.seq'))],
  ];
  const rows = [];
  for (const [name, make] of cases) {
    const store = make();
    await store.load();
    const r = measure(store);
    await store.close?.();
    rows.push({
      case: name,
      'mean µs/msg': r.mean.toFixed(2),
      'p50 µs': r.p50.toFixed(2),
      'p99 µs': r.p99.toFixed(1),
      'max µs': r.max.toFixed(0),
    });
  }
  console.table(rows);
  rmSync(dir, { recursive: true, force: true });
}

void main();
