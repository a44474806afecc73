import { ConfigError, type MarketMakerConfig } from './config';

type Env = Readonly<Record<string, string | undefined>>;

/**
 * Going live takes two deliberate steps: TRUEX_FIX_HOST (where) and `--live` or MM_LIVE=1 (yes, really). Returns
 * the error to exit with (code 2) when a live configuration lacks the confirmation, else undefined.
 */
export function liveConfirmationError(
  config: MarketMakerConfig,
  confirmation: { readonly liveFlag: boolean; readonly env: Env },
): ConfigError | undefined {
  if (config.mode !== 'live') return undefined;
  const envConfirmed = ['1', 'true', 'yes', 'y'].includes((confirmation.env.MM_LIVE ?? '').trim().toLowerCase());
  if (confirmation.liveFlag || envConfirmed) return undefined;
  const where = `${config.truex.host ?? '?'}:${config.truex.port}`;
  return new ConfigError([
    `TRUEX_FIX_HOST is set (${where}, ${config.truex.targetCompId}): this would send real orders to TrueX. ` +
      'Add --live (npm start -- --live) or set MM_LIVE=1 to confirm. ' +
      'To try the market maker on the real market without TrueX, unset TRUEX_FIX_HOST and use --paper (MM_MODE=paper). ' +
      'docs/GOING-LIVE.md has the steps.',
  ]);
}

/**
 * What a live run will trade with, for the operator to read before the first order: endpoint, account, symbol and
 * every limit. Never a secret (no API key, no secret key, no passwords in URLs).
 */
export function tradingLimitsSummary(config: MarketMakerConfig): string {
  const { truex, risk, strategy } = config;
  const rows: Array<[string, string]> = [
    ['mode', config.mode],
    [
      'endpoint',
      truex.host === undefined
        ? 'in-process TrueX simulator'
        : `${truex.host}:${truex.port}${truex.tls ? ' (TLS)' : ''} → ${truex.targetCompId}`,
    ],
    ['REST', truex.restUrl ?? 'none (no venue truth)'],
    ['account', `SenderCompID ${truex.senderCompId}, client id ${truex.clientId}`],
    ['symbol', `${truex.symbol} (reference ${config.coinbase.product} from ${config.coinbase.url ?? 'simulator'})`],
    ['position', `long ≤ ${risk.maxLongPosition}, short ≤ ${risk.maxShortPosition}`],
    ['order size', `≤ ${risk.maxOrderSize} (base ${strategy.baseSize} ± ${strategy.sizeJitterPct} %)`],
    ['order notional', `≤ ${risk.maxOrderNotional}`],
    ['exposure', `≤ ${risk.maxNotionalExposure} notional`],
    ['loss', `halt at −${risk.maxLoss}`],
    [
      'messages',
      `${risk.messagesPerSecond}/s + burst ${risk.messageBurst} (TrueX throttles at ${risk.venueMessageLimitPerSec}/s)`,
    ],
    [
      'ladder',
      `${strategy.ordersPerSide} orders a side on ${strategy.levels} levels, ≤ ${risk.maxOpenOrders} open, ${strategy.shape} shape`,
    ],
    ['reject storm', `halt at ${risk.rejectStormCount} rejects in ${risk.rejectStormWindowMs} ms`],
    ['price band', `±${risk.priceBandPct} % of fair value`],
  ];
  const width = Math.max(...rows.map(([k]) => k.length));
  return rows.map(([k, v]) => `  ${k.padEnd(width)}  ${v}`).join('\n');
}
