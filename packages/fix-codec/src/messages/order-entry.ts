import { Tag } from '../constants';
import type { CxlRejResponseTo, ExecType, LastLiquidityInd, OrdStatus, OrdType, Side, TimeInForce } from '../enums';
import type { FixBody, FixField } from '../fix-field';
import type { FixMessage } from '../fix-message';
import { pushParties, readPartyIds } from './parties';
import { optionalEnum, push, requiredDecimal, requiredEnum, requiredString } from './required';

const SIDES: ReadonlyArray<Side> = ['1', '2'];
const ORD_TYPES: ReadonlyArray<OrdType> = ['1', '2'];
const TIFS: ReadonlyArray<TimeInForce> = ['1', '3'];
const EXEC_TYPES: ReadonlyArray<ExecType> = ['0', '4', '5', '6', '8', 'A', 'C', 'E', 'F'];
const ORD_STATUSES: ReadonlyArray<OrdStatus> = ['0', '1', '2', '4', '5', '6', '8', '9', 'A', 'C', 'E'];
const LIQUIDITY: ReadonlyArray<LastLiquidityInd> = ['1', '2'];
const RESPONSE_TO: ReadonlyArray<CxlRejResponseTo> = ['1', '2'];

/** 35=D. Prices and quantities are decimal strings already rounded to the venue's tick and lot. */
export interface NewOrderSingle {
  /** UUID or at most 18 characters (TrueX answers "Invalid ClOrdID" otherwise). */
  clOrdId: string;
  /** Client ids (453 entries, role 3); required in practice. */
  partyIds: string[];
  symbol: string;
  side: Side;
  orderQty: string;
  ordType: OrdType;
  price?: string;
  timeInForce?: TimeInForce;
  /** '6' = Add Liquidity Only (post-only). */
  execInst?: string;
  selfMatchPreventionInstruction?: string;
  transactTime?: string;
}

/** Body in TrueX's known-good order: 11, 18, 2964, 55, 54, 38, 40, 44, 59, (60), 453, 448, 452. */
export function buildNewOrderSingle(msg: NewOrderSingle): FixBody {
  const out: FixField[] = [[Tag.ClOrdID, msg.clOrdId]];
  push(out, Tag.ExecInst, msg.execInst);
  push(out, Tag.SelfMatchPreventionInstruction, msg.selfMatchPreventionInstruction);
  out.push([Tag.Symbol, msg.symbol], [Tag.Side, msg.side], [Tag.OrderQty, msg.orderQty], [Tag.OrdType, msg.ordType]);
  push(out, Tag.Price, msg.price);
  push(out, Tag.TimeInForce, msg.timeInForce);
  push(out, Tag.TransactTime, msg.transactTime);
  pushParties(out, msg.partyIds);
  return out;
}

export function readNewOrderSingle(m: FixMessage): NewOrderSingle {
  return {
    clOrdId: requiredString(m, Tag.ClOrdID),
    partyIds: readPartyIds(m),
    symbol: requiredString(m, Tag.Symbol),
    side: requiredEnum(m, Tag.Side, SIDES),
    orderQty: requiredDecimal(m, Tag.OrderQty),
    ordType: requiredEnum(m, Tag.OrdType, ORD_TYPES),
    price: m.getDecimal(Tag.Price),
    timeInForce: optionalEnum(m, Tag.TimeInForce, TIFS),
    execInst: m.get(Tag.ExecInst),
    selfMatchPreventionInstruction: m.get(Tag.SelfMatchPreventionInstruction),
    transactTime: m.get(Tag.TransactTime),
  };
}

/** 35=F: exactly 11, 41 and Parties (no Symbol/Side: TrueX's layout has none). */
export interface OrderCancelRequest {
  clOrdId: string;
  origClOrdId: string;
  partyIds: string[];
}

export function buildOrderCancelRequest(msg: OrderCancelRequest): FixBody {
  const out: FixField[] = [
    [Tag.ClOrdID, msg.clOrdId],
    [Tag.OrigClOrdID, msg.origClOrdId],
  ];
  pushParties(out, msg.partyIds);
  return out;
}

