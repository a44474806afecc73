import { FieldReader, dropUndefined, type JsonRecord } from './json-fields';
import { ignoreUnknownValue, type UnknownValueListener } from './unknown-value';

/** REST order statuses [DOC]. There is no partially-filled or expired status (REST.md §4). */
export const TRUEX_ORDER_STATUSES = [
  'INITIALIZED',
  'NEW_PENDING',
  'REJECTED',
  'ACTIVE',
  'FILLED',
  'CANCEL_PENDING',
  'CANCELED',
  'MODIFY_PENDING',
] as const;
export type TrueXOrderStatus = (typeof TRUEX_ORDER_STATUSES)[number];

const KNOWN_STATUSES: ReadonlySet<string> = new Set(TRUEX_ORDER_STATUSES);
const TERMINAL_STATUSES: ReadonlySet<string> = new Set(['REJECTED', 'FILLED', 'CANCELED']);

/** A pending modify (`modify_info`, or `modify` in the 1.0.0 docs). */
export interface TrueXOrderModify {
  newQty?: string;
  newPrice?: string;
  newType?: string;
}

/**
 * One order as TrueX's REST API reports it, whichever spelling the venue used. Prices and quantities are canonical
 * decimal strings. Fields the venue did not send are undefined; `raw` is the object as received.
 */
export interface TrueXOrder {
  /** Exchange order id (`id`); FIX OrderID (37) is presumably the same, unverified (REST.md §4). */
  orderId: string;
  /** Client order id (`external_id`) = FIX ClOrdID (11). */
  clientOrderId?: string;
  /** `ref_external_id`: undocumented; possibly the original ClOrdID after a replace. */
  refClientOrderId?: string;
  /** `'UNKNOWN'` when the venue sent a status this client does not know; `statusText` has it verbatim. */
  status: TrueXOrderStatus | 'UNKNOWN';
  statusText: string;
  clientId?: string;
  instrumentId?: string;
  side?: 'buy' | 'sell';
  /** The side as sent (`BUY`/`SELL`), kept also when it is not one of those. */
  sideText?: string;
  /** `LIMIT` / `MARKET`, as sent. */
  type?: string;
  /** `GTC` / `IOC`, as sent. */
  timeInForce?: string;
  execInstFlags: string[];
  price?: string;
  /** Order quantity (`order_info.qty`) ↔ FIX 38. */
  quantity?: string;
  /** Executed quantity (`executed_qty` or the docs' `exeuted_qty`) ↔ FIX CumQty 14. */
  cumQty?: string;
  /** ↔ FIX LeavesQty 151. */
  leavesQty?: string;
  /** Acknowledged but not yet trading; no FIX counterpart. */
  pendingQty?: string;
  /** `executed_vwap` ↔ FIX AvgPx 6. */
  avgPx?: string;
  /** `order_info.msg_id`: id of the last message that acted on the order. */
  lastMessageId?: string;
  modify?: TrueXOrderModify;
  /** Creation / last update, nanoseconds since the epoch as sent (too large for a number). */
  createdAtNs?: string;
  updatedAtNs?: string;
  raw: JsonRecord;
}

/**
 * Normalises one order object. Accepts `order_info`/`order` and `modify_info`/`modify`, `executed_qty`/
 * `exeuted_qty`, and the flat spellings a third party shows. Throws TrueXRestError MALFORMED_RESPONSE when the
 * object has no id or a money field is not a decimal string. Unknown status or side values are kept and reported.
 */
export function normaliseOrder(value: unknown, onUnknown: UnknownValueListener = ignoreUnknownValue): TrueXOrder {
  const top = FieldReader.of(value, 'order');
  const info = top.nested('order_info', 'order', 'info');
  // The order's own fields live under order_info; a flat object (third party) carries them at the top level.
  const field = <T>(read: (r: FieldReader) => T | undefined): T | undefined =>
    (info ? read(info) : undefined) ?? read(top);
  const statusText = top.requiredString('status', 'state');
  const status = KNOWN_STATUSES.has(statusText) ? (statusText as TrueXOrderStatus) : 'UNKNOWN';
  if (status === 'UNKNOWN') onUnknown('status', statusText);
  const sideText = field((r) => r.string('side'));
  const side = sideOf(sideText);
  if (sideText !== undefined && side === undefined) onUnknown('side', sideText);
  const modifyReader = top.nested('modify_info', 'modify');
  const modify = modifyReader
    ? dropUndefined({
        newQty: modifyReader.decimal('new_qty'),
        newPrice: modifyReader.decimal('new_price'),
        newType: modifyReader.string('new_type'),
      })
    : undefined;
  return dropUndefined({
    orderId: top.requiredString('id', 'order_id'),
    clientOrderId: top.string('external_id'),
    refClientOrderId: top.string('ref_external_id'),
    status,
    statusText,
    clientId: field((r) => r.string('client_id')),
    instrumentId: field((r) => r.string('instrument_id')),
    side,
    sideText,
    type: field((r) => r.string('type')),
    timeInForce: field((r) => r.string('tif')),
    execInstFlags: info?.stringList('exec_inst_flags') ?? top.stringList('exec_inst_flags'),
    price: field((r) => r.decimal('price')),
    quantity: field((r) => r.decimal('qty', 'quantity')),
    cumQty: top.decimal('executed_qty', 'exeuted_qty', 'cum_qty'),
    leavesQty: top.decimal('leaves_qty'),
    pendingQty: top.decimal('pending_qty'),
    avgPx: top.decimal('executed_vwap'),
    lastMessageId: field((r) => r.string('msg_id')),
    modify,
    createdAtNs: top.string('timestamp', 'created_timestamp'),
    updatedAtNs: top.string('update_timestamp', 'updated_timestamp'),
    raw: top.record,
  });
}

export function isTerminalOrderStatus(status: TrueXOrder['status']): boolean {
  return TERMINAL_STATUSES.has(status);
}

/**
 * The FIX OrdStatus (39) a REST order corresponds to (REST.md §4; partly inferred): ACTIVE is `0` New until
 * something executed, then `1` PartiallyFilled. Undefined for an unknown status.
 */
export function fixOrdStatusOf(order: Pick<TrueXOrder, 'status' | 'cumQty'>): string | undefined {
  switch (order.status) {
    case 'INITIALIZED':
    case 'NEW_PENDING':
      return 'A';
    case 'ACTIVE':
      return order.cumQty === undefined || order.cumQty === '0' ? '0' : '1';
    case 'FILLED':
      return '2';
    case 'CANCEL_PENDING':
      return '6';
    case 'CANCELED':
      return '4';
    case 'REJECTED':
      return '8';
    case 'MODIFY_PENDING':
      return 'E';
    default:
      return undefined;
  }
}

function sideOf(text: string | undefined): 'buy' | 'sell' | undefined {
  const upper = text?.toUpperCase();
  return upper === 'BUY' ? 'buy' : upper === 'SELL' ? 'sell' : undefined;
}
