import { Decimal } from 'decimal.js';
import type { ClientSettings } from '../client-settings';
import type { FillView, OpenOrderView } from '../venue';
import type { RestDialect } from './rest-order-json';

/** The simulator's one instrument and its two assets get fixed numeric ids, like TrueX's (REST.md §3.3). */
export const SIM_INSTRUMENT_ID = '70000000000000001';
const ASSET_IDS = { base: '70000000000000011', quote: '70000000000000012' };

/**
 * A client object (REST.md §3.1). `cancel_on_disconnect` is top-level, where the third party's type has it; TrueX's
 * documented object does not show it at all (a guess, REST.md §3.2).
 */
export function restClientJson(
  clientId: string,
  index: number,
  dialect: RestDialect,
  settings: ClientSettings = { cancelOnDisconnect: false, selfTradePrevention: 'NONE' },
): Record<string, unknown> {
  const info = {
    mnemonic: `CLIENT${index + 1}`,
    type: 'INSTITUTION',
    maker_fee_tier: 0,
    taker_fee_tier: 0,
    self_trade_prevention: settings.selfTradePrevention,
  };
  const organizationId = '00000000-0000-4000-8000-000000000001';
  const cod = settings.cancelOnDisconnect;
  // 1.0.0 docs: organization_id at the top level; v1.0.3: under info (REST.md §3.1).
  return dialect === 'current'
    ? { id: clientId, status: 'ACTIVE', info: { organization_id: organizationId, ...info }, cancel_on_disconnect: cod }
    : { id: clientId, status: 'ACTIVE', organization_id: organizationId, info, cancel_on_disconnect: cod };
}

export function restInstrumentJson(
  symbol: string,
  referencePrice: string | undefined,
  priceBandPct: number,
): Record<string, unknown> {
  const info: Record<string, unknown> = {
    symbol,
    base_asset_id: ASSET_IDS.base,
    quote_asset_id: ASSET_IDS.quote,
    price_bands_percent: new Decimal(priceBandPct).div(100).toFixed(),
  };
  if (referencePrice !== undefined) info.reference_price = referencePrice;
  return { id: SIM_INSTRUMENT_ID, status: 'ACTIVE', info, stats: {} };
}

/**
 * A balance entry for one client, derived from the venue's own records: balances start at zero and move with
 * fills (fees paid in the quote asset); order holds are the open orders' remaining base (sells) or quote (buys).
 * There is no funding model, so balances go negative. The shape follows the v1.0.3 docs (REST.md §3.5).
 */
export function restBalanceJson(
  clientId: string,
  fills: ReadonlyArray<FillView>,
  openOrders: ReadonlyArray<OpenOrderView>,
): Record<string, unknown> {
  let base = new Decimal(0);
  let quote = new Decimal(0);
  let fees = new Decimal(0);
  for (const f of fills) {
    if (f.clientId !== clientId) continue;
    const qty = new Decimal(f.lastQty);
    const notional = qty.mul(f.lastPx);
    base = f.side === '1' ? base.plus(qty) : base.minus(qty);
    quote = f.side === '1' ? quote.minus(notional) : quote.plus(notional);
    fees = fees.plus(f.fee);
  }
  let baseHold = new Decimal(0);
  let quoteHold = new Decimal(0);
  for (const o of openOrders) {
    if (o.clientId !== clientId) continue;
    if (o.side === '2') baseHold = baseHold.plus(o.leavesQty);
    else quoteHold = quoteHold.plus(new Decimal(o.leavesQty).mul(o.price));
  }
  const line = (assetId: string, balance: Decimal, hold: Decimal) => ({
    asset_id: assetId,
    balance: balance.toFixed(),
    unsettled: '0',
    order_hold: hold.toFixed(),
    transfer_hold: '0',
    state: 'ACTIVE',
  });
  return {
    id: clientId,
    status: 'INVALID', // "will always be INVALID" [DOC]
    unsettled_fees: '0',
    fees_hold: '0',
    balances: [line(ASSET_IDS.base, base, baseHold), line(ASSET_IDS.quote, quote.minus(fees), quoteHold)],
  };
}