export function readOrderCancelRequest(m: FixMessage): OrderCancelRequest {
  return {
    clOrdId: requiredString(m, Tag.ClOrdID),
    origClOrdId: requiredString(m, Tag.OrigClOrdID),
    partyIds: readPartyIds(m),
  };
}

/** 35=G: changes price and/or quantity of a resting order. */
export interface OrderCancelReplaceRequest {
  clOrdId: string;
  origClOrdId: string;
  partyIds: string[];
  ordType: OrdType;
  orderQty: string;
  price?: string;
}

/** Body order: 11, 41, 38, 40, 44, 453, 448, 452. */
export function buildOrderCancelReplaceRequest(msg: OrderCancelReplaceRequest): FixBody {
  const out: FixField[] = [
    [Tag.ClOrdID, msg.clOrdId],
    [Tag.OrigClOrdID, msg.origClOrdId],
    [Tag.OrderQty, msg.orderQty],
    [Tag.OrdType, msg.ordType],
  ];
  push(out, Tag.Price, msg.price);
  pushParties(out, msg.partyIds);
  return out;
}

export function readOrderCancelReplaceRequest(m: FixMessage): OrderCancelReplaceRequest {
  return {
    clOrdId: requiredString(m, Tag.ClOrdID),
    origClOrdId: requiredString(m, Tag.OrigClOrdID),
    partyIds: readPartyIds(m),
    ordType: requiredEnum(m, Tag.OrdType, ORD_TYPES),
    orderQty: requiredDecimal(m, Tag.OrderQty),
    price: m.getDecimal(Tag.Price),
  };
}

/** One MiscFeesGrp (136) entry: 137 amount, 139 type (4 exchange fees, 7 other). */
export interface MiscFee {
  amount: string;
  type: string;
}

/** 35=8. OrderID is `NONE` on validation rejects before acceptance. */
export interface ExecutionReport {
  orderId: string;
  clOrdId?: string;
  origClOrdId?: string;
  execId: string;
  execType: ExecType;
  ordStatus: OrdStatus;
  symbol: string;
  side: Side;
  ordType?: OrdType;
  orderQty?: string;
  price?: string;
  timeInForce?: TimeInForce;
  execInst?: string;
  lastQty?: string;
  lastPx?: string;
  leavesQty: string;
  cumQty: string;
  avgPx?: string;
  transactTime?: string;
  text?: string;
  lastLiquidityInd?: LastLiquidityInd;
  trdMatchId?: string;
  selfMatchPreventionInstruction?: string;
  fees: MiscFee[];
  partyIds: string[];
}

/** Order-independent, as TrueX's own 35=8 field order is not canonical. */
export function readExecutionReport(m: FixMessage): ExecutionReport {
  const fees: MiscFee[] = [];
  for (const entry of m.group(Tag.NoMiscFees)) {
    fees.push({ amount: requiredDecimal(entry, Tag.MiscFeeAmt), type: requiredString(entry, Tag.MiscFeeType) });
  }
  return {
    orderId: requiredString(m, Tag.OrderID),
    clOrdId: m.get(Tag.ClOrdID),
    origClOrdId: m.get(Tag.OrigClOrdID),
    execId: requiredString(m, Tag.ExecID),
    execType: requiredEnum(m, Tag.ExecType, EXEC_TYPES),
    ordStatus: requiredEnum(m, Tag.OrdStatus, ORD_STATUSES),
    symbol: requiredString(m, Tag.Symbol),
    side: requiredEnum(m, Tag.Side, SIDES),
    ordType: optionalEnum(m, Tag.OrdType, ORD_TYPES),
    orderQty: m.getDecimal(Tag.OrderQty),
    price: m.getDecimal(Tag.Price),
    timeInForce: optionalEnum(m, Tag.TimeInForce, TIFS),
    execInst: m.get(Tag.ExecInst),
    lastQty: m.getDecimal(Tag.LastQty),
    lastPx: m.getDecimal(Tag.LastPx),
    leavesQty: requiredDecimal(m, Tag.LeavesQty),
    cumQty: requiredDecimal(m, Tag.CumQty),
    avgPx: m.getDecimal(Tag.AvgPx),
    transactTime: m.get(Tag.TransactTime),
    text: m.get(Tag.Text),
    lastLiquidityInd: optionalEnum(m, Tag.LastLiquidityInd, LIQUIDITY),
    trdMatchId: m.get(Tag.TrdMatchID),
    selfMatchPreventionInstruction: m.get(Tag.SelfMatchPreventionInstruction),
    fees,
    partyIds: readPartyIds(m),
  };
}

