import {
  type BusinessMessageReject,
  type ExecutionReport,
  type FixBody,
  type FixMessage,
  type OrderCancelReject,
  buildBusinessMessageReject,
  buildExecutionReport,
  buildOrderCancelReject,
  decodeFix,
  encodeFix,
} from '@truex-mm/fix-codec';
import type { FixSender } from './fix-sender';

let inboundSeq = 1;

/** Encodes a body as the venue would and decodes it back: the adapter sees exactly what it sees in production. */
export function inbound(msgType: string, body: FixBody): FixMessage {
  const frame = encodeFix(
    msgType,
    {
      senderCompId: 'TRUEX_UAT_OE',
      targetCompId: 'MM_TEST',
      msgSeqNum: inboundSeq++,
      sendingTime: '20260101-00:00:00.000',
    },
    body,
  );
  return decodeFix(frame);
}

let execIdSeq = 1000;

export function executionReport(
  fields: Partial<ExecutionReport> & Pick<ExecutionReport, 'execType' | 'ordStatus'>,
): FixMessage {
  const er: ExecutionReport = {
    orderId: '1922892243',
    execId: String(execIdSeq++),
    symbol: 'BTC-PYUSD',
    side: '1',
    ordType: '2',
    orderQty: '0.01',
    price: '100000',
    timeInForce: '1',
    leavesQty: '0.01',
    cumQty: '0',
    fees: [],
    partyIds: ['12345678901234567'],
    ...fields,
  };
  return inbound('8', buildExecutionReport(er));
}

export function cancelReject(reject: OrderCancelReject): FixMessage {
  return inbound('9', buildOrderCancelReject(reject));
}

export function businessReject(reject: BusinessMessageReject): FixMessage {
  return inbound('j', buildBusinessMessageReject(reject));
}

export interface SentMessage {
  msgType: string;
  body: FixBody;
  seq: number;
}

/** A FixSender that records what it is given; `up = false` simulates a session that is not active. */
export class RecordingSender implements FixSender {
  readonly sent: SentMessage[] = [];
  up = true;
  private seq = 1;

  send(msgType: string, body: FixBody): number | undefined {
    if (!this.up) return undefined;
    const seq = this.seq++;
    this.sent.push({ msgType, body, seq });
    return seq;
  }

  last(): SentMessage {
    const message = this.sent[this.sent.length - 1];
    if (!message) throw new Error('nothing sent');
    return message;
  }

  /** Value of a tag in the last sent body. */
  field(tag: number, message: SentMessage = this.last()): string | undefined {
    return message.body.find(([t]) => t === tag)?.[1];
  }
}
