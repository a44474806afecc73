import { Tag } from '../constants';
import type { MDEntryType, MDUpdateAction, SubscriptionRequestType } from '../enums';
import type { FixBody, FixField } from '../fix-field';
import type { FixFieldReader, FixMessage } from '../fix-message';
import { optionalEnum, push, pushBoolean, requiredEnum, requiredInt, requiredString } from './required';

const SUBSCRIPTION_TYPES: ReadonlyArray<SubscriptionRequestType> = ['0', '1', '2'];
const ENTRY_TYPES: ReadonlyArray<MDEntryType> = ['0', '1', '2'];
const UPDATE_ACTIONS: ReadonlyArray<MDUpdateAction> = ['0', '1', '2'];

/** 35=V. Symbols go in the 146 group; 264/265/267 are not in TrueX's dictionary but are tolerated. */
export interface MarketDataRequest {
  mdReqId: string;
  subscriptionRequestType: SubscriptionRequestType;
  marketDepth?: number;
  mdUpdateType?: number;
  /** 267 group of 269 values, e.g. ['0', '1'] for bids and offers. */
  mdEntryTypes?: MDEntryType[];
  symbols: string[];
}

/** Body order: 262, 263, 264, 265, 267, 269…, 146, 55… (groups count-first, as TrueX requires). */
export function buildMarketDataRequest(msg: MarketDataRequest): FixBody {
  const out: FixField[] = [
    [Tag.MDReqID, msg.mdReqId],
    [Tag.SubscriptionRequestType, msg.subscriptionRequestType],
  ];
  push(out, Tag.MarketDepth, msg.marketDepth);
  push(out, Tag.MDUpdateType, msg.mdUpdateType);
  if (msg.mdEntryTypes !== undefined && msg.mdEntryTypes.length > 0) {
    out.push([Tag.NoMDEntryTypes, String(msg.mdEntryTypes.length)]);
    for (const t of msg.mdEntryTypes) out.push([Tag.MDEntryType, t]);
  }
  if (msg.symbols.length > 0) {
    out.push([Tag.NoRelatedSym, String(msg.symbols.length)]);
    for (const s of msg.symbols) out.push([Tag.Symbol, s]);
  }
  return out;
}

export function readMarketDataRequest(m: FixMessage): MarketDataRequest {
  return {
    mdReqId: requiredString(m, Tag.MDReqID),
    subscriptionRequestType: requiredEnum(m, Tag.SubscriptionRequestType, SUBSCRIPTION_TYPES),
    marketDepth: m.getInt(Tag.MarketDepth),
    mdUpdateType: m.getInt(Tag.MDUpdateType),
    mdEntryTypes: m.group(Tag.NoMDEntryTypes).map((e) => requiredEnum(e, Tag.MDEntryType, ENTRY_TYPES)),
    symbols: m.group(Tag.NoRelatedSym).map((e) => requiredString(e, Tag.Symbol)),
  };
}

/**
 * One book entry of 35=W. TrueX sends an empty side as a level-1 entry with price 0 and size 0 (epoch time):
 * treat `mdEntryPx === '0' && mdEntrySize === '0'` as "no level".
 */
export interface MDEntry {
  mdEntryType: MDEntryType;
  mdEntryId?: string;
  mdEntryPx?: string;
  mdEntrySize?: string;
  mdPriceLevel?: number;
  /** As on the wire (TrueX: `YYYYMMDD-HH:MM:SS.nnnnnnnnn`); parse with parseUtcTimestamp. */
  mdEntryTime?: string;
  aggressorSide?: string;
}

/** 35=W. */
export interface MarketDataSnapshotFullRefresh {
  mdReqId?: string;
  symbol: string;
  securityType?: string;
  entries: MDEntry[];
}

function pushEntryTail(out: FixField[], e: MDEntry): void {
  push(out, Tag.MDEntryID, e.mdEntryId);
  push(out, Tag.MDEntryPx, e.mdEntryPx);
  push(out, Tag.MDEntrySize, e.mdEntrySize);
  push(out, Tag.MDPriceLevel, e.mdPriceLevel);
  push(out, Tag.MDEntryTime, e.mdEntryTime);
  push(out, Tag.AggressorSide, e.aggressorSide);
}

