import type { FixBody, FixField } from '@truex-mm/fix-codec';
import type { VenueOrder } from './venue-order';

/** Fill details carried by a 150=F report. */
export interface FillDetails {
  lastQty: string;
  lastPx: string;
  avgPx: string;
  trdMatchId: string;
  fee: string;
  /** 851: 1 = added liquidity (maker), 2 = removed (taker). */
  lastLiquidityInd: '1' | '2';
}

export interface OrderReport {
  execId: string;
  execType: string;
  ordStatus: string;
  transactTime: string;
  leavesQty: string;
  cumQty: string;
  /** Defaults to the order's live ClOrdID (a cancel ack carries the cancel request's ClOrdID). */
  clOrdId?: string;
  origClOrdId?: string;
  text?: string;
  fill?: FillDetails;
}

/**
 * Body of a 35=8 about an accepted order, in TrueX's own (non-canonical) field order as captured on UAT:
 * 11, 41, 17, 37, 38, 40, 44, 54, 59, 151, 14, 60, 55, Parties, 150, 39, 58. Where fill fields go is not captured;
 * the simulator puts 31/32/6 after 14 and 851/880/fees after 39.
 */
export function orderReportBody(order: VenueOrder, report: OrderReport): FixBody {
  const body: FixField[] = [[11, report.clOrdId ?? order.clOrdId]];
  if (report.origClOrdId !== undefined) body.push([41, report.origClOrdId]);
  body.push([17, report.execId], [37, order.orderId], [38, order.orderQty.toFixed()], [40, order.ordType]);
  if (order.ordType === '2') body.push([44, order.price.toFixed()]);
  body.push([54, order.side], [59, order.timeInForce]);
  if (order.execInst !== undefined) body.push([18, order.execInst]);
  body.push([151, report.leavesQty], [14, report.cumQty]);
  const fill = report.fill;
  if (fill) body.push([31, fill.lastPx], [32, fill.lastQty], [6, fill.avgPx]);
  body.push(
    [60, report.transactTime],
    [55, order.symbol],
    [453, '1'],
    [448, order.clientId],
    [452, '3'],
    [150, report.execType],
    [39, report.ordStatus],
  );
  if (report.text !== undefined) body.push([58, report.text]);
  if (fill) {
    body.push([851, fill.lastLiquidityInd], [880, fill.trdMatchId], [136, '1'], [137, fill.fee], [139, '4']);
  }
  return body;
}

/** The request fields an early reject echoes, exactly as the client sent them. */
export interface EchoedOrderFields {
  clOrdId?: string;
  orderQty?: string;
  ordType?: string;
  price?: string;
  side?: string;
  symbol?: string;
  timeInForce?: string;
  parties: ReadonlyArray<{ partyId?: string; partyRole?: string }>;
}

/**
 * Body of a reject issued before an OrderID exists (37=NONE), in the captured order:
 * 37, 11, 17, 38, 39, 40, 44, 54, 55, 150, 59, 151, 14, 58, 60, Parties.
 */
export function earlyRejectBody(
  fields: EchoedOrderFields,
  execId: string,
  text: string,
  transactTime: string,
): FixBody {
  const body: FixField[] = [[37, 'NONE']];
  if (fields.clOrdId !== undefined) body.push([11, fields.clOrdId]);
  body.push([17, execId]);
  if (fields.orderQty !== undefined) body.push([38, fields.orderQty]);
  body.push([39, '8']);
  if (fields.ordType !== undefined) body.push([40, fields.ordType]);
  if (fields.price !== undefined) body.push([44, fields.price]);
  if (fields.side !== undefined) body.push([54, fields.side]);
  if (fields.symbol !== undefined) body.push([55, fields.symbol]);
  body.push([150, '8']);
  if (fields.timeInForce !== undefined) body.push([59, fields.timeInForce]);
  body.push([151, '0'], [14, '0'], [58, text], [60, transactTime]);
  if (fields.parties.length > 0) {
    body.push([453, String(fields.parties.length)]);
    for (const p of fields.parties) {
      if (p.partyId !== undefined) body.push([448, p.partyId]);
      if (p.partyRole !== undefined) body.push([452, p.partyRole]);
    }
  }
  return body;
}

export interface CancelRejectFields {
  orderId: string;
  clOrdId: string;
  origClOrdId?: string;
  ordStatus?: string;
  /** 434: 1 = cancel, 2 = cancel/replace. */
  cxlRejResponseTo: '1' | '2';
  /** 102: 1 = unknown order, 99 = other, … */
  cxlRejReason: string;
  text: string;
}

/** Body of a 35=9 (dictionary order: 37, 11, 41, 39, 434, 102, 58). */
export function cancelRejectBody(f: CancelRejectFields): FixBody {
  const body: FixField[] = [
    [37, f.orderId],
    [11, f.clOrdId],
  ];
  if (f.origClOrdId !== undefined) body.push([41, f.origClOrdId]);
  if (f.ordStatus !== undefined) body.push([39, f.ordStatus]);
  body.push([434, f.cxlRejResponseTo], [102, f.cxlRejReason], [58, f.text]);
  return body;
}
