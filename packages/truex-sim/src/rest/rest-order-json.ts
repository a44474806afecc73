import type { OrderRecordView } from './order-records';

/**
 * Field spelling of the simulator's order objects (REST.md §3.6): `current` = `order_info`/`modify_info`/
 * `executed_qty` (what the official Python reads); `docs-example` = `order`/`modify`/`exeuted_qty` (the 1.0.0 docs
 * example). Real TrueX sends one of them; which one is an open question, so clients must read both.
 */
export type RestDialect = 'current' | 'docs-example';

/** FIX OrdStatus (39) of the last report → REST status (REST.md §4, inverted). */
export function restStatusOf(ordStatus: string): string {
  switch (ordStatus) {
    case 'A':
      return 'NEW_PENDING';
    case '0':
    case '1':
      return 'ACTIVE';
    case '2':
      return 'FILLED';
    case '4':
      return 'CANCELED';
    case '8':
      return 'REJECTED';
    case '6':
      return 'CANCEL_PENDING';
    case 'E':
      return 'MODIFY_PENDING';
    default:
      return 'INITIALIZED';
  }
}

/** The REST order object for one venue order. Ids, prices and quantities are strings, timestamps nanoseconds. */
export function restOrderJson(
  view: OrderRecordView,
  instrumentId: string,
  dialect: RestDialect,
): Record<string, unknown> {
  const info: Record<string, unknown> = {
    parent_id: '0',
    client_id: view.clientId,
    instrument_id: instrumentId,
    qty: view.orderQty,
    price: view.price,
    side: view.side === '1' ? 'BUY' : 'SELL',
    type: view.ordType === '2' ? 'LIMIT' : 'MARKET',
    tif: view.timeInForce === '3' ? 'IOC' : 'GTC',
  };
  if (view.execInst?.split(' ').includes('6')) info.exec_inst_flags = ['ALO'];
  const replaced = view.clOrdIds.length > 1;
  return {
    id: view.orderId,
    status: restStatusOf(view.ordStatus),
    [dialect === 'current' ? 'order_info' : 'order']: info,
    external_id: view.clOrdId,
    // Guess: after a replace, the first ClOrdID (REST.md §4 names ref_external_id as the candidate).
    ref_external_id: replaced ? view.clOrdIds[0] : '',
    pending_qty: '0',
    leaves_qty: view.leavesQty,
    [dialect === 'current' ? 'executed_qty' : 'exeuted_qty']: view.cumQty,
    executed_vwap: view.avgPx ?? '0',
    timestamp: nanos(view.createdAtMs),
    update_timestamp: nanos(view.updatedAtMs),
  };
}

function nanos(epochMs: number): string {
  return `${BigInt(Math.floor(epochMs)) * 1_000_000n}`;
}
