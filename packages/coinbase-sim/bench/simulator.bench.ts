/*
 * Coinbase simulator throughput: the synthetic market step, the whole synthetic pipeline to a live WebSocket
 * subscriber, and recording parsing, each next to a baseline measured in the same run (JSON.stringify of an
 * equivalent l2update, JSON.parse of the same recording lines).
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { ManualClock } from '@truex-mm/clock';
// Benchmarks measure the BUILT package (tsconfig.bench.json), so the import goes through the package name.
import { CoinbaseSimulator, parseRecording, SyntheticMarket } from '@truex-mm/coinbase-sim';
import WebSocket from 'ws';

interface Row {
  name: string;
  opsPerSec: number;
  unit: string;
}

function measure(name: string, unit: string, run: () => number, minMs = 1000): Row {
  for (let i = 0; i < 200; i++) run(); // warm-up
  let ops = 0;
  const start = process.hrtime.bigint();
  let elapsedNs = 0n;
  while (elapsedNs < BigInt(minMs) * 1_000_000n) {
    ops += run();
    elapsedNs = process.hrtime.bigint() - start;
  }
  return { name, unit, opsPerSec: (ops * 1e9) / Number(elapsedNs) };
}

function findRecording(): string | undefined {
  for (let dir = __dirname; dir !== path.dirname(dir); dir = path.dirname(dir)) {
    const candidate = path.join(dir, 'shared/coinbase/recordings/COINBASE.ws.28.0');
    if (existsSync(candidate)) return candidate;
  }
  return undefined;
}

async function pipelineRow(): Promise<Row> {
  const clock = new ManualClock(0);
  const sim = new CoinbaseSimulator({ clock, seed: 1, maxBufferedBytes: 1 << 30 });
  const { url } = await sim.start();
  const client = new WebSocket(url);
  let frames = 0;
  client.on('message', () => frames++);
  await new Promise((resolve) => client.once('open', resolve));
  client.send(
    JSON.stringify({
      type: 'subscribe',
      product_ids: ['BTC-USD'],
      channels: ['level2_batch', 'ticker', 'matches', 'heartbeat'],
    }),
  );
  while (frames === 0) await new Promise((resolve) => setImmediate(resolve));
  const start = process.hrtime.bigint();
  let steps = 0;
  while (process.hrtime.bigint() - start < 1_500_000_000n) {
    for (let i = 0; i < 50; i++) clock.advance(50); // one market step and one level2_batch flush each
    steps += 50;
    await new Promise((resolve) => setImmediate(resolve)); // let the client read, as a real consumer would
  }
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  client.terminate();
  await sim.stop();
  return { name: 'simulator: step + publish to 1 ws client', unit: 'steps/s', opsPerSec: steps / seconds };
}

async function main(): Promise<void> {
  const rows: Row[] = [];
  const market = new SyntheticMarket({ startPrice: '65000.00', volatilityBps: 0.5, stepMs: 50, seed: 1 });
  const sample = {
    type: 'l2update',
    product_id: 'BTC-USD',
    changes: Array.from({ length: 20 }, (_, i) => ['buy', `65000.${String(i).padStart(2, '0')}`, '0.12345678']),
    time: '2026-04-01T12:00:00.123456Z',
  };
  rows.push(measure('baseline: JSON.stringify 20-change l2update', 'msgs/s', () => (JSON.stringify(sample), 1)));
  rows.push(measure('SyntheticMarket.step (50 levels a side)', 'steps/s', () => (market.step(), 1)));
  rows.push(await pipelineRow());

  const recordingPath = findRecording();
  if (recordingPath) {
    const text = readFileSync(recordingPath, 'utf8');
    const lines = text.split('\n').filter((l) => /^\d/.test(l));
    rows.push(
      measure('baseline: JSON.parse of the recording lines', 'lines/s', () => {
        for (const l of lines) JSON.parse(l.slice(l.indexOf(': ') + 2));
        return lines.length;
      }),
    );
    rows.push(measure('parseRecording (COINBASE.ws.28.0)', 'lines/s', () => parseRecording(text).frames.length));
  }

  console.table(
    rows.map((r) => ({ benchmark: r.name, rate: Math.round(r.opsPerSec).toLocaleString('en-US'), unit: r.unit })),
  );
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