/**
 * Builds a 35=8 body in TrueX's own order for accepted orders (11, 41, 17, 37, 38, 40, 44, 54, 59, 151, 14, 60,
 * 55, 453…, 150, 39, 58, …): what the venue simulator sends.
 */
export function buildExecutionReport(msg: ExecutionReport): FixBody {
  const out: FixField[] = [];
  push(out, Tag.ClOrdID, msg.clOrdId);
  push(out, Tag.OrigClOrdID, msg.origClOrdId);
  out.push([Tag.ExecID, msg.execId], [Tag.OrderID, msg.orderId]);
  push(out, Tag.OrderQty, msg.orderQty);
  push(out, Tag.OrdType, msg.ordType);
  push(out, Tag.Price, msg.price);
  out.push([Tag.Side, msg.side]);
  push(out, Tag.TimeInForce, msg.timeInForce);
  push(out, Tag.ExecInst, msg.execInst);
  push(out, Tag.LastQty, msg.lastQty);
  push(out, Tag.LastPx, msg.lastPx);
  out.push([Tag.LeavesQty, msg.leavesQty], [Tag.CumQty, msg.cumQty]);
  push(out, Tag.AvgPx, msg.avgPx);
  push(out, Tag.TransactTime, msg.transactTime);
  out.push([Tag.Symbol, msg.symbol]);
  pushParties(out, msg.partyIds);
  out.push([Tag.ExecType, msg.execType], [Tag.OrdStatus, msg.ordStatus]);
  push(out, Tag.Text, msg.text);
  push(out, Tag.LastLiquidityInd, msg.lastLiquidityInd);
  if (msg.fees.length > 0) {
    out.push([Tag.NoMiscFees, String(msg.fees.length)]);
    for (const fee of msg.fees) out.push([Tag.MiscFeeAmt, fee.amount], [Tag.MiscFeeType, fee.type]);
  }
  push(out, Tag.TrdMatchID, msg.trdMatchId);
  push(out, Tag.SelfMatchPreventionInstruction, msg.selfMatchPreventionInstruction);
  return out;
}

/** 35=9: a cancel (434=1) or replace (434=2) that could not be done; 102=1 unknown order. */
export interface OrderCancelReject {
  orderId: string;
  clOrdId: string;
  origClOrdId?: string;
  ordStatus?: OrdStatus;
  cxlRejResponseTo: CxlRejResponseTo;
  cxlRejReason?: string;
  text?: string;
}

export function buildOrderCancelReject(msg: OrderCancelReject): FixBody {
  const out: FixField[] = [
    [Tag.OrderID, msg.orderId],
    [Tag.ClOrdID, msg.clOrdId],
  ];
  push(out, Tag.OrigClOrdID, msg.origClOrdId);
  push(out, Tag.OrdStatus, msg.ordStatus);
  out.push([Tag.CxlRejResponseTo, msg.cxlRejResponseTo]);
  push(out, Tag.CxlRejReason, msg.cxlRejReason);
  push(out, Tag.Text, msg.text);
  return out;
}

export function readOrderCancelReject(m: FixMessage): OrderCancelReject {
  return {
    orderId: requiredString(m, Tag.OrderID),
    clOrdId: requiredString(m, Tag.ClOrdID),
    origClOrdId: m.get(Tag.OrigClOrdID),
    ordStatus: optionalEnum(m, Tag.OrdStatus, ORD_STATUSES),
    cxlRejResponseTo: requiredEnum(m, Tag.CxlRejResponseTo, RESPONSE_TO),
    cxlRejReason: m.get(Tag.CxlRejReason),
    text: m.get(Tag.Text),
  };
}
