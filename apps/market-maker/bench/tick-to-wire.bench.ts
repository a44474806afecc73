// Tick-to-wire latency of the whole market maker: from a Coinbase message arriving on the WebSocket to the
// resulting FIX bytes handed to the TrueX socket, over at least 10,000 ticks that caused FIX traffic, against both
// simulators (in a child process). The message-rate limit is lifted so that every tick that moves the ladder sends.
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
import { MarketMaker, MarketMakerMetrics, loadConfig } from '@truex-mm/market-maker';
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

async function main(): Promise<void> {
  const base = await baseline(TICKS);

  const child = spawn(process.execPath, [join(__dirname, 'simulators-child.js')], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const [line] = (await once(createInterface({ input: child.stdout! }), 'line')) as [string];
  const { coinbaseUrl, truexPort } = JSON.parse(line) as { coinbaseUrl: string; truexPort: number };

  const defaults = loadConfig({ TRUEX_API_KEY: 'bench-key', TRUEX_SECRET_KEY: 'bench-secret', TRUEX_CLIENT_ID: '1' });
  const config = {
    ...defaults,
    strategy: { ...defaults.strategy, repriceToleranceTicks: 1 },
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
  const started = Date.now();
  while (ticksWithWrites < TICKS && Date.now() - started < 300_000) {
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  const status = engine.status();
  await engine.stop(5000);
  child.kill('SIGTERM');
  await once(child, 'exit');

  const us = (ns: number): string => (ns / 1000).toFixed(1);
  const row = (name: string, h: ReturnType<typeof histogram>): string =>
    `| ${name.padEnd(48)} | ${String(h.totalCount).padStart(6)} | ${us(h.getValueAtPercentile(50)).padStart(8)} | ${us(h.getValueAtPercentile(99)).padStart(8)} | ${us(h.getValueAtPercentile(99.9)).padStart(8)} | ${us(h.maxValue).padStart(8)} |`;
  console.log(
    `\ntick-to-wire (µs), ${ticksWithWrites} ticks with FIX writes, ${ticksWithoutWrites} ticks without; ${(Date.now() - started) / 1000}s`,
  );
  console.log(
    `| ${'case'.padEnd(48)} | ${'n'.padStart(6)} | ${'p50'.padStart(8)} | ${'p99'.padStart(8)} | ${'p99.9'.padStart(8)} | ${'max'.padStart(8)} |`,
  );
  console.log(
    `|${'-'.repeat(50)}|${'-'.repeat(8)}|${'-'.repeat(10)}|${'-'.repeat(10)}|${'-'.repeat(10)}|${'-'.repeat(10)}|`,
  );
  console.log(row('baseline: JSON.parse + encode 1 NOS + write', base));
  console.log(row('tick → first FIX message written', first));
  console.log(row('tick → last FIX message of that tick written', last));
  console.log(row('tick → that tick’s bytes flushed to the kernel', flushed));
  console.log(row('full 50-order ladder encoded and written', fullLadder));
  console.log(
    `orders acknowledged ${String(status.ordersAcknowledged)}, open ${String(status.openOrders)}, events recorded ${events}`,
  );
  console.log(`targets: p99 tick→wire < 1000 µs; full ladder < 10000 µs`);
  process.exit(0);
}

void main();
