import {
  type ExecType,
  type ExecutionReport,
  type FixGroupEntry,
  type FixMessage,
  type LastLiquidityInd,
  type OrdStatus,
  type OrdType,
  type Side,
  type TimeInForce,
  Tag,
  readExecutionReport,
} from '@truex-mm/fix-codec';
import { toUnits } from './quantity-units';
import type { FillFee, OrderSide } from './tracked-order';

/** A tag whose value is not one the adapter knows, kept raw. */
export interface UnknownEnumValue {
  tag: number;
  value: string;
}

/** An execution report as the adapter uses it: what a fill needs, parsed once, and the report as received. */
export interface InboundReport {
  /**
   * The report for 'execution' listeners and persistence. Enum fields may hold values outside fix-codec's unions
   * (kept raw, as fix-codec's lenient reader does); missing CumQty/LeavesQty are filled in by the adapter.
   */
  er: ExecutionReport;
  execType: string;
  ordStatus: string | undefined;
  side: OrderSide | undefined;
  cumQty: bigint | undefined;
  /** LeavesQty (151) when it is a valid decimal. */
  leavesQty: string | undefined;
  lastQty: bigint | undefined;
  /** LastPx (31) when it is a positive decimal. */
  lastPx: string | undefined;
  orderQty: bigint | undefined;
  avgPx: string | undefined;
  /** Every MiscFeesGrp (136) entry with a readable amount: 137 amount, 138 currency, 139 type. */
  fees: FillFee[];
  /** Fee entries whose 137 is not a decimal (the fill is booked without them and the adapter logs it). */
  unreadableFees: number;
  unknownValues: UnknownEnumValue[];
}

const EXEC_TYPES: ReadonlySet<string> = new Set(['0', '4', '5', '6', '8', 'A', 'C', 'E', 'F']);
const ORD_STATUSES: ReadonlySet<string> = new Set(['0', '1', '2', '4', '5', '6', '8', '9', 'A', 'C', 'E']);
const ENUMS: ReadonlyArray<readonly [number, ReadonlySet<string>]> = [
  [Tag.ExecType, EXEC_TYPES],
  [Tag.OrdStatus, ORD_STATUSES],
  [Tag.Side, new Set(['1', '2'])],
  [Tag.OrdType, new Set(['1', '2'])],
  [Tag.TimeInForce, new Set(['1', '3'])],
  [Tag.LastLiquidityInd, new Set(['1', '2'])],
];
const SIGNED_DECIMAL = /^-?\d+(\.\d+)?$/;
const POSITIVE_DIGIT = /[1-9]/;
const MISC_FEE_CURR = 138;

export function isKnownExecType(execType: string): boolean {
  return EXEC_TYPES.has(execType);
}

/**
 * Reads a 35=8 losslessly: fix-codec's reader first; if it refuses the report (an enum value it does not know, a
 * malformed optional field), the fields are read raw instead, so a fill is never dropped for a field it does not
 * need. Only a report without ExecID (17) or ExecType (150) is unusable. Works the same whether fix-codec's reader
 * throws on unknown enum values (today) or keeps them raw (its lenient version).
 */
