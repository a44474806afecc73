// Tick-to-wire latency of the whole market maker: from a Coinbase message arriving on the WebSocket to the
// resulting FIX bytes handed to the TrueX socket, over at least 10,000 ticks that caused FIX traffic, against both
// simulators (in a child process, so they do not share our event loop). The message budget is lifted so that every
// tick that moves the ladder sends at once. Logging is as in production: pino at 'info' into an asynchronous
// buffered destination (/dev/null here); events go to an in-memory sink.
//
// Per tick it also reports where the time goes (stages marked by the engine's opt-in TickTracer plus the bench's
// marks around the feed, the session's send and the socket write), the heap bytes allocated (v8 used_heap_size
// deltas around the tick, less the cost of reading it; Node 20 has no total_allocated_bytes, and ticks with a
// scavenge inside are counted apart) and the GC pauses (PerformanceObserver 'gc') that overlap a tick.
//
// Baselines in the same run: JSON.parse of a feed message + encoding one NewOrderSingle + one socket write; 50 x
// (build + encode + write) for a whole ladder; JSON.parse of the recorded l2update frames for the feed.
import './source-maps';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createServer, connect, type Socket } from 'node:net';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createInterface } from 'node:readline';
import { systemClock } from '@truex-mm/clock';
import { buildNewOrderSingle, encodeFix, formatUtcTimestamp, type FixBody } from '@truex-mm/fix-codec';
import { netConnector, type FixConnector } from '@truex-mm/fix-session';
import { MarketMaker, MarketMakerMetrics, loadConfig, type MarketMakerConfig } from '@truex-mm/market-maker';
import type { TradingEvent } from '@truex-mm/persistence';
import type { Histogram } from 'hdr-histogram-js';
import pino from 'pino';
import { WebSocket } from 'ws';
import { feedThroughput } from './feed-throughput';
import { GcWatch, type GcOnTicks } from './gc-on-ticks';
import { AllocationProfile } from './allocation-profile';
import { BenchStage, STAGE_COUNT, STAGE_NAMES, TickTrace, histogram } from './tick-trace';

const TICKS = Number(process.env.BENCH_TICKS ?? '10000');
/** BENCH_HEAP_BY_STAGE=1: heap bytes per stage too (reads the heap at every mark: its timings are not the figures). */
const HEAP_BY_STAGE = process.env.BENCH_HEAP_BY_STAGE === '1';
/** BENCH_ALLOC_PROFILE=1: V8's sampling heap profiler over each scenario, top allocation sites by source line. */
const ALLOC_PROFILE = process.env.BENCH_ALLOC_PROFILE === '1';

const trace = new TickTrace({ heapByStage: HEAP_BY_STAGE });
const gc = new GcWatch();

const originalEmit = WebSocket.prototype.emit;
WebSocket.prototype.emit = function (this: WebSocket, event: string | symbol, ...args: unknown[]): boolean {
  if (event !== 'message') return originalEmit.call(this, event, ...args);
  trace.beginTick();
  const result = originalEmit.call(this, event, ...args);
  trace.endTick();
  return result;
};

const instrumentedConnector: FixConnector = (target, events) => {
  const inner = netConnector(target, events);
  return {
    write(data: Buffer) {
      trace.wrote();
      trace.enter(BenchStage.Write);
      inner.write(data);
      trace.leave();
    },
    destroy: () => inner.destroy(),
  };
};

// --- baselines ------------------------------------------------------------------------------------------------
async function withSink<T>(run: (socket: Socket) => Promise<T>): Promise<T> {
  const server = createServer((s) => s.resume());
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const port = (server.address() as { port: number }).port;
  const socket: Socket = connect(port, '127.0.0.1');
  socket.setNoDelay(true);
  await once(socket, 'connect');
  try {
    return await run(socket);
  } finally {
    socket.destroy();
    server.close();
  }
}

