import { AUTH_REQUIRED_REASON, AUTHENTICATED_CHANNELS, canonicalChannel, KNOWN_UNSERVED_CHANNELS } from './channels';
import type { ExchangeChannel } from './channels';

export interface ChannelProducts {
  readonly channel: ExchangeChannel;
  /** Empty on unsubscribe means "the whole channel". */
  readonly productIds: readonly string[];
}

export interface ExchangeAuthFields {
  readonly key: string;
  readonly passphrase: string;
  readonly signature: string;
  readonly timestamp: string;
}

export interface ChannelRequest {
  readonly type: 'subscribe' | 'unsubscribe';
  /** Valid (channel, products) pairs, root and per-channel product_ids merged. */
  readonly entries: readonly ChannelProducts[];
  /** Coinbase `reason` texts for the parts that were refused. */
  readonly failures: readonly string[];
  readonly auth?: ExchangeAuthFields;
}

function stringList(value: unknown): string[] | undefined {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value) || !value.every((v): v is string => typeof v === 'string')) return undefined;
  return value;
}

function authFields(message: Record<string, unknown>): ExchangeAuthFields | undefined {
  const { key, passphrase, signature, timestamp } = message;
  if (typeof key !== 'string' || typeof signature !== 'string') return undefined;
  return {
    key,
    signature,
    passphrase: typeof passphrase === 'string' ? passphrase : '',
    timestamp: typeof timestamp === 'string' || typeof timestamp === 'number' ? String(timestamp) : '',
  };
}

/**
 * Reads an Exchange `subscribe`/`unsubscribe` the way Coinbase does: a channel entry is a name or
 * `{name, product_ids}`, root `product_ids` apply to every entry, aliases are accepted, and each refused
 * part yields a Coinbase-worded reason while the valid parts still count.
 */
export function parseChannelRequest(
  type: 'subscribe' | 'unsubscribe',
  message: Record<string, unknown>,
  context: { isProduct(productId: string): boolean; authenticated: boolean },
): ChannelRequest {
  const failures: string[] = [];
  const entries: ChannelProducts[] = [];
  const rootProducts = stringList(message['product_ids']);
  const rawChannels = message['channels'];
  if (rootProducts === undefined) failures.push('product_ids must be a list of strings');
  if (!Array.isArray(rawChannels) || rawChannels.length === 0) {
    return { type, entries, failures: [...failures, 'No channels provided'], auth: authFields(message) };
  }
  for (const raw of rawChannels) {
    let name: unknown;
    let ownProducts: string[] | undefined = [];
    if (typeof raw === 'string') name = raw;
    else if (raw !== null && typeof raw === 'object') {
      name = (raw as Record<string, unknown>)['name'];
      ownProducts = stringList((raw as Record<string, unknown>)['product_ids']);
    }
    if (typeof name !== 'string' || ownProducts === undefined) {
      failures.push('malformed channel entry');
      continue;
    }
    const productIds = [...new Set([...(rootProducts ?? []), ...ownProducts])];
    if (type === 'unsubscribe') {
      const channel = canonicalChannel(name);
      if (channel) entries.push({ channel, productIds });
      continue;
    }
    if (AUTHENTICATED_CHANNELS.has(name) && !context.authenticated) {
      failures.push(AUTH_REQUIRED_REASON);
      continue;
    }
    const channel = canonicalChannel(name);
    if (!channel) {
      failures.push(
        KNOWN_UNSERVED_CHANNELS.has(name)
          ? `${name} is not supported by this simulator`
          : `${name} is not a valid channel`,
      );
      continue;
    }
    if (productIds.length === 0) {
      failures.push(`You need to specify at least one product ID for channel ${name}`);
      continue;
    }
    const valid = productIds.filter((p) => context.isProduct(p));
    for (const p of productIds) if (!context.isProduct(p)) failures.push(`${p} is not a valid product`);
    if (valid.length > 0) entries.push({ channel, productIds: valid });
  }
  return { type, entries, failures: [...new Set(failures)], auth: authFields(message) };
}
