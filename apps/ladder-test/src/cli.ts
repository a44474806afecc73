import { systemClock } from '@truex-mm/clock';
import { ConfigError, loadConfig } from '@truex-mm/market-maker';
import { MultiBar, Presets, type SingleBar } from 'cli-progress';
import pino from 'pino';
import { parseArgs } from 'node:util';
import {
  defaultLadderTestOptions,
  runLadderTest,
  type LadderTestOptions,
  type LadderTestProgress,
} from './ladder-test';
import { formatReport, summaryJson } from './report';

const HELP = `Usage: npm run ladder-test -- [--orders 50] [--levels 8] [--monitor 30] [--rate 8] [--ack-timeout 10] [--json]

Verifies a TrueX connection with the market maker's own 50-order ladder: waits for a Coinbase reference price,
logs on, submits the ladder at --rate orders/s, tracks each order to New or Rejected, watches --monitor seconds
for fills, cancels everything and logs out. Same environment as the market maker (TRUEX_*, COINBASE_*); with
TRUEX_FIX_HOST unset it runs against in-process simulators.

Exit codes: 0 all acknowledged and all open orders cancelled; 1 any reject or timeout; 2 configuration error;
3 connection or logon failure.`;

export function parseOptions(
  argv: string[],
): { options: LadderTestOptions; json: boolean; help: boolean } | { problems: string[] } {
  let values;
  try {
    values = parseArgs({
      args: argv,
      options: {
        orders: { type: 'string' },
        levels: { type: 'string' },
        monitor: { type: 'string' },
        rate: { type: 'string' },
        'ack-timeout': { type: 'string' },
        json: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
    }).values;
  } catch (error) {
    return { problems: [(error as Error).message] };
  }
  const problems: string[] = [];
  const num = (raw: string | undefined, name: string, fallback: number, integer: boolean, min: number): number => {
    if (raw === undefined) return fallback;
    const n = Number(raw);
    if (!Number.isFinite(n) || n < min || (integer && !Number.isInteger(n))) {
      problems.push(`--${name} must be ${integer ? 'an integer' : 'a number'} >= ${min}, got "${raw}"`);
      return fallback;
    }
    return n;
  };
  const options: LadderTestOptions = {
    orders: num(values.orders, 'orders', defaultLadderTestOptions.orders, true, 2),
    levels: num(values.levels, 'levels', defaultLadderTestOptions.levels, true, 1),
    monitorSeconds: num(values.monitor, 'monitor', defaultLadderTestOptions.monitorSeconds, true, 0),
    ratePerSecond: num(values.rate, 'rate', defaultLadderTestOptions.ratePerSecond, false, 0.1),
    ackTimeoutMs:
      num(values['ack-timeout'], 'ack-timeout', defaultLadderTestOptions.ackTimeoutMs / 1000, false, 0.1) * 1000,
  };
  if (options.levels > Math.ceil(options.orders / 2))
    problems.push('--levels must not exceed orders per side (--orders / 2)');
  return problems.length > 0 ? { problems } : { options, json: values.json ?? false, help: values.help ?? false };
}

function terminalProgress(stream: NodeJS.WritableStream): LadderTestProgress & { stop(): void } {
  const bars = new MultiBar(
    { clearOnComplete: false, hideCursor: true, stream, format: ' {phase} [{bar}] {value}/{total} {detail}' },
    Presets.shades_classic,
  );
  let bar: SingleBar | undefined;
  return {
    phase(name, total) {
      bar?.stop();
      bar = bars.create(total ?? 1, 0, { phase: name.padEnd(9), detail: '' });
    },
    tick(done, detail) {
      bar?.update(done, { detail: detail ?? '' });
    },
    stop() {
      bar?.stop();
      bars.stop();
    },
  };
}

export interface CliIo {
  readonly stdout: NodeJS.WritableStream & { isTTY?: boolean };
  readonly stderr: NodeJS.WritableStream & { isTTY?: boolean };
}

/** The whole command line program; returns the exit code. */
export async function runCli(
  argv: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
  io: CliIo,
  deps: { venueOpenOrderLimit?: number } = {},
): Promise<number> {
  const print = (stream: NodeJS.WritableStream, text: string): void => void stream.write(`${text}\n`);
  const parsed = parseOptions([...argv]);
  if ('problems' in parsed) {
    print(io.stderr, `configuration error:\n  - ${parsed.problems.join('\n  - ')}\n\n${HELP}`);
    return 2;
  }
  if (parsed.help) {
    print(io.stdout, HELP);
    return 0;
  }
  let config;
  try {
    config = loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) {
      print(io.stderr, error.message);
      if (parsed.json) print(io.stdout, JSON.stringify({ error: 'configuration', problems: error.problems }));
      return 2;
    }
    throw error;
  }
  // Logs go to stderr so that standard output holds only the report (and, with --json, ends with the JSON line).
  const logger = pino(
    { level: env.LOG_LEVEL ?? 'warn', base: { app: 'ladder-test' } },
    pino.destination({ dest: 2, sync: true }),
  );
  const progress = io.stderr.isTTY && !parsed.json ? terminalProgress(io.stderr) : undefined;
  const result = await runLadderTest(config, parsed.options, {
    clock: systemClock,
    logger,
    progress,
    venueOpenOrderLimit: deps.venueOpenOrderLimit,
  });
  progress?.stop();
  if (!parsed.json || io.stdout.isTTY) print(io.stdout, formatReport(result));
  if (parsed.json) print(io.stdout, summaryJson(result));
  return result.exitCode;
}
