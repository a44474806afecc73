import { ACK_NAMES } from './channels';
import type { ExchangeChannel } from './channels';
import type { ChannelProducts } from './subscription-request';

export interface SubscriptionsReplyChannel {
  name: string;
  product_ids: string[];
  account_ids?: null;
}

/** One connection's cumulative subscriptions: each subscribe adds, each unsubscribe removes. */
export class SubscriptionSet {
  private readonly byChannel = new Map<ExchangeChannel, Set<string>>();

  /** Adds the entries; returns only the (channel, product) pairs that were not already there. */
  add(entries: readonly ChannelProducts[]): ChannelProducts[] {
    const added: ChannelProducts[] = [];
    for (const { channel, productIds } of entries) {
      let products = this.byChannel.get(channel);
      if (!products) this.byChannel.set(channel, (products = new Set()));
      const fresh = productIds.filter((p) => !products.has(p));
      for (const p of fresh) products.add(p);
      if (fresh.length > 0) added.push({ channel, productIds: fresh });
    }
    return added;
  }

  /** An entry without products removes the whole channel. */
  remove(entries: readonly ChannelProducts[]): void {
    for (const { channel, productIds } of entries) {
      const products = this.byChannel.get(channel);
      if (!products) continue;
      if (productIds.length === 0) this.byChannel.delete(channel);
      else for (const p of productIds) products.delete(p);
      if (products.size === 0) this.byChannel.delete(channel);
    }
  }

  has(channel: ExchangeChannel, productId: string): boolean {
    return this.byChannel.get(channel)?.has(productId) ?? false;
  }

  get size(): number {
    return this.byChannel.size;
  }

  /** The `channels` array of a `subscriptions` reply. */
  toReply(options: { ackLegacyAliases: boolean; accountIdsNull: boolean }): SubscriptionsReplyChannel[] {
    return [...this.byChannel.entries()].map(([channel, products]) => ({
      name: (options.ackLegacyAliases ? ACK_NAMES[channel] : undefined) ?? channel,
      product_ids: [...products],
      ...(options.accountIdsNull ? { account_ids: null } : {}),
    }));
  }
}
