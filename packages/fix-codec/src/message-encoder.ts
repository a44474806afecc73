import { FIXT_1_1, Tag } from './constants';
import { checkBodyTag, checkMsgSeqNum } from './encoder';
import { PartyRoleClientId } from './enums';
import { FixEncodeError } from './fix-encode-error';
import type { FixBody } from './fix-field';
import {
  beginSegment,
  checkTimestamp,
  encodedSegment,
  FrameCursor,
  MILLIS_PER_DAY,
  type EncodedSegment,
} from './frame-cursor';
import type { NewOrderSingle, OrderCancelReplaceRequest, OrderCancelRequest } from './messages/order-entry';

/** The session's fixed header values, encoded once by FixMessageEncoder. */
export interface FixSessionIds {
  senderCompId: string;
  targetCompId: string;
  /** Default FIXT.1.1. */
  beginString?: string;
}

/** The per-message header values. A hot path can keep one object and update it before each message. */
export interface OutboundHeader {
  msgSeqNum: number;
  /** Epoch milliseconds, written as YYYYMMDD-HH:MM:SS.sss without building a string; or already formatted. */
  sendingTime: number | string;
  possDupFlag?: boolean;
  possResend?: boolean;
}

const PARTY_ROLE_CLIENT = encodedSegment(`${Tag.PartyRole}=${PartyRoleClientId}\u0001`);

function checkHeaderValue(tag: number, value: string): void {
  if (value.length === 0 || value.includes('\u0001')) {
    throw new FixEncodeError('BAD_HEADER', `header tag ${tag} must be non-empty and free of SOH`, tag);
  }
}

/**
 * Encodes a session's outbound messages straight into a caller's Buffer: `…Into(target, offset, header, msg)`
 * writes the whole frame at `target[offset]` and returns its length, allocating nothing (the caller copies or
 * writes out the bytes it needs). BeginString, 35, 49 and 56 are pre-encoded per message type; SendingTime may be
 * given as epoch milliseconds. The bytes are identical to `encodeFix(msgType, header, build<Name>(msg))`, and the
 * same FixEncodeError cases apply, plus 'TARGET_TOO_SMALL' (the target may then hold a partial frame).
 */
export class FixMessageEncoder {
  private readonly cursor = new FrameCursor();
  private readonly begin: EncodedSegment;
  private readonly heads = new Map<string, EncodedSegment>();
  private readonly newOrderSingleHead: EncodedSegment;
  private readonly orderCancelRequestHead: EncodedSegment;
  private readonly orderCancelReplaceRequestHead: EncodedSegment;

  constructor(private readonly ids: FixSessionIds) {
    checkHeaderValue(Tag.SenderCompID, ids.senderCompId);
    checkHeaderValue(Tag.TargetCompID, ids.targetCompId);
    this.begin = beginSegment(ids.beginString ?? FIXT_1_1);
    this.newOrderSingleHead = this.head('D');
    this.orderCancelRequestHead = this.head('F');
    this.orderCancelReplaceRequestHead = this.head('G');
  }

  /** Any message: `8, 9, 35, 49, 56, 34, 52, [43], [97], body…, 10`. Header tags in the body are refused. */
  encodeInto(target: Buffer, offset: number, msgType: string, header: OutboundHeader, body: FixBody): number {
    this.open(target, offset, this.head(msgType), header);
    const c = this.cursor;
    for (let i = 0; i < body.length; i++) {
      const field = body[i];
      checkBodyTag(field[0]);
      c.text(field[0], field[1]);
    }
    return c.close();
  }

  /** 35=D in TrueX's known-good order: 11, 18, 2964, 55, 54, 38, 40, 44, 59, (60), 453, 448, 452. */
  newOrderSingleInto(target: Buffer, offset: number, header: OutboundHeader, order: NewOrderSingle): number {
    this.open(target, offset, this.newOrderSingleHead, header);
    const c = this.cursor;
    c.text(Tag.ClOrdID, order.clOrdId);
    if (order.execInst !== undefined) c.text(Tag.ExecInst, order.execInst);
    if (order.selfMatchPreventionInstruction !== undefined) {
      c.text(Tag.SelfMatchPreventionInstruction, order.selfMatchPreventionInstruction);
    }
    c.text(Tag.Symbol, order.symbol);
    c.text(Tag.Side, order.side);
    c.text(Tag.OrderQty, order.orderQty);
    c.text(Tag.OrdType, order.ordType);
    if (order.price !== undefined) c.text(Tag.Price, order.price);
    if (order.timeInForce !== undefined) c.text(Tag.TimeInForce, order.timeInForce);
    if (order.transactTime !== undefined) c.text(Tag.TransactTime, order.transactTime);
    this.parties(order.partyIds);
    return c.close();
  }

