/** Exchange channels this simulator serves, under their current (canonical) names. */
export type ExchangeChannel = 'heartbeat' | 'ticker' | 'ticker_batch' | 'level2' | 'level2_batch' | 'matches';

export const SERVED_CHANNELS: ReadonlySet<string> = new Set<ExchangeChannel>([
  'heartbeat',
  'ticker',
  'ticker_batch',
  'level2',
  'level2_batch',
  'matches',
]);

/** Old names Coinbase still accepts ("You can use either when subscribing"). */
export const CHANNEL_ALIASES: Readonly<Record<string, ExchangeChannel>> = {
  level2_50: 'level2_batch',
  ticker_1000: 'ticker_batch',
};

/**
 * Names the 2026 capture showed in `subscriptions` replies: a `level2_batch` request acknowledged as
 * `level2_50`. Used when `ackLegacyAliases` is on (the default).
 */
export const ACK_NAMES: Readonly<Partial<Record<ExchangeChannel, string>>> = { level2_batch: 'level2_50' };

/** Channels that exist on Coinbase but are only open to authenticated connections (since 2023-08-01). */
export const AUTHENTICATED_CHANNELS: ReadonlySet<string> = new Set(['level2', 'level3', 'full', 'user', 'balance']);

/** Channels that exist on Coinbase but this simulator does not produce. */
export const KNOWN_UNSERVED_CHANNELS: ReadonlySet<string> = new Set([
  'status',
  'full',
  'level3',
  'user',
  'auctionfeed',
  'rfq_matches',
  'balance',
]);

export const AUTH_REQUIRED_REASON =
  'level2, level3, and full channels now require authentication. https://docs.cloud.coinbase.com/exchange/docs/websocket-auth';

export function canonicalChannel(name: string): ExchangeChannel | undefined {
  const canonical = CHANNEL_ALIASES[name] ?? name;
  return SERVED_CHANNELS.has(canonical) ? (canonical as ExchangeChannel) : undefined;
}
