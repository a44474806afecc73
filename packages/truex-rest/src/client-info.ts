import { FieldReader, dropUndefined, type JsonRecord } from './json-fields';

/**
 * A TrueX client (trading account) from `GET /clients`. `organization_id` is top-level in the 1.0.0 docs and under
 * `info` in v1.0.3; both are read. `id` is the value FIX PartyID (448) and the user-id header carry.
 */
export interface TrueXClientInfo {
  id: string;
  /** `INITIIALIZED` (sic, as documented), `ACTIVE`, `DISABLED`, or whatever the venue sends. */
  status?: string;
  mnemonic?: string;
  organizationId?: string;
  /** `INSTITUTION` | `INDIVIDUAL` | `APPLICATION`. */
  type?: string;
  makerFeeTier?: string;
  takerFeeTier?: string;
  /** `NONE` | `CANCEL_AGGRESSIVE` | `CANCEL_BOTH`. */
  selfTradePrevention?: string;
  /** Third party only (REST.md §3.2): read if present, never assumed. */
  cancelOnDisconnect?: boolean;
  raw: JsonRecord;
}

export function normaliseClientInfo(value: unknown): TrueXClientInfo {
  const top = FieldReader.of(value, 'client');
  const info = top.nested('info');
  const either = <T>(read: (r: FieldReader) => T | undefined): T | undefined =>
    (info ? read(info) : undefined) ?? read(top);
  return dropUndefined({
    id: top.requiredString('id'),
    status: top.string('status'),
    mnemonic: either((r) => r.string('mnemonic')),
    organizationId: either((r) => r.string('organization_id')),
    type: either((r) => r.string('type')),
    makerFeeTier: either((r) => r.string('maker_fee_tier')),
    takerFeeTier: either((r) => r.string('taker_fee_tier')),
    selfTradePrevention: either((r) => r.string('self_trade_prevention')),
    cancelOnDisconnect: either((r) => r.boolean('cancel_on_disconnect')),
    raw: top.record,
  });
}