export function readInboundReport(msg: FixMessage): InboundReport | { error: string } {
  const execId = msg.get(Tag.ExecID);
  const execType = msg.get(Tag.ExecType);
  if (execId === undefined || execId === '' || execType === undefined || execType === '') {
    return { error: 'ExecID (17) or ExecType (150) missing' };
  }
  let er: ExecutionReport;
  try {
    er = readExecutionReport(msg);
  } catch {
    er = readRaw(msg, execId, execType);
  }
  const unknownValues: UnknownEnumValue[] = [];
  for (const [tag, known] of ENUMS) {
    const value = msg.get(tag);
    if (value !== undefined && !known.has(value)) unknownValues.push({ tag, value });
  }
  const { fees, unreadable } = readFees(msg.group(Tag.NoMiscFees));
  const side = msg.get(Tag.Side);
  const lastPx = decimal(msg, Tag.LastPx);
  return {
    er,
    execType,
    ordStatus: msg.get(Tag.OrdStatus),
    side: side === '1' ? 'buy' : side === '2' ? 'sell' : undefined,
    cumQty: toUnits(decimal(msg, Tag.CumQty)),
    leavesQty: toUnits(decimal(msg, Tag.LeavesQty)) === undefined ? undefined : decimal(msg, Tag.LeavesQty),
    lastQty: toUnits(decimal(msg, Tag.LastQty)),
    lastPx: lastPx !== undefined && !lastPx.startsWith('-') && POSITIVE_DIGIT.test(lastPx) ? lastPx : undefined,
    orderQty: toUnits(decimal(msg, Tag.OrderQty)),
    avgPx: decimal(msg, Tag.AvgPx),
    fees,
    unreadableFees: unreadable,
    unknownValues,
  };
}

/** The report field by field, raw values kept, nothing required beyond what the caller checked. */
function readRaw(msg: FixMessage, execId: string, execType: string): ExecutionReport {
  const { fees } = readFees(msg.group(Tag.NoMiscFees));
  const partyIds: string[] = [];
  for (const party of msg.group(Tag.NoPartyIDs)) {
    const id = party.get(Tag.PartyID);
    if (id !== undefined) partyIds.push(id);
  }
  return {
    orderId: msg.get(Tag.OrderID) ?? 'NONE',
    clOrdId: msg.get(Tag.ClOrdID),
    origClOrdId: msg.get(Tag.OrigClOrdID),
    execId,
    // Raw values outside the codec's unions are kept on purpose (see InboundReport.er).
    execType: execType as ExecType,
    ordStatus: (msg.get(Tag.OrdStatus) ?? '') as OrdStatus,
    symbol: msg.get(Tag.Symbol) ?? '',
    side: (msg.get(Tag.Side) ?? '') as Side,
    ordType: msg.get(Tag.OrdType) as OrdType | undefined,
    orderQty: decimal(msg, Tag.OrderQty),
    price: decimal(msg, Tag.Price),
    timeInForce: msg.get(Tag.TimeInForce) as TimeInForce | undefined,
    execInst: msg.get(Tag.ExecInst),
    lastQty: decimal(msg, Tag.LastQty),
    lastPx: decimal(msg, Tag.LastPx),
    leavesQty: decimal(msg, Tag.LeavesQty) ?? '',
    cumQty: decimal(msg, Tag.CumQty) ?? '',
    avgPx: decimal(msg, Tag.AvgPx),
    transactTime: msg.get(Tag.TransactTime),
    text: msg.get(Tag.Text),
    lastLiquidityInd: msg.get(Tag.LastLiquidityInd) as LastLiquidityInd | undefined,
    trdMatchId: msg.get(Tag.TrdMatchID),
    selfMatchPreventionInstruction: msg.get(Tag.SelfMatchPreventionInstruction),
    fees: fees.map((f) => ({ amount: f.amount, type: f.type ?? '' })),
    partyIds,
  };
}

function readFees(entries: ReadonlyArray<FixGroupEntry>): { fees: FillFee[]; unreadable: number } {
  const fees: FillFee[] = [];
  let unreadable = 0;
  for (const entry of entries) {
    const amount = entry.get(Tag.MiscFeeAmt);
    if (amount === undefined || !SIGNED_DECIMAL.test(amount)) {
      unreadable++;
      continue;
    }
    const fee: FillFee = { amount };
    const currency = entry.get(MISC_FEE_CURR);
    const type = entry.get(Tag.MiscFeeType);
    if (currency !== undefined && currency !== '') fee.currency = currency;
    if (type !== undefined && type !== '') fee.type = type;
    fees.push(fee);
  }
  return { fees, unreadable };
}

/** A decimal field, or undefined when absent or malformed (never throws). */
function decimal(msg: FixMessage, tag: number): string | undefined {
  try {
    return msg.getDecimal(tag);
  } catch {
    return undefined;
  }
}
