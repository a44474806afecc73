import { systemClock } from '@truex-mm/clock';
import { ConfigError, loadConfig, type MarketMakerConfig } from '@truex-mm/deployment';
import { MultiBar, Presets, type SingleBar } from 'cli-progress';
import pino from 'pino';
import { parseArgs } from 'node:util';
import { EXIT_CODE_HELP, ExitCode } from './exit-codes';
import {
  defaultLadderTestOptions,
  noOrdersResult,
  runLadderTest,
  type LadderTestOptions,
  type LadderTestProgress,
} from './ladder-test';
import { formatReport, summaryJson } from './report';
import { abortExitCode, toAbortReason } from './run-guard';
import { readTrueXCa } from './truex-tls';

const HELP = `Usage: npm run ladder-test -- [--orders 50] [--levels 8] [--monitor 30] [--rate 8] [--ack-timeout 10]
                               [--reference-timeout 15] [--connect-timeout 5] [--json]

Verifies a TrueX connection with the market maker's own 50-order ladder: waits for a Coinbase reference price,
logs on, submits the ladder at --rate orders/s, tracks each order to New or Rejected, watches --monitor seconds
for fills, cancels everything and logs out. Same environment as the market maker (TRUEX_*, COINBASE_*, and
TRUEX_FIX_CA_FILE for a private venue CA with TRUEX_FIX_TLS=1); with TRUEX_FIX_HOST unset it runs against
in-process simulators. Ctrl-C cancels what is open and logs out.

${EXIT_CODE_HELP}`;

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
        'reference-timeout': { type: 'string' },
        'connect-timeout': { type: 'string' },
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
  const seconds = (name: 'ack-timeout' | 'reference-timeout' | 'connect-timeout', fallbackMs: number): number =>
    num(values[name], name, fallbackMs / 1000, false, 0.1) * 1000;
  const options: LadderTestOptions = {
    orders: num(values.orders, 'orders', defaultLadderTestOptions.orders, true, 2),
    levels: num(values.levels, 'levels', defaultLadderTestOptions.levels, true, 1),
    monitorSeconds: num(values.monitor, 'monitor', defaultLadderTestOptions.monitorSeconds, true, 0),
    ratePerSecond: num(values.rate, 'rate', defaultLadderTestOptions.ratePerSecond, false, 0.1),
    ackTimeoutMs: seconds('ack-timeout', defaultLadderTestOptions.ackTimeoutMs),
    referenceTimeoutMs: seconds('reference-timeout', defaultLadderTestOptions.referenceTimeoutMs),
    connectTimeoutMs: seconds('connect-timeout', defaultLadderTestOptions.connectTimeoutMs),
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

export interface CliDeps {
  /** Overrides the in-process venue's open-order limit (tests). */
  readonly venueOpenOrderLimit?: number;
  /** Aborted by the process guards (SIGINT, SIGTERM, an uncaught exception): the run cleans up and ends. */
  readonly signal?: AbortSignal;
}

/** The whole command line program; returns the exit code (see exit-codes.ts). */
export async function runCli(
  argv: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
  io: CliIo,
  deps: CliDeps = {},
): Promise<number> {
  const print = (stream: NodeJS.WritableStream, text: string): void => void stream.write(`${text}\n`);
  const parsed = parseOptions([...argv]);
  if ('problems' in parsed) {
    print(io.stderr, `configuration error:\n  - ${parsed.problems.join('\n  - ')}\n\n${HELP}`);
    return ExitCode.config;
  }
  if (parsed.help) {
    print(io.stdout, HELP);
    return ExitCode.pass;
  }
  const loaded = loadEverything(env);
  if ('problems' in loaded) {
    print(io.stderr, `invalid configuration:\n  - ${loaded.problems.join('\n  - ')}`);
    if (parsed.json) print(io.stdout, JSON.stringify({ error: 'configuration', problems: loaded.problems }));
    return ExitCode.config;
  }
  // Logs go to stderr so that standard output holds only the report (and, with --json, ends with the JSON line).
  const logger = pino(
    { level: env.LOG_LEVEL ?? 'warn', base: { app: 'ladder-test' } },
    pino.destination({ dest: 2, sync: true }),
  );
  const progress = io.stderr.isTTY && !parsed.json ? terminalProgress(io.stderr) : undefined;
  let result;
  try {
    result = await runLadderTest(loaded.config, parsed.options, {
      clock: systemClock,
      logger,
      progress,
      venueOpenOrderLimit: deps.venueOpenOrderLimit,
      signal: deps.signal,
      truexCa: loaded.ca,
    });
  } catch (error) {
    // runLadderTest cleans up after itself; whatever still escapes is reported, never a silent exit.
    const reason = deps.signal?.aborted ? toAbortReason(deps.signal.reason) : undefined;
    const text = error instanceof Error ? (error.stack ?? error.message) : String(error);
    result = noOrdersResult(reason ? abortExitCode(reason) : ExitCode.internal, `internal error: ${text}`);
  } finally {
    progress?.stop();
  }
  if (!parsed.json || io.stdout.isTTY) print(io.stdout, formatReport(result));
  if (parsed.json) print(io.stdout, summaryJson(result));
  if (result.failure !== undefined) print(io.stderr, `ladder-test: ${result.failure}`);
  return result.exitCode;
}

/** The market maker's configuration plus TRUEX_FIX_CA_FILE, with every problem of both listed at once. */
function loadEverything(
  env: Readonly<Record<string, string | undefined>>,
): { config: MarketMakerConfig; ca?: Buffer } | { problems: string[] } {
  const problems: string[] = [];
  let config: MarketMakerConfig | undefined;
  try {
    config = loadConfig(env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    problems.push(...error.problems);
  }
  const tls = config?.truex.tls ?? ['1', 'true', 'yes', 'y'].includes(env.TRUEX_FIX_TLS?.trim().toLowerCase() ?? '');
  const { ca, problems: caProblems } = readTrueXCa(env, tls);
  problems.push(...caProblems);
  if (problems.length > 0 || config === undefined) return { problems };
  return ca !== undefined ? { config, ca } : { config };
}