function nosBody(i: number, price: string): FixBody {
  return buildNewOrderSingle({
    clOrdId: `B${i}`,
    partyIds: ['1'],
    symbol: 'BTC-PYUSD',
    side: '1',
    orderQty: '0.001',
    ordType: '2',
    price,
    timeInForce: '1',
    execInst: '6',
  });
}

function encoded(i: number, body: FixBody): Buffer {
  return encodeFix(
    'D',
    { senderCompId: 'MM', targetCompId: 'TRUEX_UAT_OE', msgSeqNum: i + 2, sendingTime: formatUtcTimestamp(Date.now()) },
    body,
  );
}

async function baseline(samples: number): Promise<{ one: Histogram; ladder: Histogram }> {
  const message = JSON.stringify({
    type: 'l2update',
    product_id: 'BTC-USD',
    changes: [['buy', '64999.99', '0.12345678']],
    time: '2026-11-24T02:00:00.123456Z',
  });
  return withSink(async (socket) => {
    const one = histogram();
    for (let i = 0; i < samples; i++) {
      const start = performance.now();
      const parsed = JSON.parse(message) as { changes: string[][] };
      socket.write(encoded(i, nosBody(i, parsed.changes[0]![1]!)));
      one.recordValue(Math.max(1, Math.round((performance.now() - start) * 1e6)));
      if (i % 500 === 0) await new Promise((resolve) => setImmediate(resolve));
    }
    const ladder = histogram();
    for (let n = 0; n < Math.max(200, samples / 20); n++) {
      const start = performance.now();
      socket.cork();
      for (let i = 0; i < 50; i++) socket.write(encoded(n * 50 + i, nosBody(i, `6500${i % 10}.5`)));
      socket.uncork();
      ladder.recordValue(Math.max(1, Math.round((performance.now() - start) * 1e6)));
      await new Promise((resolve) => setImmediate(resolve));
    }
    return { one, ladder };
  });
}

interface Scenario {
  readonly name: string;
  readonly ticks: number;
  readonly volatilityBps: string;
  readonly strategy: Partial<MarketMakerConfig['strategy']>;
}

// 1. Reprices: fixed 'ticks' shape one tick apart in a lively market (a step moves fair value by tens of ticks), so
//    ticks that move fair value move whole sides (up to 50 messages), with the message budget lifted.
// 2. Steady quoting: the default (volatility) shape in a calm market with lifetimes shortened to 0.3–0.5 s: the
//    ladder is full and a tick sends only refresh and safety messages (most refreshes go out on the 25 ms loop, not
//    on a tick, and are not counted here).
const SCENARIOS: readonly Scenario[] = [
  {
    name: 'reprices',
    ticks: TICKS,
    volatilityBps: '4',
    strategy: { shape: 'ticks', level1OffsetTicks: 3, levelSpacingTicks: 1, minEdgeTicks: 1, skewMaxTicks: 0 },
  },
  {
    name: 'steady quoting',
    ticks: Math.ceil(TICKS / 5),
    volatilityBps: '0.5',
    strategy: { minLifetimeMs: 300, maxLifetimeMs: 500 },
  },
];

interface ScenarioResult {
  readonly name: string;
  readonly status: Record<string, unknown>;
  readonly seconds: number;
  readonly events: number;
  readonly gc: GcOnTicks;
  readonly stages: Histogram[];
  readonly first: Histogram;
  readonly last: Histogram;
  readonly fullLadder: Histogram;
  readonly allocWithWrites: Histogram;
  readonly allocWithout: Histogram;
  readonly meanAllocWithWrites: number;
  readonly meanAllocWithout: number;
  readonly ticksWithGcInside: number;
  /** Mean heap bytes per tick by stage (BENCH_HEAP_BY_STAGE only). */
  readonly stageBytesWithWrites: number[];
  readonly stageBytesWithout: number[];
  readonly ticksWithWrites: number;
  readonly ticksWithoutWrites: number;
  readonly messages: number;
}

