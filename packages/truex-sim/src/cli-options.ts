import type { TrueXSimulatorOptions } from './truex-simulator';

/** A command line the simulator cannot run with; the message says which flag and why (never a secret value). */
export class CliUsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CliUsageError';
  }
}

export interface CliConfig {
  simulator: Omit<TrueXSimulatorOptions, 'referencePrice' | 'logger' | 'clock' | 'tls'>;
  /** PEM files for --tls-key / --tls-cert (read by the CLI); both or neither. */
  tls?: { keyFile: string; certFile: string };
  /**
   * Where the reference price comes from: a Coinbase feed (`--reference-feed URL`), or a random walk from
   * `referencePrice`. `auto` (the default) uses coinbase-sim's default feed when it answers, else the walk.
   */
  reference: ReferenceChoice;
  /** The Coinbase product the reference feed follows (default BTC-USD). */
  referenceProduct: string;
  referencePrice: string;
  volatilityBpsPerStep: number;
  stepMs: number;
  logLevel: string;
}

/** The reference the CLI asked for; `auto` is resolved at start (see {@link DEFAULT_REFERENCE_FEED_URL}). */
export type ReferenceChoice =
  | { readonly kind: 'feed'; readonly url: string }
  | { readonly kind: 'walk' }
  | { readonly kind: 'auto'; readonly url: string };

/**
 * The stand-alone simulators quote the same market on their defaults: coinbase-sim's default market is its `btc`
 * scenario (97 000, σ ≈ 8 USD/√s) at ws://127.0.0.1:8765, and truex-sim takes its reference from that feed when it
 * answers, else walks from the same start with about the same volatility (0.8 bps per 1 s step ≈ 8 USD at 97 000).
 */
export const DEFAULT_REFERENCE_FEED_URL = 'ws://127.0.0.1:8765';
export const DEFAULT_REFERENCE_PRICE = '97000';
export const DEFAULT_REFERENCE_VOLATILITY_BPS = 0.8;

interface FlagSpec {
  readonly name: string;
  readonly value?: string;
  readonly help: string;
}

const FLAGS: ReadonlyArray<FlagSpec> = [
  { name: 'host', value: 'HOST', help: 'interface to listen on (default 127.0.0.1)' },
  { name: 'port', value: 'N', help: 'order-entry port (default 19484; 0 = ephemeral)' },
  { name: 'md-port', value: 'N', help: 'also serve market data (35=V → 35=W) on this port' },
  { name: 'rest-port', value: 'N', help: 'also serve the REST API (/api/v1, /v1/cefi) on this port' },
  { name: 'api-key', value: 'KEY', help: 'API key id accepted in 553 (or TRUEX_SIM_API_KEY)' },
  { name: 'secret', value: 'SECRET', help: 'HMAC secret for that key (or TRUEX_SIM_SECRET, preferred)' },
  { name: 'client-id', value: 'ID', help: 'client id (PartyID) the key may trade for; repeat or comma-separate' },
  { name: 'target-comp-id', value: 'ID', help: 'order-entry CompID (default TRUEX_UAT_OE)' },
  { name: 'md-target-comp-id', value: 'ID', help: 'market-data CompID (default TRUEX_UAT_MD)' },
  { name: 'heartbeat', value: 'SEC', help: 'force HeartBtInt instead of echoing the client’s 108' },
  { name: 'symbol', value: 'SYMBOL', help: 'tradable symbol (default BTC-PYUSD)' },
  { name: 'open-order-limit', value: 'N', help: 'resting orders per client id (default 50)' },
  { name: 'rate-limit', value: 'N', help: 'application messages per second per session (default 10; 0 = off)' },
  { name: 'price-band-pct', value: 'PCT', help: 'price band around the reference (default 2.5)' },
  {
    name: 'reference-feed',
    value: 'URL',
    help: `Coinbase feed the reference price follows (its book's mid); none = random walk (default: ${DEFAULT_REFERENCE_FEED_URL} when it answers, else the walk)`,
  },
  { name: 'reference-product', value: 'PRODUCT', help: 'Coinbase product of the reference feed (default BTC-USD)' },
  {
    name: 'reference-price',
    value: 'PRICE',
    help: `start of the random-walk reference price (default ${DEFAULT_REFERENCE_PRICE}); implies no feed unless --reference-feed`,
  },
  {
    name: 'volatility-bps',
    value: 'BPS',
    help: `random-walk step standard deviation (default ${DEFAULT_REFERENCE_VOLATILITY_BPS})`,
  },
  { name: 'step-ms', value: 'MS', help: 'random-walk step interval (default 1000)' },
  { name: 'fill-probability', value: 'P', help: 'chance a crossed resting order fills (default 1)' },
  { name: 'partial-fill-probability', value: 'P', help: 'chance such a fill is partial (default 0)' },
  { name: 'ack-latency-ms', value: 'MS', help: 'delay before order acks (default 0)' },
  { name: 'fill-latency-ms', value: 'MS', help: 'delay before simulated fills (default 0)' },
  { name: 'maker-fee-bps', value: 'BPS', help: 'maker fee (default 0)' },
  { name: 'taker-fee-bps', value: 'BPS', help: 'taker fee (default 0)' },
  { name: 'seed', value: 'N', help: 'random seed for fills and the walk (default 1)' },
  { name: 'log-level', value: 'LEVEL', help: 'pino level: trace, debug, info, warn, error (default info)' },
  { name: 'tls-key', value: 'FILE', help: 'serve FIX over TLS: PEM private key (with --tls-cert)' },
  { name: 'tls-cert', value: 'FILE', help: 'serve FIX over TLS: PEM certificate chain (with --tls-key)' },
  { name: 'help', help: 'show this help' },
];

