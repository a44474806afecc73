// Cost of one log line on the trading thread with the market maker's logging (src/logging.ts) against the logging it
// replaced (baseline: pino at 'info' with its 6 redaction paths into an asynchronous buffered destination, /dev/null
// here). Scenarios: stdout not a TTY (JSON lines to stdout plus the debug-and-up JSON file), stdout a TTY (pino-pretty
// lines under the status panel plus the file), and a debug line (a no-op before; now written to the file). Mean µs
// per call, best of 5 rounds of 20,000 calls after a warm-up round; the file is in a temporary folder.
import { mkdtempSync, openSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import pino, { type Logger } from 'pino';
import { createAppLogging } from '../src/logging';

const CALLS = 20_000;
const ROUNDS = 5;

const fields = { clOrdId: 'mxb7ydff1i', side: 'buy', price: '96981.5', qty: '0.0010', level: 3, reason: 'refresh' };

function measure(log: (i: number) => void): number {
  let best = Infinity;
  for (let round = -1; round < ROUNDS; round++) {
    const started = performance.now();
    for (let i = 0; i < CALLS; i++) log(i);
    const us = ((performance.now() - started) * 1000) / CALLS;
    if (round >= 0) best = Math.min(best, us);
  }
  return best;
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'mm-logging-bench-'));
  const devNull = openSync('/dev/null', 'w');
  try {
    const baselineDest = pino.destination({ dest: devNull, sync: false, minLength: 4096 });
    // The replaced production logger, its redaction list included.
    const baseline: Logger = pino(
      {
        level: 'info',
        base: { app: 'market-maker' },
        redact: {
          paths: ['apiKey', 'apiSecret', 'secretKey', '*.apiKey', '*.apiSecret', '*.secretKey'],
          censor: '[redacted]',
        },
      },
      baselineDest,
    );
    const piped = await createAppLogging({
      level: 'info',
      dataDir: join(dir, 'piped'),
      stdout: { isTTY: false, fd: devNull, write: () => true },
      startedAtMs: Date.now(),
    });
    const tty = await createAppLogging({
      level: 'info',
      dataDir: join(dir, 'tty'),
      stdout: { isTTY: true, columns: 150, write: () => true },
      startedAtMs: Date.now(),
    });
    tty.screen?.setPanel(['ACTIVE | fv 96992.99 | orders 18 (17b/1a) | pos 0.0058 BTC', 'fills 6 | capture 71.9%']);

    const rows: Array<[string, number]> = [
      ['baseline: pino info → buffered /dev/null', measure((i) => baseline.info({ ...fields, i }, 'order sent'))],
      ['piped: JSON stdout + JSON file', measure((i) => piped.logger.info({ ...fields, i }, 'order sent'))],
      ['TTY: pino-pretty + panel redraw + JSON file', measure((i) => tty.logger.info({ ...fields, i }, 'order sent'))],
      ['baseline: debug line (disabled)', measure((i) => baseline.debug({ ...fields, i }, 'risk denied'))],
      ['piped: debug line (to the file only)', measure((i) => piped.logger.debug({ ...fields, i }, 'risk denied'))],
    ];
    piped.flush();
    tty.flush();
    baselineDest.flushSync();
    const width = Math.max(...rows.map(([name]) => name.length));
    const base = rows[0]![1];
    console.log(`${'scenario'.padEnd(width)}  µs/line  × baseline`);
    for (const [name, us] of rows) {
      console.log(`${name.padEnd(width)}  ${us.toFixed(2).padStart(7)}  ${(us / base).toFixed(2).padStart(9)}`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

void main();