function copy(h: Histogram): Histogram {
  const c = histogram();
  c.add(h);
  return c;
}

async function runScenario(scenario: Scenario): Promise<ScenarioResult> {
  const child = spawn(process.execPath, [join(__dirname, 'simulators-child.js')], {
    stdio: ['ignore', 'pipe', 'inherit'],
    env: { ...process.env, BENCH_VOLATILITY_BPS: scenario.volatilityBps },
  });
  const [line] = (await once(createInterface({ input: child.stdout! }), 'line')) as [string];
  const { coinbaseUrl, truexPort } = JSON.parse(line) as { coinbaseUrl: string; truexPort: number };

  const defaults = loadConfig({ TRUEX_API_KEY: 'bench-key', TRUEX_SECRET_KEY: 'bench-secret', TRUEX_CLIENT_ID: '1' });
  const config: MarketMakerConfig = {
    ...defaults,
    strategy: { ...defaults.strategy, ...scenario.strategy },
    risk: {
      ...defaults.risk,
      messagesPerSecond: 1_000_000,
      messageBurst: 1_000,
      venueMessageLimitPerSec: 2_000_000,
      rejectStormCount: 1_000_000,
      maxLoss: '1000000000',
    },
  };
  // As in production (apps/market-maker/src/main.ts): info level, buffered asynchronous writes.
  const destination = pino.destination({ dest: '/dev/null', sync: false, minLength: 4096 });
  await once(destination, 'ready');
  const logger = pino({ level: 'info', base: { app: 'market-maker' } }, destination);
  let events = 0;
  const held: TradingEvent[] = [];
  const engine = new MarketMaker({
    config,
    clock: systemClock,
    logger,
    // An in-memory tier like persistence's: events are kept until the next drain.
    sink: {
      record: (event: TradingEvent) => {
        events++;
        held.push(event);
      },
    },
    metrics: new MarketMakerMetrics({ defaultMetrics: false }),
    runId: 'bench',
    truex: { host: '127.0.0.1', port: truexPort },
    coinbaseUrl,
    fixConnector: instrumentedConnector,
  });
  engine.quoting.traceTicks(trace);
  // The feed's frame handler (private: reached through the instance, as its own bench does).
  const feed = engine.feed as unknown as { onFrame(text: string, receivedAtMs: number): void };
  const onFrame = feed.onFrame.bind(engine.feed);
  feed.onFrame = (text, receivedAtMs) => {
    trace.enter(BenchStage.Frame);
    onFrame(text, receivedAtMs);
    trace.leave();
  };
  // The session stage: every way the order adapter hands a message to the session (typed sends for D/F/G).
  const fix = engine.fix;
  const send = fix.send.bind(fix);
  fix.send = (msgType, body) => {
    trace.enter(BenchStage.Session);
    const seq = send(msgType, body);
    trace.leave();
    return seq;
  };
  const inSession =
    <T, R>(call: (message: T) => R) =>
    (message: T): R => {
      trace.enter(BenchStage.Session);
      const seq = call(message);
      trace.leave();
      return seq;
    };
  fix.sendNewOrderSingle = inSession(fix.sendNewOrderSingle.bind(fix));
  fix.sendOrderCancelRequest = inSession(fix.sendOrderCancelRequest.bind(fix));
  fix.sendOrderCancelReplaceRequest = inSession(fix.sendOrderCancelReplaceRequest.bind(fix));
  const drain = setInterval(() => (held.length = 0), 1000);
  engine.start();
  // Warm up (first ladder, JIT) before measuring.
  while (engine.adapter.liveOrderCount() < 50) await new Promise((resolve) => setTimeout(resolve, 50));
  await new Promise((resolve) => setTimeout(resolve, 2000));
  trace.reset();
  gc.reset();
  const profile = ALLOC_PROFILE ? await AllocationProfile.start() : undefined;
  const from = performance.now();
  trace.recording = true;
  const started = Date.now();
  while (trace.ticksWithWrites < scenario.ticks && Date.now() - started < 600_000) {
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  trace.recording = false;
  const seconds = (Date.now() - started) / 1000;
  if (profile)
    console.log(
      `\nallocation sites, ${scenario.name} (sampling heap profiler, whole process)\n${await profile.stop()}`,
    );
  await new Promise((resolve) => setTimeout(resolve, 200)); // the last GC entries arrive asynchronously
  const gcOnTicks = gc.onTicks(trace, from);
  const result: ScenarioResult = {
    name: scenario.name,
    status: engine.status(),
    seconds,
    events,
    gc: gcOnTicks,
    stages: trace.stages.map(copy),
    first: copy(trace.first),
    last: copy(trace.lastWritten),
    fullLadder: copy(trace.fullLadder),
    allocWithWrites: copy(trace.allocWithWrites),
    allocWithout: copy(trace.allocWithout),
    meanAllocWithWrites: trace.allocBytesWithWrites / Math.max(1, trace.allocWithWrites.totalCount),
    meanAllocWithout: trace.allocBytesWithout / Math.max(1, trace.allocWithout.totalCount),
    ticksWithGcInside: trace.ticksWithGcInside,
    stageBytesWithWrites: Array.from(
      trace.stageBytesWithWrites,
      (b) => b / Math.max(1, trace.allocWithWrites.totalCount),
    ),
    stageBytesWithout: Array.from(trace.stageBytesWithout, (b) => b / Math.max(1, trace.allocWithout.totalCount)),
    ticksWithWrites: trace.ticksWithWrites,
    ticksWithoutWrites: trace.ticksWithoutWrites,
    messages: trace.messagesInTicks,
  };
  engine.quoting.traceTicks(undefined);
  clearInterval(drain);
  await engine.stop(5000);
  destination.flushSync();
  child.kill('SIGTERM');
  await once(child, 'exit');
  return result;
}

// --- report -----------------------------------------------------------------------------------------------------
const us = (ns: number): string => (ns / 1000).toFixed(1);
const pad = (s: string, n: number): string => s.padEnd(n);
const lpad = (s: string, n: number): string => s.padStart(n);

function latencyRow(name: string, h: Histogram): string {
  return `| ${pad(name, 62)} | ${lpad(String(h.totalCount), 7)} | ${lpad(us(h.getValueAtPercentile(50)), 8)} | ${lpad(us(h.getValueAtPercentile(99)), 8)} | ${lpad(us(h.getValueAtPercentile(99.9)), 8)} | ${lpad(us(h.maxValue), 8)} |`;
}

function stageTable(r: ScenarioResult): string[] {
  const bytes = HEAP_BY_STAGE ? ` | ${lpad('B/tick w', 9)} | ${lpad('B/tick -', 9)}` : '';
  const lines = [
    `\nper-stage time in ${r.name} ticks that wrote FIX messages (exclusive; µs)${HEAP_BY_STAGE ? '; heap bytes per tick with / without writes (timings inflated by the heap reads)' : ''}`,
    `| ${pad('stage', 52)} | ${lpad('p50', 8)} | ${lpad('p99', 8)} | ${lpad('mean', 8)} | ${lpad('share', 6)}${bytes} |`,
    `|${'-'.repeat(54)}|${'-'.repeat(10)}|${'-'.repeat(10)}|${'-'.repeat(10)}|${'-'.repeat(8)}|${HEAP_BY_STAGE ? `${'-'.repeat(11)}|${'-'.repeat(11)}|` : ''}`,
  ];
  const total = r.stages.reduce((s, h) => s + h.mean, 0);
  for (let s = 0; s < STAGE_COUNT; s++) {
    const h = r.stages[s]!;
    const b = HEAP_BY_STAGE
      ? ` | ${lpad(r.stageBytesWithWrites[s]!.toFixed(0), 9)} | ${lpad(r.stageBytesWithout[s]!.toFixed(0), 9)}`
      : '';
    lines.push(
      `| ${pad(STAGE_NAMES[s]!, 52)} | ${lpad(us(h.getValueAtPercentile(50)), 8)} | ${lpad(us(h.getValueAtPercentile(99)), 8)} | ${lpad(us(h.mean), 8)} | ${lpad(`${((h.mean / total) * 100).toFixed(0)}%`, 6)}${b} |`,
    );
  }
  return lines;
}

function targetRow(measure: string, value: string, baseline: string, target: string, met: boolean): string {
  return `| ${pad(measure, 52)} | ${lpad(value, 22)} | ${lpad(baseline, 24)} | ${pad(target, 22)} | ${met ? 'met    ' : 'NOT met'} |`;
}

async function main(): Promise<void> {
  let feed: ReturnType<typeof feedThroughput>;
  let feedProblem: string | undefined;
  try {
    feed = feedThroughput();
  } catch (error) {
    feedProblem = (error as Error).message;
  }
  gc.start();
  const base = await baseline(TICKS);
  const results: ScenarioResult[] = [];
  for (const scenario of SCENARIOS) results.push(await runScenario(scenario));
  gc.stop();

  const lines: string[] = [
    `\ntick-to-wire: Coinbase message on the WebSocket → FIX bytes handed to the TrueX socket (simulators in a child process)`,
    `| ${pad('case (µs)', 62)} | ${lpad('n', 7)} | ${lpad('p50', 8)} | ${lpad('p99', 8)} | ${lpad('p99.9', 8)} | ${lpad('max', 8)} |`,
    `|${'-'.repeat(64)}|${'-'.repeat(9)}|${'-'.repeat(10)}|${'-'.repeat(10)}|${'-'.repeat(10)}|${'-'.repeat(10)}|`,
    latencyRow('baseline: JSON.parse + encode 1 NOS + write', base.one),
    latencyRow('baseline: 50 x (build + encode NOS + write), corked', base.ladder),
  ];
  for (const r of results) {
    lines.push(latencyRow(`${r.name}: tick → first FIX message written`, r.first));
    lines.push(latencyRow(`${r.name}: tick → last FIX message written`, r.last));
    if (r.fullLadder.totalCount > 0)
      lines.push(latencyRow(`${r.name}: ticks sending ≥ 50 messages, to the last`, r.fullLadder));
  }
  console.log(lines.join('\n'));
  for (const r of results) console.log(stageTable(r).join('\n'));

  console.log('\nheap and GC per tick (heap: v8 used_heap_size delta around each tick, less the read itself)');
  console.log(
    `| ${pad('scenario', 16)} | ${lpad('B/tick writes p50', 17)} | ${lpad('mean', 8)} | ${lpad('B/tick no-write p50', 19)} | ${lpad('mean', 8)} | ${lpad('GC inside', 9)} | ${lpad('GC on ticks', 11)} | ${lpad('ms on ticks', 11)} | ${lpad('max ms', 7)} | ${lpad('all GCs', 7)} |`,
  );
  for (const r of results) {
    console.log(
      `| ${pad(r.name, 16)} | ${lpad(String(r.allocWithWrites.getValueAtPercentile(50)), 17)} | ${lpad(r.meanAllocWithWrites.toFixed(0), 8)} | ${lpad(String(r.allocWithout.getValueAtPercentile(50)), 19)} | ${lpad(r.meanAllocWithout.toFixed(0), 8)} | ${lpad(String(r.ticksWithGcInside), 9)} | ${lpad(`${r.gc.onTicks} (${r.gc.ticksWithWritesTouched} w)`, 11)} | ${lpad(r.gc.onTicksMs.toFixed(1), 11)} | ${lpad(r.gc.maxOnTickMs.toFixed(2), 7)} | ${lpad(String(r.gc.pauses), 7)} |`,
    );
  }

  const reprices = results[0]!;
  const steady = results[1]!;
  const p = (h: Histogram, q: number): number => h.getValueAtPercentile(q) / 1000;
  const f = (x: number): string => x.toFixed(0);
  const ticksAll = (r: ScenarioResult): number => r.ticksWithWrites + r.ticksWithoutWrites;
  console.log('\ntargets (issue 14)');
  console.log(
    `| ${pad('measure', 52)} | ${lpad('now', 22)} | ${lpad('baseline, same run', 24)} | ${pad('target', 22)} | result  |`,
  );
  console.log(`|${'-'.repeat(54)}|${'-'.repeat(24)}|${'-'.repeat(26)}|${'-'.repeat(24)}|---------|`);
  console.log(
    targetRow(
      'tick → first FIX message written, p50 / p99',
      `${f(p(reprices.first, 50))} / ${f(p(reprices.first, 99))} µs`,
      `${p(base.one, 50).toFixed(1)} / ${f(p(base.one, 99))} µs`,
      'p99 <= 150 µs',
      p(reprices.first, 99) <= 150,
    ),
  );
  console.log(
    targetRow(
      'steady quoting, tick → first message, p99',
      `${f(p(steady.first, 99))} µs`,
      '',
      '<= 250 µs',
      p(steady.first, 99) <= 250,
    ),
  );
  const ladder = reprices.fullLadder.totalCount > 0 ? reprices.fullLadder : reprices.last;
  console.log(
    targetRow(
      `full 50-order ladder written, p99${reprices.fullLadder.totalCount > 0 ? '' : ' (no ≥50 tick: last msg)'}`,
      `${f(p(ladder, 99))} µs (n=${ladder.totalCount})`,
      `50 x encode: ${f(p(base.ladder, 50))} / ${f(p(base.ladder, 99))} µs`,
      '<= 1,000 µs',
      p(ladder, 99) <= 1000,
    ),
  );
  if (feed) {
    console.log(
      targetRow(
        'Coinbase l2update parse + apply + top (recorded)',
        `${f(feed.feedPerSec / 1000)}k/s`,
        `JSON.parse ${f(feed.jsonParsePerSec / 1000)}k/s`,
        '>= 80 % of JSON.parse',
        feed.feedPerSec >= 0.8 * feed.jsonParsePerSec,
      ),
    );
  }
  for (const r of results) {
    console.log(
      targetRow(
        `heap bytes per tick, ${r.name} (writes / none)`,
        `${f(r.meanAllocWithWrites)} / ${f(r.meanAllocWithout)} B`,
        '',
        '0 B in steady state',
        r.name === 'steady quoting' ? r.meanAllocWithWrites < 64 && r.meanAllocWithout < 64 : r.meanAllocWithout < 64,
      ),
    );
    console.log(
      targetRow(
        `GC pauses on ticks, ${r.name}`,
        `${r.gc.onTicks} (${((r.gc.ticksTouched / Math.max(1, ticksAll(r))) * 100).toFixed(2)} % of ticks)`,
        `${r.gc.pauses} GCs in all`,
        'none on a tick',
        r.gc.onTicks === 0,
      ),
    );
  }
  for (const r of results) {
    console.log(
      `${r.name}: ${r.ticksWithWrites} ticks with FIX writes (${r.messages} messages), ${r.ticksWithoutWrites} without, in ${r.seconds.toFixed(0)} s; ` +
        `${String(r.status.ordersAcknowledged)} orders acknowledged, ${r.events} events recorded`,
    );
  }
  if (!feed) {
    console.log(
      `feed throughput row skipped: ${feedProblem ?? 'shared/coinbase/recordings/COINBASE.ws.28.0 not found'}`,
    );
  }
  process.exit(0);
}

void main();
