// Tick-to-wire latency of the whole market maker: from a Coinbase message arriving on the WebSocket to the
// resulting FIX bytes handed to the TrueX socket, over at least 10,000 ticks that caused FIX traffic, against both
// simulators (in a child process, so they do not share our event loop). The message-rate limit is lifted so that
// every tick that moves the ladder sends at once.
// A baseline in the same run: JSON.parse of a feed message + encoding one NewOrderSingle + one socket write.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createServer, connect, type Socket } from 'node:net';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createInterface } from 'node:readline';
import { systemClock } from '@truex-mm/clock';
import { buildNewOrderSingle, encodeFix, formatUtcTimestamp } from '@truex-mm/fix-codec';
import { netConnector, type FixConnector } from '@truex-mm/fix-session';
import { MarketMaker, MarketMakerMetrics, loadConfig, type MarketMakerConfig } from '@truex-mm/market-maker';
import type { TradingEvent } from '@truex-mm/persistence';
import { build } from 'hdr-histogram-js';
import pino from 'pino';
import { WebSocket } from 'ws';

const TICKS = Number(process.env.BENCH_TICKS ?? '10000');

function histogram() {
  return build({ lowestDiscernibleValue: 1, highestTrackableValue: 60_000_000, numberOfSignificantValueDigits: 3 });
}

// --- instrumentation: the synchronous span from ws 'message' to socket writes -----------------------------------
let inTick = false;
let tickStart = 0;
let firstWrite = 0;
let lastWrite = 0;
let writes = 0;
const first = histogram(); // ns
const last = histogram();
const flushed = histogram();
const fullLadder = histogram();
let ticksWithWrites = 0;
let ticksWithoutWrites = 0;
let messagesInTicks = 0;

function resetHistograms(): void {
  for (const h of [first, last, flushed, fullLadder]) h.reset();
  ticksWithWrites = 0;
  ticksWithoutWrites = 0;
  messagesInTicks = 0;
}

const originalEmit = WebSocket.prototype.emit;
WebSocket.prototype.emit = function (this: WebSocket, event: string | symbol, ...args: unknown[]): boolean {
  if (event !== 'message') return originalEmit.call(this, event, ...args);
  inTick = true;
  writes = 0;
  const start = performance.now();
  tickStart = start;
  const result = originalEmit.call(this, event, ...args);
  inTick = false;
  if (writes > 0) {
    ticksWithWrites++;
    messagesInTicks += writes;
    first.recordValue(Math.max(1, Math.round((firstWrite - start) * 1e6)));
    last.recordValue(Math.max(1, Math.round((lastWrite - start) * 1e6)));
    if (writes >= 50) fullLadder.recordValue(Math.max(1, Math.round((lastWrite - start) * 1e6)));
  } else {
    ticksWithoutWrites++;
  }
  return result;
};

const instrumentedConnector: FixConnector = (target, events) => {
  const inner = netConnector(target, events);
  return {
    write(data: Buffer) {
      if (inTick) {
        const now = performance.now();
        if (writes === 0) {
          firstWrite = now;
          const start = tickStart;
          // Queued after the connector's own uncork: runs once the tick's bytes went to the kernel.
          process.nextTick(() => flushed.recordValue(Math.max(1, Math.round((performance.now() - start) * 1e6))));
        }
        lastWrite = now;
        writes++;
      }
      inner.write(data);
    },
    destroy: () => inner.destroy(),
  };
};

// --- baseline -------------------------------------------------------------------------------------------------
async function baseline(samples: number): Promise<ReturnType<typeof histogram>> {
  const server = createServer((s) => s.resume());
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const port = (server.address() as { port: number }).port;
  const socket: Socket = connect(port, '127.0.0.1');
  socket.setNoDelay(true);
  await once(socket, 'connect');
  const message = JSON.stringify({
    type: 'l2update',
    product_id: 'BTC-USD',
    changes: [['buy', '64999.99', '0.12345678']],
    time: '2026-11-24T02:00:00.123456Z',
  });
  const h = histogram();
  for (let i = 0; i < samples; i++) {
    const start = performance.now();
    const parsed = JSON.parse(message) as { changes: string[][] };
    const body = buildNewOrderSingle({
      clOrdId: `B${i}`,
      partyIds: ['1'],
      symbol: 'BTC-PYUSD',
      side: '1',
      orderQty: '0.001',
      ordType: '2',
      price: parsed.changes[0][1],
      timeInForce: '1',
      execInst: '6',
    });
    socket.write(
      encodeFix(
        'D',
        {
          senderCompId: 'MM',
          targetCompId: 'TRUEX_UAT_OE',
          msgSeqNum: i + 2,
          sendingTime: formatUtcTimestamp(Date.now()),
        },
        body,
      ),
    );
    h.recordValue(Math.max(1, Math.round((performance.now() - start) * 1e6)));
    if (i % 500 === 0) await new Promise((resolve) => setImmediate(resolve));
  }
  socket.destroy();
  server.close();
  return h;
}