export function cliHelp(): string {
  const lines = FLAGS.map((f) => `  --${f.name}${f.value ? ` ${f.value}` : ''}`.padEnd(36) + f.help);
  return [
    'truex-sim: a local TrueX FIX venue (order entry, matching, fault injection).',
    '',
    'Usage: truex-sim --api-key KEY --secret SECRET --client-id ID [options]',
    '',
    ...lines,
  ].join('\n');
}

/** Parses argv (without node and the script); returns undefined when --help was asked for. */
export function parseCliArgs(argv: ReadonlyArray<string>, env: NodeJS.ProcessEnv = {}): CliConfig | undefined {
  const known = new Map(FLAGS.map((f) => [f.name, f]));
  const values = new Map<string, string[]>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (!arg.startsWith('--')) throw new CliUsageError(`unexpected argument "${arg}"`);
    const eq = arg.indexOf('=');
    const name = arg.slice(2, eq < 0 ? undefined : eq);
    const spec = known.get(name);
    if (!spec) throw new CliUsageError(`unknown flag --${name} (see --help)`);
    if (!spec.value) {
      values.set(name, ['true']);
      continue;
    }
    const value = eq >= 0 ? arg.slice(eq + 1) : argv[++i];
    if (value === undefined || (eq < 0 && value.startsWith('--'))) throw new CliUsageError(`--${name} needs a value`);
    values.set(name, [...(values.get(name) ?? []), value]);
  }
  if (values.has('help')) return undefined;

  const text = (name: string): string | undefined => values.get(name)?.at(-1);
  const number = (name: string, fallback: number, check: (n: number) => boolean = (n) => n >= 0): number => {
    const raw = text(name);
    if (raw === undefined) return fallback;
    const n = Number(raw);
    if (raw.trim() === '' || !Number.isFinite(n) || !check(n)) throw new CliUsageError(`--${name}: bad value "${raw}"`);
    return n;
  };
  const optionalNumber = (name: string): number | undefined => (values.has(name) ? number(name, 0) : undefined);
  const probability = (name: string, fallback: number): number => number(name, fallback, (n) => n >= 0 && n <= 1);

  const apiKey = text('api-key') ?? env.TRUEX_SIM_API_KEY;
  const secret = text('secret') ?? env.TRUEX_SIM_SECRET;
  const clientIds = (values.get('client-id') ?? env.TRUEX_SIM_CLIENT_IDS?.split(',') ?? [])
    .flatMap((v) => v.split(','))
    .map((v) => v.trim())
    .filter((v) => v !== '');
  if (!apiKey) throw new CliUsageError('missing --api-key (or TRUEX_SIM_API_KEY)');
  if (!secret) throw new CliUsageError('missing --secret (or TRUEX_SIM_SECRET)');
  if (clientIds.length === 0) throw new CliUsageError('missing --client-id (at least one)');
  const referencePrice = text('reference-price') ?? DEFAULT_REFERENCE_PRICE;
  if (!/^\d+(\.\d+)?$/.test(referencePrice) || Number(referencePrice) <= 0) {
    throw new CliUsageError(`--reference-price: bad value "${referencePrice}"`);
  }

  const feed = text('reference-feed');
  if (feed !== undefined && feed !== 'none' && !/^wss?:\/\/\S+$/.test(feed)) {
    throw new CliUsageError(`--reference-feed: expected a ws:// or wss:// URL or none, got "${feed}"`);
  }
  const reference: ReferenceChoice =
    feed === 'none'
      ? { kind: 'walk' }
      : feed !== undefined
        ? { kind: 'feed', url: feed }
        : values.has('reference-price')
          ? { kind: 'walk' }
          : { kind: 'auto', url: DEFAULT_REFERENCE_FEED_URL };

  const tlsKey = text('tls-key');
  const tlsCert = text('tls-cert');
  if ((tlsKey === undefined) !== (tlsCert === undefined))
    throw new CliUsageError('--tls-key and --tls-cert go together');

  return {
    ...(tlsKey !== undefined && tlsCert !== undefined ? { tls: { keyFile: tlsKey, certFile: tlsCert } } : {}),
    simulator: {
      host: text('host') ?? '127.0.0.1',
      port: number('port', 19484, (n) => Number.isInteger(n) && n >= 0 && n < 65536),
      marketDataPort: optionalNumber('md-port'),
      restPort: values.has('rest-port')
        ? number('rest-port', 0, (n) => Number.isInteger(n) && n >= 0 && n < 65536)
        : undefined,
      credentials: [{ apiKey, secret, clientIds }],
      targetCompId: text('target-comp-id'),
      marketDataTargetCompId: text('md-target-comp-id'),
      heartBtIntSec: values.has('heartbeat') ? number('heartbeat', 30, (n) => Number.isInteger(n) && n > 0) : undefined,
      symbol: text('symbol'),
      openOrderLimit: number('open-order-limit', 50, Number.isInteger),
      messageRateLimitPerSec: number('rate-limit', 10),
      priceBandPct: number('price-band-pct', 2.5),
      fillProbability: probability('fill-probability', 1),
      partialFillProbability: probability('partial-fill-probability', 0),
      ackLatencyMs: number('ack-latency-ms', 0),
      fillLatencyMs: number('fill-latency-ms', 0),
      makerFeeBps: number('maker-fee-bps', 0, Number.isFinite),
      takerFeeBps: number('taker-fee-bps', 0, Number.isFinite),
      seed: number('seed', 1, Number.isInteger),
    },
    reference,
    referenceProduct: text('reference-product') ?? 'BTC-USD',
    referencePrice,
    volatilityBpsPerStep: number('volatility-bps', DEFAULT_REFERENCE_VOLATILITY_BPS),
    stepMs: number('step-ms', 1000, (n) => n > 0),
    logLevel: text('log-level') ?? 'info',
  };
}
