import type { FixBody, NewOrderSingle, OrderCancelReplaceRequest, OrderCancelRequest } from '@truex-mm/fix-codec';

/**
 * Where order messages go: in production a FixClient (fix-session), in tests a recorder. Returns the MsgSeqNum the
 * message was sent with, or undefined when it was not sent (session not active).
 *
 * The typed methods are optional: a sender that encodes at once (e.g. with fix-codec's FixMessageEncoder
 * `newOrderSingleInto` / `orderCancelRequestInto` / `orderCancelReplaceRequestInto`) implements them, and the order
 * adapter then hands it one message object it refills for every order instead of building a FixBody per message.
 * Their contract: the same MsgSeqNum semantics as {@link send}, the bytes on the wire identical to
 * `send(msgType, build…(message))`, and the message object is read during the call only (the adapter overwrites it
 * for the next order, so a sender must neither keep nor change it).
 */
export interface FixSender {
  send(msgType: string, body: FixBody): number | undefined;
  /** 35=D from a message object read during the call only. */
  sendNewOrderSingle?(order: Readonly<NewOrderSingle>): number | undefined;
  /** 35=F from a message object read during the call only. */
  sendOrderCancelRequest?(cancel: Readonly<OrderCancelRequest>): number | undefined;
  /** 35=G from a message object read during the call only. */
  sendOrderCancelReplaceRequest?(replace: Readonly<OrderCancelReplaceRequest>): number | undefined;
}