interface Scenario {
  readonly name: string;
  readonly ticks: number;
  readonly volatilityBps: string;
  readonly strategy: Partial<MarketMakerConfig['strategy']>;
}

// 1. Reprices: a one-tick reprice tolerance and a lively market, so the ticks that move fair value reprice whole
//    sides (25–50 messages each), with the message budget lifted: at least 10,000 such ticks.
// 2. Steady quoting: lifetimes shortened to 0.3–0.5 s and a wide reprice tolerance, so a tick sends one to three
//    replaces (most refreshes go out on the 100 ms loop, not on a tick, and are not counted here).
const SCENARIOS: readonly Scenario[] = [
  { name: 'reprices', ticks: TICKS, volatilityBps: '4', strategy: { repriceToleranceTicks: 1 } },
  {
    name: 'steady quoting',
    ticks: Math.ceil(TICKS / 5),
    volatilityBps: '0.5',
    strategy: { minLifetimeMs: 300, maxLifetimeMs: 500, repriceToleranceTicks: 40 },
  },
];

async function runScenario(
  scenario: Scenario,
): Promise<{ status: Record<string, unknown>; seconds: number; events: number }> {
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
    risk: { ...defaults.risk, messagesPerSecond: 1_000_000, rejectStormCount: 1_000_000, maxLoss: '1000000000' },
  };
  let events = 0;
  const engine = new MarketMaker({
    config,
    clock: systemClock,
    logger: pino({ level: 'silent' }),
    sink: { record: (_event: TradingEvent) => void events++ },
    metrics: new MarketMakerMetrics({ defaultMetrics: false }),
    runId: 'bench',
    truex: { host: '127.0.0.1', port: truexPort },
    coinbaseUrl,
    fixConnector: instrumentedConnector,
  });
  engine.start();
  // Warm up (first ladder, JIT) before measuring.
  while (engine.adapter.liveOrderCount() < 50) await new Promise((resolve) => setTimeout(resolve, 50));
  await new Promise((resolve) => setTimeout(resolve, 2000));
  resetHistograms();
  const started = Date.now();
  while (ticksWithWrites < scenario.ticks && Date.now() - started < 600_000) {
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  const seconds = (Date.now() - started) / 1000;
  const status = engine.status();
  await engine.stop(5000);
  child.kill('SIGTERM');
  await once(child, 'exit');
  return { status, seconds, events };
}

async function main(): Promise<void> {
  const base = await baseline(TICKS);
  const us = (ns: number): string => (ns / 1000).toFixed(1);
  const row = (name: string, h: ReturnType<typeof histogram>): string =>
    `| ${name.padEnd(58)} | ${String(h.totalCount).padStart(6)} | ${us(h.getValueAtPercentile(50)).padStart(8)} | ${us(h.getValueAtPercentile(99)).padStart(8)} | ${us(h.getValueAtPercentile(99.9)).padStart(8)} | ${us(h.maxValue).padStart(8)} |`;
  const lines: string[] = [
    `| ${'case (µs)'.padEnd(58)} | ${'n'.padStart(6)} | ${'p50'.padStart(8)} | ${'p99'.padStart(8)} | ${'p99.9'.padStart(8)} | ${'max'.padStart(8)} |`,
    `|${'-'.repeat(60)}|${'-'.repeat(8)}|${'-'.repeat(10)}|${'-'.repeat(10)}|${'-'.repeat(10)}|${'-'.repeat(10)}|`,
    row('baseline: JSON.parse + encode 1 NOS + write', base),
  ];
  const notes: string[] = [];
  for (const scenario of SCENARIOS) {
    const { status, seconds, events } = await runScenario(scenario);
    lines.push(row(`${scenario.name}: tick → first FIX message written`, first));
    lines.push(row(`${scenario.name}: tick → last FIX message written`, last));
    lines.push(row(`${scenario.name}: tick → bytes flushed to the kernel`, flushed));
    if (fullLadder.totalCount > 0)
      lines.push(row(`${scenario.name}: ticks sending ≥ 50 messages, to the last`, fullLadder));
    notes.push(
      `${scenario.name}: ${ticksWithWrites} ticks with FIX writes (${messagesInTicks} messages), ${ticksWithoutWrites} without, in ${seconds.toFixed(0)} s; ` +
        `${String(status.ordersAcknowledged)} orders acknowledged, ${events} events recorded`,
    );
  }
  console.log(
    `\ntick-to-wire: Coinbase message on the WebSocket → FIX bytes handed to the TrueX socket (simulators in a child process)`,
  );
  console.log(lines.join('\n'));
  console.log(notes.join('\n'));
  console.log('targets: p99 tick → wire < 1000 µs; a full 50-order ladder encoded and written < 10000 µs');
  process.exit(0);
}

void main();
