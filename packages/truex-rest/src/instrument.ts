import { FieldReader, dropUndefined, type JsonRecord } from './json-fields';

/**
 * An instrument from `GET /instruments` (v1.0.3 docs shape: fields under `info`; a flat object is read too).
 * No tick or lot size is published over REST: take increments from the documented buckets (README §6.2).
 */
export interface TrueXInstrument {
  id: string;
  /** `DISABLED` | `OPENING` | `ACTIVE` | `HALTED`, as sent. */
  status?: string;
  symbol?: string;
  referencePrice?: string;
  baseAssetId?: string;
  quoteAssetId?: string;
  priceLimitWindowSecs?: string;
  /** Fractions, e.g. "0.015" = 1.5 %. */
  priceLimitPercent?: string;
  priceBandsPercent?: string;
  raw: JsonRecord;
}

export function normaliseInstrument(value: unknown): TrueXInstrument {
  const top = FieldReader.of(value, 'instrument');
  const info = top.nested('info');
  const either = <T>(read: (r: FieldReader) => T | undefined): T | undefined =>
    (info ? read(info) : undefined) ?? read(top);
  return dropUndefined({
    id: top.requiredString('id'),
    status: top.string('status'),
    symbol: either((r) => r.string('symbol')),
    referencePrice: either((r) => r.decimal('reference_price')),
    baseAssetId: either((r) => r.string('base_asset_id')),
    quoteAssetId: either((r) => r.string('quote_asset_id')),
    priceLimitWindowSecs: either((r) => r.decimal('price_limit_window_secs')),
    priceLimitPercent: either((r) => r.decimal('price_limit_percent')),
    priceBandsPercent: either((r) => r.decimal('price_bands_percent')),
    raw: top.record,
  });
}
