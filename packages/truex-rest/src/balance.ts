import { FieldReader, dropUndefined, type JsonRecord } from './json-fields';

/** One asset line of a balance entry. Available = balance − orderHold − transferHold (third party's rule). */
export interface TrueXAssetBalance {
  assetId?: string;
  /** Total amount of the asset on the exchange. */
  balance?: string;
  unsettled?: string;
  orderHold?: string;
  transferHold?: string;
  state?: string;
}

/** A balance entry from `GET /balances`. The docs name the status `status` (v1.0.3) or `state` (1.0.0). */
export interface TrueXBalance {
  id: string;
  status?: string;
  unsettledFees?: string;
  feesHold?: string;
  assets: TrueXAssetBalance[];
  raw: JsonRecord;
}

export function normaliseBalance(value: unknown): TrueXBalance {
  const top = FieldReader.of(value, 'balance');
  return dropUndefined({
    id: top.requiredString('id'),
    status: top.string('status', 'state'),
    unsettledFees: top.decimal('unsettled_fees'),
    feesHold: top.decimal('fees_hold'),
    assets: top.list('balances').map((item, i) => {
      const line = FieldReader.of(item, `balance.balances[${i}]`);
      return dropUndefined({
        assetId: line.string('asset_id'),
        balance: line.decimal('balance'),
        unsettled: line.decimal('unsettled'),
        orderHold: line.decimal('order_hold'),
        transferHold: line.decimal('transfer_hold'),
        state: line.string('state', 'status'),
      });
    }),
    raw: top.record,
  });
}