  /** 35=F: 11, 41, Parties. */
  orderCancelRequestInto(target: Buffer, offset: number, header: OutboundHeader, cancel: OrderCancelRequest): number {
    this.open(target, offset, this.orderCancelRequestHead, header);
    const c = this.cursor;
    c.text(Tag.ClOrdID, cancel.clOrdId);
    c.text(Tag.OrigClOrdID, cancel.origClOrdId);
    this.parties(cancel.partyIds);
    return c.close();
  }

  /** 35=G: 11, 41, 38, 40, 44, Parties. */
  orderCancelReplaceRequestInto(
    target: Buffer,
    offset: number,
    header: OutboundHeader,
    replace: OrderCancelReplaceRequest,
  ): number {
    this.open(target, offset, this.orderCancelReplaceRequestHead, header);
    const c = this.cursor;
    c.text(Tag.ClOrdID, replace.clOrdId);
    c.text(Tag.OrigClOrdID, replace.origClOrdId);
    c.text(Tag.OrderQty, replace.orderQty);
    c.text(Tag.OrdType, replace.ordType);
    if (replace.price !== undefined) c.text(Tag.Price, replace.price);
    this.parties(replace.partyIds);
    return c.close();
  }

  /** "35=<type><SOH>49=<sender><SOH>56=<target><SOH>", cached per message type. */
  private head(msgType: string): EncodedSegment {
    let head = this.heads.get(msgType);
    if (head === undefined) {
      if (msgType.length === 0) throw new FixEncodeError('EMPTY_VALUE', 'tag 35 has an empty value', Tag.MsgType);
      if (msgType.includes('\u0001')) throw new FixEncodeError('SOH_IN_VALUE', 'tag 35 contains SOH', Tag.MsgType);
      head = encodedSegment(
        `${Tag.MsgType}=${msgType}\u0001${Tag.SenderCompID}=${this.ids.senderCompId}\u0001` +
          `${Tag.TargetCompID}=${this.ids.targetCompId}\u0001`,
      );
      if (this.heads.size < 64) this.heads.set(msgType, head);
    }
    return head;
  }

  private open(target: Buffer, offset: number, head: EncodedSegment, header: OutboundHeader): void {
    checkMsgSeqNum(header.msgSeqNum);
    const c = this.cursor;
    c.open(target, offset, this.begin);
    c.segment(head);
    c.int(Tag.MsgSeqNum, header.msgSeqNum);
    const sendingTime = header.sendingTime;
    if (typeof sendingTime === 'number') {
      checkTimestamp(Tag.SendingTime, sendingTime);
      // Split here, where the epoch stays an unboxed double, into two small integers for the cursor.
      const ms = Math.floor(sendingTime);
      const day = Math.floor(ms / MILLIS_PER_DAY);
      c.timestamp(Tag.SendingTime, day, ms - day * MILLIS_PER_DAY);
    } else {
      c.text(Tag.SendingTime, sendingTime);
    }
    if (header.possDupFlag !== undefined) c.text(Tag.PossDupFlag, header.possDupFlag ? 'Y' : 'N');
    if (header.possResend !== undefined) c.text(Tag.PossResend, header.possResend ? 'Y' : 'N');
  }

  /** Parties in the only order TrueX accepts: 453 first, then 448, 452 per entry. */
  private parties(partyIds: ReadonlyArray<string>): void {
    if (partyIds.length === 0) return;
    const c = this.cursor;
    c.int(Tag.NoPartyIDs, partyIds.length);
    for (let i = 0; i < partyIds.length; i++) {
      c.text(Tag.PartyID, partyIds[i]);
      c.segment(PARTY_ROLE_CLIENT);
    }
  }
}