/** Entry order as TrueX sends it: 269, (278), 270, 271, 1023, 273, (2446). */
export function buildMarketDataSnapshotFullRefresh(msg: MarketDataSnapshotFullRefresh): FixBody {
  const out: FixField[] = [];
  push(out, Tag.MDReqID, msg.mdReqId);
  out.push([Tag.Symbol, msg.symbol]);
  push(out, Tag.SecurityType, msg.securityType);
  out.push([Tag.NoMDEntries, String(msg.entries.length)]);
  for (const e of msg.entries) {
    out.push([Tag.MDEntryType, e.mdEntryType]);
    pushEntryTail(out, e);
  }
  return out;
}

function readEntry(e: FixFieldReader): Omit<MDEntry, 'mdEntryType'> {
  return {
    mdEntryId: e.get(Tag.MDEntryID),
    mdEntryPx: e.getDecimal(Tag.MDEntryPx),
    mdEntrySize: e.getDecimal(Tag.MDEntrySize),
    mdPriceLevel: e.getInt(Tag.MDPriceLevel),
    mdEntryTime: e.get(Tag.MDEntryTime),
    aggressorSide: e.get(Tag.AggressorSide),
  };
}

export function readMarketDataSnapshotFullRefresh(m: FixMessage): MarketDataSnapshotFullRefresh {
  return {
    mdReqId: m.get(Tag.MDReqID),
    symbol: requiredString(m, Tag.Symbol),
    securityType: m.get(Tag.SecurityType),
    entries: m.group(Tag.NoMDEntries).map((e) => ({
      mdEntryType: requiredEnum(e, Tag.MDEntryType, ENTRY_TYPES),
      ...readEntry(e),
    })),
  };
}

/** One 35=X entry; MDUpdateAction (279) comes first. */
export interface MDIncEntry extends Omit<MDEntry, 'mdEntryType'> {
  mdUpdateAction: MDUpdateAction;
  mdEntryType?: MDEntryType;
  symbol?: string;
  securityType?: string;
}

/** 35=X. */
export interface MarketDataIncrementalRefresh {
  mdReqId?: string;
  entries: MDIncEntry[];
}

/** Entry order: 279, 269, 278, 55, 167, 270, 271, 1023, 273, 2446 (dictionary's MDIncGrp order). */
export function buildMarketDataIncrementalRefresh(msg: MarketDataIncrementalRefresh): FixBody {
  const out: FixField[] = [];
  push(out, Tag.MDReqID, msg.mdReqId);
  out.push([Tag.NoMDEntries, String(msg.entries.length)]);
  for (const e of msg.entries) {
    out.push([Tag.MDUpdateAction, e.mdUpdateAction]);
    push(out, Tag.MDEntryType, e.mdEntryType);
    push(out, Tag.MDEntryID, e.mdEntryId);
    push(out, Tag.Symbol, e.symbol);
    push(out, Tag.SecurityType, e.securityType);
    push(out, Tag.MDEntryPx, e.mdEntryPx);
    push(out, Tag.MDEntrySize, e.mdEntrySize);
    push(out, Tag.MDPriceLevel, e.mdPriceLevel);
    push(out, Tag.MDEntryTime, e.mdEntryTime);
    push(out, Tag.AggressorSide, e.aggressorSide);
  }
  return out;
}

export function readMarketDataIncrementalRefresh(m: FixMessage): MarketDataIncrementalRefresh {
  return {
    mdReqId: m.get(Tag.MDReqID),
    entries: m.group(Tag.NoMDEntries).map((e) => ({
      mdUpdateAction: requiredEnum(e, Tag.MDUpdateAction, UPDATE_ACTIONS),
      mdEntryType: optionalEnum(e, Tag.MDEntryType, ENTRY_TYPES),
      symbol: e.get(Tag.Symbol),
      securityType: e.get(Tag.SecurityType),
      ...readEntry(e),
    })),
  };
}

/** 35=Y (no 281 reason code at TrueX, only Text). */
export interface MarketDataRequestReject {
  mdReqId: string;
  text?: string;
}

