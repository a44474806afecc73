import { Tag } from '../constants';
import type { CxlRejResponseTo, ExecType, LastLiquidityInd, OrdStatus, OrdType, Side, TimeInForce } from '../enums';
import type { FixBody, FixField } from '../fix-field';
import type { FixMessage } from '../fix-message';
import { AnomalyLog, type FieldAnomaly } from './field-anomaly';
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

/** One MiscFeesGrp (136) entry: 137 amount, 139 type (4 exchange fees, 7 other; absent on some wires). */
export interface MiscFee {
  amount: string;
  /** 139 as on the wire; undefined when the venue left it out (the entry is kept: the amount still counts). */
  type?: string;
}

/**
 * 35=8. OrderID is `NONE` on validation rejects before acceptance. Optional enums (40, 59, 851) outside TrueX's
 * dictionary are left undefined and listed in `anomalies` with their raw value; an OrdStatus (39) outside it is kept
 * as it came. Nothing optional makes the report fail: TrueX's dictionary lags its wire.
 */
export interface ExecutionReport {
  orderId: string;
  clOrdId?: string;
  origClOrdId?: string;
  execId: string;
  execType: ExecType;
  /** A known OrdStatus, or the raw value when TrueX sent one outside its dictionary (also listed in `anomalies`). */
  ordStatus: OrdStatus | (string & {});
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
  /** Fields the reader could not type and left out or kept raw; present only when there is at least one. Log them. */
  anomalies?: FieldAnomaly[];
}

/**
 * Order-independent, as TrueX's own 35=8 field order is not canonical. Lossless and lenient: throws
 * `FixDecodeError` (naming the tag) only for what a report cannot be applied without: ExecID 17, OrderID 37,
 * ExecType 150, Side 54, OrdStatus 39 (present), Symbol 55, LeavesQty 151 / CumQty 14 (the order's state), and
 * LastQty 32 / LastPx 31 on a trade (150=F). Everything else that does not fit the dictionary ends in `anomalies`.
 */
export function readExecutionReport(m: FixMessage): ExecutionReport {
  const log = new AnomalyLog();
  const execType = requiredEnum(m, Tag.ExecType, EXEC_TYPES);
  const fees: MiscFee[] = [];
  m.group(Tag.NoMiscFees).forEach((entry, i) => {
    const amount = log.optionalDecimal(entry, Tag.MiscFeeAmt, i);
    if (amount === undefined) {
      if (!entry.has(Tag.MiscFeeAmt)) log.missing(Tag.MiscFeeAmt, i);
      return;
    }
    const type = entry.get(Tag.MiscFeeType);
    if (type === undefined) log.missing(Tag.MiscFeeType, i);
    fees.push(type === undefined ? { amount } : { amount, type });
  });
  const isTrade = execType === 'F';
  const report: ExecutionReport = {
    orderId: requiredString(m, Tag.OrderID),
    clOrdId: m.get(Tag.ClOrdID),
    origClOrdId: m.get(Tag.OrigClOrdID),
    execId: requiredString(m, Tag.ExecID),
    execType,
    ordStatus: log.openEnum(requiredString(m, Tag.OrdStatus), Tag.OrdStatus, ORD_STATUSES),
    symbol: requiredString(m, Tag.Symbol),
    side: requiredEnum(m, Tag.Side, SIDES),
    ordType: log.optionalEnum(m, Tag.OrdType, ORD_TYPES),
    orderQty: log.optionalDecimal(m, Tag.OrderQty),
    price: log.optionalDecimal(m, Tag.Price),
    timeInForce: log.optionalEnum(m, Tag.TimeInForce, TIFS),
    execInst: m.get(Tag.ExecInst),
    lastQty: isTrade ? requiredDecimal(m, Tag.LastQty) : log.optionalDecimal(m, Tag.LastQty),
    lastPx: isTrade ? requiredDecimal(m, Tag.LastPx) : log.optionalDecimal(m, Tag.LastPx),
    leavesQty: requiredDecimal(m, Tag.LeavesQty),
    cumQty: requiredDecimal(m, Tag.CumQty),
    avgPx: log.optionalDecimal(m, Tag.AvgPx),
    transactTime: m.get(Tag.TransactTime),
    text: m.get(Tag.Text),
    lastLiquidityInd: log.optionalEnum(m, Tag.LastLiquidityInd, LIQUIDITY),
    trdMatchId: m.get(Tag.TrdMatchID),
    selfMatchPreventionInstruction: m.get(Tag.SelfMatchPreventionInstruction),
    fees,
    partyIds: readPartyIds(m),
  };
  if (log.list.length > 0) report.anomalies = log.list;
  return report;
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
    for (const fee of msg.fees) {
      out.push([Tag.MiscFeeAmt, fee.amount]);
      push(out, Tag.MiscFeeType, fee.type);
    }
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
