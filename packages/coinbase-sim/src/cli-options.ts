import { parseArgs } from 'node:util';
import type { CoinbaseSimulatorOptions } from './coinbase-simulator';
import { isMarketScenarioName, MARKET_SCENARIOS } from './market-scenario';

const SCENARIO_HELP = Object.values(MARKET_SCENARIOS)
  .map(
    (s) =>
      `                            ${s.name.padEnd(6)} sigma ${s.sigmaUsdPerSec} USD/sqrt(s)` +
      (s.driftUsdPerSec ? `, drift ${s.driftUsdPerSec > 0 ? '+' : ''}${s.driftUsdPerSec} USD/s` : '') +
      (s.jump ? `, ${s.jump.pct} % jump at ${s.jump.atMs / 1000} s` : ''),
  )
  .join('\n');

/**
 * With no market flag, the stand-alone simulator plays the `btc` scenario (97 000, σ ≈ 8 USD/√s), the market the
 * stand-alone truex-sim follows by default (it reads this feed at {@link DEFAULT_CLI_URL} when it answers).
 */
export const DEFAULT_CLI_SCENARIO = 'btc';
export const DEFAULT_CLI_PORT = 8765;
export const DEFAULT_CLI_URL = `ws://127.0.0.1:${DEFAULT_CLI_PORT}`;

export const CLI_USAGE = `coinbase-sim: a local Coinbase Exchange WebSocket feed (synthetic market or replay)

Usage:
  coinbase-sim [--port 8765] [--host 127.0.0.1]            the btc scenario (97000, sigma 8 USD/sqrt(s))
  coinbase-sim --scenario btc [--seed 1]
  coinbase-sim [--seed 1 --start-price 65000 --volatility-bps 0.5]
  coinbase-sim --replay <file> [--speed 10]

Options:
  --port <n>              listen port (default 8765; 0 = any free port)
  --host <addr>           listen address (default 127.0.0.1)
  --products <a,b>        synthetic products (default BTC-USD)
  --seed <n>              synthetic market seed (default 1)
  --start-price <p>       synthetic start price, decimal (with no market flag: the btc scenario's 97000)
  --volatility-bps <v>    mid volatility in bps per sqrt(second) (default 0.5 when --start-price is given)
  --scenario <name>       a market scenario (start 97000, 100 ms steps; default btc when no market flag is given):
${SCENARIO_HELP}
  --trades-per-second <n> synthetic trades per second per product (default 4)
  --update-interval-ms <n> synthetic market step (default 50)
  --replay <file>         play a recording (cryptofeed COINBASE.ws.* format or JSONL) instead
  --speed <x>             replay speed factor (default 1; 0 = as fast as possible)
  --subscribe-deadline-ms <n> close clients that do not subscribe in time (default 5000)
  --log-level <level>     pino level (default info)
  -h, --help              show this help
`;

export class CliUsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CliUsageError';
  }
}

export interface CliOptions {
  help: boolean;
  logLevel: string;
  simulator: CoinbaseSimulatorOptions;
}

function number(name: string, text: string | undefined, check: (n: number) => boolean): number | undefined {
  if (text === undefined) return undefined;
  const value = Number(text);
  if (text.trim() === '' || !Number.isFinite(value) || !check(value)) {
    throw new CliUsageError(`--${name}: invalid value ${JSON.stringify(text)}`);
  }
  return value;
}

/** Command line -> simulator options; throws CliUsageError with a readable message on bad input. */
export function parseCliOptions(argv: readonly string[]): CliOptions {
  let values;
  try {
    values = parseArgs({
      args: [...argv],
      strict: true,
      options: {
        port: { type: 'string' },
        host: { type: 'string' },
        products: { type: 'string' },
        seed: { type: 'string' },
        'start-price': { type: 'string' },
        'volatility-bps': { type: 'string' },
        scenario: { type: 'string' },
        'trades-per-second': { type: 'string' },
        'update-interval-ms': { type: 'string' },
        replay: { type: 'string' },
        speed: { type: 'string' },
        'subscribe-deadline-ms': { type: 'string' },
        'log-level': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    }).values;
  } catch (error) {
    throw new CliUsageError((error as Error).message);
  }
  const startPrice = values['start-price'];
  if (startPrice !== undefined && !/^\d+(\.\d{1,2})?$/.test(startPrice)) {
    throw new CliUsageError(
      `--start-price: expected a decimal with at most 2 places, got ${JSON.stringify(startPrice)}`,
    );
  }
  const scenario = values.scenario;
  if (scenario !== undefined && !isMarketScenarioName(scenario)) {
    throw new CliUsageError(
      `--scenario: unknown ${JSON.stringify(scenario)} (${Object.keys(MARKET_SCENARIOS).join(', ')})`,
    );
  }
  if (scenario !== undefined && values['volatility-bps'] !== undefined) {
    throw new CliUsageError('--scenario and --volatility-bps are exclusive: the scenario sets the volatility');
  }
  if (scenario !== undefined && values.replay !== undefined) {
    throw new CliUsageError('--scenario and --replay are exclusive');
  }
  const isInt = (n: number): boolean => Number.isInteger(n) && n >= 0;
  const noMarketFlag =
    scenario === undefined &&
    startPrice === undefined &&
    values['volatility-bps'] === undefined &&
    values.replay === undefined;
  const simulator: CoinbaseSimulatorOptions = {
    host: values.host ?? '127.0.0.1',
    port: number('port', values.port, (n) => isInt(n) && n <= 65535) ?? DEFAULT_CLI_PORT,
    mode: values.replay !== undefined ? 'replay' : 'synthetic',
    replayFile: values.replay,
    replaySpeed: number('speed', values.speed, (n) => n >= 0),
    products: values.products
      ?.split(',')
      .map((p) => p.trim())
      .filter((p) => p !== ''),
    seed: number('seed', values.seed, isInt),
    startPrice,
    volatilityBps: number('volatility-bps', values['volatility-bps'], (n) => n >= 0),
    scenario: noMarketFlag ? DEFAULT_CLI_SCENARIO : scenario,
    tradesPerSecond: number('trades-per-second', values['trades-per-second'], (n) => n >= 0),
    updateIntervalMs: number('update-interval-ms', values['update-interval-ms'], (n) => isInt(n) && n > 0),
    subscribeDeadlineMs: number('subscribe-deadline-ms', values['subscribe-deadline-ms'], (n) => isInt(n) && n > 0),
  };
  for (const key of Object.keys(simulator) as Array<keyof CoinbaseSimulatorOptions>) {
    if (simulator[key] === undefined) delete simulator[key];
  }
  return { help: values.help ?? false, logLevel: values['log-level'] ?? 'info', simulator };
}