export function buildMarketDataRequestReject(msg: MarketDataRequestReject): FixBody {
  const out: FixField[] = [[Tag.MDReqID, msg.mdReqId]];
  push(out, Tag.Text, msg.text);
  return out;
}

export function readMarketDataRequestReject(m: FixMessage): MarketDataRequestReject {
  return { mdReqId: requiredString(m, Tag.MDReqID), text: m.get(Tag.Text) };
}

/** 35=x; securityListRequestType 0 = by symbol, 4 = all. */
export interface SecurityListRequest {
  securityReqId: string;
  securityListRequestType: number;
  symbol?: string;
  securityType?: string;
  subscriptionRequestType?: SubscriptionRequestType;
}

export function buildSecurityListRequest(msg: SecurityListRequest): FixBody {
  const out: FixField[] = [
    [Tag.SecurityReqID, msg.securityReqId],
    [Tag.SecurityListRequestType, String(msg.securityListRequestType)],
  ];
  push(out, Tag.Symbol, msg.symbol);
  push(out, Tag.SecurityType, msg.securityType);
  push(out, Tag.SubscriptionRequestType, msg.subscriptionRequestType);
  return out;
}

export function readSecurityListRequest(m: FixMessage): SecurityListRequest {
  return {
    securityReqId: requiredString(m, Tag.SecurityReqID),
    securityListRequestType: requiredInt(m, Tag.SecurityListRequestType),
    symbol: m.get(Tag.Symbol),
    securityType: m.get(Tag.SecurityType),
    subscriptionRequestType: optionalEnum(m, Tag.SubscriptionRequestType, SUBSCRIPTION_TYPES),
  };
}

/** One instrument of 35=y: 55, 167, 870 → (871, 872), 15. */
export interface SecurityListInstrument {
  symbol: string;
  securityType?: string;
  attributes: { type: string; value: string }[];
  currency?: string;
}

/** 35=y. */
export interface SecurityList {
  securityReqId?: string;
  securityResponseId?: string;
  securityRequestResult?: number;
  totNoRelatedSym?: number;
  lastFragment?: boolean;
  instruments: SecurityListInstrument[];
}

export function buildSecurityList(msg: SecurityList): FixBody {
  const out: FixField[] = [];
  push(out, Tag.SecurityReqID, msg.securityReqId);
  push(out, Tag.SecurityResponseID, msg.securityResponseId);
  push(out, Tag.SecurityRequestResult, msg.securityRequestResult);
  push(out, Tag.TotNoRelatedSym, msg.totNoRelatedSym);
  pushBoolean(out, Tag.LastFragment, msg.lastFragment);
  if (msg.instruments.length > 0) {
    out.push([Tag.NoRelatedSym, String(msg.instruments.length)]);
    for (const i of msg.instruments) {
      out.push([Tag.Symbol, i.symbol]);
      push(out, Tag.SecurityType, i.securityType);
      if (i.attributes.length > 0) {
        out.push([Tag.NoInstrAttrib, String(i.attributes.length)]);
        for (const a of i.attributes) out.push([Tag.InstrAttribType, a.type], [Tag.InstrAttribValue, a.value]);
      }
      push(out, Tag.Currency, i.currency);
    }
  }
  return out;
}

export function readSecurityList(m: FixMessage): SecurityList {
  return {
    securityReqId: m.get(Tag.SecurityReqID),
    securityResponseId: m.get(Tag.SecurityResponseID),
    securityRequestResult: m.getInt(Tag.SecurityRequestResult),
    totNoRelatedSym: m.getInt(Tag.TotNoRelatedSym),
    lastFragment: m.getBoolean(Tag.LastFragment),
    instruments: m.group(Tag.NoRelatedSym).map((e) => ({
      symbol: requiredString(e, Tag.Symbol),
      securityType: e.get(Tag.SecurityType),
      attributes: e.group(Tag.NoInstrAttrib).map((a) => ({
        type: requiredString(a, Tag.InstrAttribType),
        value: requiredString(a, Tag.InstrAttribValue),
      })),
      currency: e.get(Tag.Currency),
    })),
  };
}
